"""``client.params``: compare and tune MySQL parameters of a task in configuration (seed 4.1.9–4.1.10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..models.params import GET_PARAMS, MODIFY_PARAMS, GetParamsParams, ModifyParamsParams, ParamChange
from ._base import Resource, ids_list, validate_job_id

__all__ = ["Params"]


class Params(Resource):
    """Database parameters of MySQL migration / DR tasks (``job_direction=up``, ``CONFIGURATION``)."""

    def get(self, job_ids: str | Iterable[str], refresh: bool = True) -> Any:
        """Source/target parameters and their comparison per task (seed 4.1.9). Returns `GetParamsResponse`.

        ``refresh=True`` re-reads the databases (needed on the first call); ``False`` serves the cache.
        """
        body = GetParamsParams(jobs=ids_list(job_ids), refresh="1" if refresh else "0")
        return self._call_batched(GET_PARAMS, body=body)

    def modify(
        self,
        job_id: str,
        params: Mapping[str, Any] | Iterable[ParamChange | Mapping[str, Any]] | ModifyParamsParams,
        *,
        group: str | None = None,
    ) -> Any:
        """Set target parameter values of one group (seed 4.1.10). Returns `ModifyParamsResponse`.

        ``params`` is ``{"key": value, …}`` or ``[{"key": …, "target_value": …}, …]``; ``group`` is
        ``common`` or ``performance`` (required unless a ready `ModifyParamsParams` is given).
        """
        job_id = validate_job_id(job_id)
        if isinstance(params, ModifyParamsParams):
            body = params
        else:
            if isinstance(params, Mapping):
                rows: list[Any] = [{"key": k, "target_value": v} for k, v in params.items()]
            else:
                rows = list(params)
            body = ModifyParamsParams.model_validate({"group": group, "params": rows})
        return self._call(MODIFY_PARAMS, path={"job_id": job_id}, body=body)
