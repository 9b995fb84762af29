from .compare import Compare
from .dr import DisasterRecovery
from .jobs import Jobs
from .params import Params
from .users import Users

__all__ = ["Compare", "DisasterRecovery", "Jobs", "Params", "Users"]
