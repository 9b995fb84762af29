"""drstui: terminal UI, notebook toolkit and Excel exporter for Huawei Cloud DRS."""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Lazy: `import drstui` stays cheap; `drstui.connect()` loads the service layer on first use.
    if name in ("connect", "connect_all"):
        from .service import service

        return getattr(service, name)
    raise AttributeError(f"module 'drstui' has no attribute {name!r}")
