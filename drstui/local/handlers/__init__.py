"""Handlers of the local DRS, one module per API area; importing registers them."""

from importlib import import_module

for _name in ("job_actions", "job_queries", "compare", "users_policies_dr"):
    try:
        import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # an area not written yet answers 501
        if exc.name != f"{__name__}.{_name}":
            raise
