"""pydantic v2 models for every DRS v3 request and response body.

Importing this package registers every `ApiSpec` (see `drstui.api.spec`).
"""

from ._base import *  # noqa: F403
from .common import *  # noqa: F403
from .enums import *  # noqa: F403
from .jobs import *  # noqa: F403  4.1.1–4.1.8, 4.1.11–4.1.16
from .params import *  # noqa: F403  4.1.9–4.1.10
from .query import *  # noqa: F403  4.1.19–4.1.23
from .compare_tasks import *  # noqa: F403  4.1.17–4.1.18
from .compare import *  # noqa: F403  4.1.24–4.1.37
from .users import *  # noqa: F403  4.2
from .policies import *  # noqa: F403  4.3
from .dr import *  # noqa: F403  4.4
