"""Turning any exception into what a DBA needs: code, message, what to do next. No secrets."""

from __future__ import annotations

from dataclasses import dataclass

from rich.markup import escape


@dataclass(frozen=True)
class ErrorInfo:
    title: str
    code: str | None
    message: str
    hint: str | None
    request_id: str | None

    def one_line(self) -> str:
        head = f"{self.code}: " if self.code else ""
        tail = f" — {self.hint}" if self.hint else ""
        return f"{head}{self.message}{tail}"

    def markup(self) -> str:
        lines = []
        if self.code:
            lines.append(f"[b]Error code[/b]  {escape(self.code)}")
        lines.append(f"[b]Message[/b]     {escape(self.message)}")
        if self.hint:
            lines.append(f"[b]What to do[/b]  {escape(self.hint)}")
        if self.request_id:
            lines.append(f"[b]Request ID[/b]  {escape(self.request_id)}")
        return "\n".join(lines)


def describe_error(error: BaseException) -> ErrorInfo:
    """Code, message, hint and request id of an API error; a plain summary of anything else."""
    from ..api.errors import APIConnectionError, APIStatusError, DrsError

    if isinstance(error, APIStatusError):
        return ErrorInfo(
            f"HTTP {error.status_code}",
            error.error_code,
            error.error_msg or str(error),
            getattr(error, "hint", None),
            error.request_id,
        )
    if isinstance(error, APIConnectionError):
        return ErrorInfo(
            "Cannot reach DRS",
            None,
            str(error),
            "Check the endpoint and the network; drstui retries automatically.",
            None,
        )
    if isinstance(error, DrsError):
        return ErrorInfo("DRS error", None, str(error), None, getattr(error, "request_id", None))
    name = type(error).__name__
    if name == "ValidationError":  # pydantic: the request was rejected before sending
        text = str(error).split("\n", 1)[-1].strip()
        return ErrorInfo("Invalid input", None, text, "Correct the value; nothing was sent.", None)
    if isinstance(error, PermissionError):
        return ErrorInfo("Not allowed", None, str(error), None, None)
    return ErrorInfo(name, None, str(error) or name, None, None)
