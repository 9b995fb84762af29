"""Typed client for the Huawei Cloud DRS v3 API (httpx + pydantic v2)."""

from .auth import AkSkAuth, IamPasswordAuth, TokenAuth
from .client import AsyncDrsClient, DrsClient
from .error_codes import ERROR_CODES, ErrorCodeInfo, describe
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CredentialsError,
    DrsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from .pagination import Page
from .retry import RetryPolicy
from .spec import SPECS, ApiSpec, all_specs

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AkSkAuth",
    "ApiSpec",
    "AsyncDrsClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "CredentialsError",
    "DrsClient",
    "DrsError",
    "ERROR_CODES",
    "ErrorCodeInfo",
    "IamPasswordAuth",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "SPECS",
    "TokenAuth",
    "UnprocessableEntityError",
    "all_specs",
    "describe",
]
