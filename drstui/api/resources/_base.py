"""Base for API resource groups (``client.jobs``, ``client.compare`` …).

A resource method validates its arguments into a request model (raising
``pydantic.ValidationError`` before anything is sent) and returns
``self._call(...)``. On the sync client that is the parsed response; on the async
client it is an awaitable of it — so each method is written once for both clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from .._base import BaseDrsClient
    from ..spec import ApiSpec


class Resource:
    def __init__(self, client: BaseDrsClient) -> None:
        self._client = client

    @property
    def _is_async(self) -> bool:
        return self._client.is_async

    def _call(
        self,
        spec: ApiSpec,
        *,
        path: dict[str, str] | None = None,
        query: BaseModel | None = None,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self._client.request(spec, path=path, query=query, body=body, headers=headers)

    def _call_batched(
        self,
        spec: ApiSpec,
        *,
        body: BaseModel,
        path: dict[str, str] | None = None,
    ) -> Any:
        """Split ``body.<spec.batch_field>`` into chunks of ``spec.batch_size`` and merge the results."""
        return self._client.request_batched(spec, body=body, path=path)
