"""Walk paged DRS listings without caring which paging style the API uses.

Two styles exist in DRS v3:

- ``"page"``: ``cur_page``/``per_page`` (from 1) with a ``total_record`` (4.1.20 task list,
  ``page_req`` bodies);
- ``"offset"``: ``offset``/``limit`` (from 0) with a ``count``/``total_count``.

The caller gives ``fetch(n)`` — n is the page number or the offset — which performs the request
(a resource method call: on the async client it returns an awaitable, which is awaited), and
``extract(response) -> (items, total)`` (total may be None). Iteration stops at an empty page,
when the items seen reach ``total``, at a page shorter than ``page_size``, or after
``max_pages``. ``progress(done, total)`` is called after every page.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

__all__ = ["Page", "PageStyle", "iter_pages", "iter_items", "aiter_pages", "aiter_items"]

T = TypeVar("T")
PageStyle = Literal["page", "offset"]
Extract = Callable[[Any], tuple[Sequence[T], int | None]]
Progress = Callable[[int, int | None], None]

logger = logging.getLogger("drstui.api")

DEFAULT_MAX_PAGES = 10_000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int | None
    """The total the service reported for the whole listing (None if it gives none)."""
    cursor: int
    """The page number (``"page"`` style) or offset (``"offset"`` style) this page was fetched with."""
    index: int
    """0-based position of this page in the walk."""
    response: Any
    """The parsed response the items came from."""


class _Walk:
    """The cursor arithmetic and stop rules shared by the sync and async walkers."""

    def __init__(self, style: PageStyle, page_size: int | None, start: int | None, max_pages: int) -> None:
        if style not in ("page", "offset"):
            raise ValueError("style must be 'page' (cur_page/per_page) or 'offset' (offset/limit)")
        self.style = style
        self.page_size = page_size
        self.cursor = start if start is not None else (1 if style == "page" else 0)
        self.max_pages = max_pages
        self.index = 0
        self.done = 0

    def page(self, response: Any, extract: Extract[T]) -> tuple[Page[T], bool]:
        """The page made from ``response`` and whether the walk continues after it."""
        items, total = extract(response)
        items = list(items)
        page = Page(items=items, total=total, cursor=self.cursor, index=self.index, response=response)
        self.done += len(items)
        self.index += 1
        more = bool(items)
        if total is not None and self.done >= total:
            more = False
        if self.page_size and len(items) < self.page_size:
            more = False
        if more and self.index >= self.max_pages:
            logger.warning("pagination stopped after %d pages (max_pages)", self.max_pages)
            more = False
        self.cursor += 1 if self.style == "page" else len(items)
        return page, more


def iter_pages(
    fetch: Callable[[int], Any],
    extract: Extract[T],
    *,
    style: PageStyle = "page",
    page_size: int | None = None,
    start: int | None = None,
    progress: Progress | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Iterator[Page[T]]:
    """Yield every page of a listing (sync)."""
    walk = _Walk(style, page_size, start, max_pages)
    while True:
        page, more = walk.page(fetch(walk.cursor), extract)
        if progress is not None:
            progress(walk.done, page.total)
        yield page
        if not more:
            return


def iter_items(fetch: Callable[[int], Any], extract: Extract[T], **kwargs: Any) -> Iterator[T]:
    """Yield every item of every page (sync); keyword arguments as for `iter_pages`."""
    for page in iter_pages(fetch, extract, **kwargs):
        yield from page.items


async def aiter_pages(
    fetch: Callable[[int], Awaitable[Any] | Any],
    extract: Extract[T],
    *,
    style: PageStyle = "page",
    page_size: int | None = None,
    start: int | None = None,
    progress: Progress | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> AsyncIterator[Page[T]]:
    """Yield every page of a listing (async); ``fetch`` may return an awaitable or a value."""
    walk = _Walk(style, page_size, start, max_pages)
    while True:
        response = fetch(walk.cursor)
        if inspect.isawaitable(response):
            response = await response
        page, more = walk.page(response, extract)
        if progress is not None:
            progress(walk.done, page.total)
        yield page
        if not more:
            return


async def aiter_items(fetch: Callable[[int], Any], extract: Extract[T], **kwargs: Any) -> AsyncIterator[T]:
    """Yield every item of every page (async)."""
    async for page in aiter_pages(fetch, extract, **kwargs):
        for item in page.items:
            yield item
