"""The embedded local DRS: started once per process, lazily, on a loopback port.

`local_client_kwargs()` starts it on first use (a `LocalServer` thread over
``open_local_drs(state=<user data dir>/local-drs.sqlite3, demo_tasks=60)``) and returns the
keyword arguments for `DrsClient`. It stops at interpreter exit.

Environment:

- ``DRSTUI_LOCAL_STATE`` — the state file (``":memory:"`` for a throw-away world, as in tests);
- ``DRSTUI_LOCAL_TIME_SCALE`` — simulated seconds per real second (default 1.0);
- ``DRSTUI_LOCAL_DEMO_TASKS`` — demo tasks seeded into a new state (default 60).

The tenant's AK/SK are generated in memory and only ever handed to clients in this process:
nothing is written to disk or logged.
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..local.server import LocalServer

__all__ = ["local_client_kwargs", "local_server", "stop_local", "state_path", "time_scale", "is_running"]

ENV_STATE = "DRSTUI_LOCAL_STATE"
ENV_TIME_SCALE = "DRSTUI_LOCAL_TIME_SCALE"
ENV_DEMO_TASKS = "DRSTUI_LOCAL_DEMO_TASKS"
DEFAULT_DEMO_TASKS = 60

_lock = threading.Lock()
_server: LocalServer | None = None
_atexit_registered = False


def state_path() -> str:
    """Where the embedded DRS keeps its state (``DRSTUI_LOCAL_STATE`` or the user data dir)."""
    env = os.environ.get(ENV_STATE)
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("drstui")) / "local-drs.sqlite3")


def time_scale() -> float:
    text = os.environ.get(ENV_TIME_SCALE)
    if not text:
        return 1.0
    try:
        value = float(text)
    except ValueError as exc:
        raise ValueError(f"{ENV_TIME_SCALE} must be a number (simulated seconds per second), not {text!r}") from exc
    if value < 0:
        raise ValueError(f"{ENV_TIME_SCALE} must not be negative")
    return value


def _demo_tasks() -> int:
    text = os.environ.get(ENV_DEMO_TASKS)
    return int(text) if text else DEFAULT_DEMO_TASKS


def local_server() -> LocalServer:
    """The running embedded server (started now if needed)."""
    global _server, _atexit_registered
    with _lock:
        if _server is None:
            from ..local.server import LocalServer, open_local_drs

            path = state_path()
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            drs = open_local_drs(state=path, demo_tasks=_demo_tasks(), time_scale=time_scale())
            try:
                _server = LocalServer(drs).start()
            except BaseException:
                drs.close()
                raise
            if not _atexit_registered:
                atexit.register(stop_local)
                _atexit_registered = True
        return _server


def local_client_kwargs() -> dict[str, Any]:
    """`DrsClient` keyword arguments (endpoint, project_id, ak, sk) for the embedded DRS."""
    return local_server().client_kwargs()


def is_running() -> bool:
    return _server is not None


def stop_local() -> None:
    """Stop the embedded DRS (a later `local_client_kwargs` starts a fresh one)."""
    global _server
    with _lock:
        server, _server = _server, None
    if server is not None:
        server.stop()
        server.drs.close()
