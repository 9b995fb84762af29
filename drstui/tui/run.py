"""``drstui`` with no command: run the TUI."""

from __future__ import annotations

import argparse


def run_tui(args: argparse.Namespace) -> int:
    from .app import DrsApp

    app = DrsApp(
        profile=getattr(args, "profile", None),
        read_only=bool(getattr(args, "read_only", False)),
        refresh_interval=float(getattr(args, "refresh", 10.0) or 10.0),
        all_profiles=bool(getattr(args, "all_profiles", False)),
    )
    app.run()
    return 0
