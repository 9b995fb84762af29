"""Base for API resource groups (``client.jobs``, ``client.compare`` …).

A resource method validates its arguments into a request model (raising
``pydantic.ValidationError`` before anything is sent) and returns
``self._call(...)``. On the sync client that is the parsed response; on the async
client it is an awaitable of it — so each method is written once for both clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from ..models._base import JobId

if TYPE_CHECKING:
    from typing import Unpack

    from .._base import BaseDrsClient, RequestParts
    from ..spec import ApiSpec

__all__ = ["Resource", "Rows", "ids_list", "rows_list", "given_or_rows", "one_or_rows", "validate_job_id"]

#: Request rows as callers give them: models or plain dicts.
Rows = Iterable[BaseModel | Mapping[str, Any]]

_P = TypeVar("_P", bound=BaseModel)
_JOB_ID: TypeAdapter[str] = TypeAdapter(JobId)


def ids_list(job_ids: str | Iterable[str]) -> list[str]:
    """Any iterable of task ids as a list; a single id string counts as one id."""
    if isinstance(job_ids, str):
        return [job_ids]
    return list(job_ids)


def rows_list(items: Rows | BaseModel | Mapping[str, Any]) -> list[Any]:
    """Request rows as a list; a single model or dict counts as one row."""
    if isinstance(items, (BaseModel, Mapping)):
        return [items]
    return list(items)


def validate_job_id(job_id: str) -> str:
    """A path task id, shape-checked: raises ``pydantic.ValidationError`` before anything is sent."""
    return _JOB_ID.validate_python(job_id)


def given_or_rows(
    params_cls: type[_P],
    given: Any,
    *,
    field: str = "jobs",
    single: bool = False,
    conflict: str = "",
) -> _P | None:
    """The body of a batch method that takes either ready rows or one task's keywords.

    A ready ``params_cls`` is used as is; rows (any iterable, or one model/dict) become
    ``params_cls(<field>=rows)`` — unless the single-task keywords were given too (``single``),
    which raises ``ValueError(conflict)``. None when no rows were given: the caller builds the
    body from its keywords.
    """
    if isinstance(given, params_cls):
        return given
    if given is None:
        return None
    if single:
        raise ValueError(conflict)
    return params_cls(**{field: rows_list(given)})


def one_or_rows(params_cls: type[_P], given: Any, one: Callable[[str], Any]) -> _P:
    """The ``{"jobs": [...]}`` body of a method taking a ready ``params_cls``, one task id (its row
    built by ``one(job_id)``), or an iterable of rows."""
    if isinstance(given, params_cls):
        return given
    if isinstance(given, str):
        return params_cls(jobs=[one(given)])
    return params_cls.model_validate({"jobs": list(given)})


class Resource:
    def __init__(self, client: BaseDrsClient) -> None:
        self._client = client

    @property
    def _is_async(self) -> bool:
        return self._client.is_async

    def _call(self, spec: ApiSpec, **parts: Unpack[RequestParts]) -> Any:
        """``client.request(spec, **parts)``: the parsed response (sync) or an awaitable of it (async)."""
        return self._client.request(spec, **parts)

    def _call_batched(
        self,
        spec: ApiSpec,
        *,
        body: BaseModel,
        path: dict[str, str] | None = None,
    ) -> Any:
        """Split ``body.<spec.batch_field>`` into chunks of ``spec.batch_size`` and merge the results."""
        return self._client.request_batched(spec, body=body, path=path)
