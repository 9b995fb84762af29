"""The local DRS as one Starlette ASGI app, routed and documented from the API specs.

Every route comes from `drstui.api.spec.SPECS`: the same method, path, request model
(validation) and response model (serialization) the client uses. Handlers live in
`drstui.local.handlers` and are registered under the spec key; this module does what
every request shares — authentication, advancing the clock, parsing and validating the
body/query, mapping errors to the DRS error body, serializing the response — and never
answers with a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..api.spec import ApiSpec, all_specs
from .auth import AuthError, authenticate, iam_tokens_endpoint
from .state import LocalDrs
from .store import JobRecord

log = logging.getLogger("drstui.local")

Handler = Callable[["Ctx", Any, Any, dict[str, str]], Any]
HANDLERS: dict[str, Handler] = {}


def handles(key: str) -> Callable[[Handler], Handler]:
    """Register the handler of one API spec key."""

    def deco(fn: Handler) -> Handler:
        if key in HANDLERS:
            raise ValueError(f"two handlers for {key}")
        HANDLERS[key] = fn
        return fn

    return deco


class DrsApiError(Exception):
    """A whole-request failure: answered with ``status`` and ``{error_code, error_msg}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad_request(code: str, message: str) -> DrsApiError:
    return DrsApiError(400, code, message)


def invalid(field_name: str, why: str = "") -> DrsApiError:
    return bad_request("DRS.M00202", f"The value of {field_name} is invalid." + (f" {why}" if why else ""))


@dataclass
class Ctx:
    """What a handler gets: the server state, the caller's project, the request and the time."""

    drs: LocalDrs
    project_id: str
    request: Request
    now_ms: int
    spec: ApiSpec
    _dirty: dict[str, JobRecord] = field(default_factory=dict)

    @property
    def store(self):  # noqa: ANN201
        return self.drs.store

    def find_job(self, job_id: str) -> JobRecord | None:
        rec = self._dirty.get(job_id) or self.store.get_job(job_id, self.project_id)
        if rec is None or rec.status == "DELETED":
            return None
        return rec

    def job(self, job_id: str) -> JobRecord:
        """The task named in the path, or 400 DRS.10000010 as the seed's examples answer."""
        rec = self.find_job(job_id)
        if rec is None:
            raise bad_request("DRS.10000010", "Task not found. Check the task ID.")
        return rec

    def jobs(self, job_ids: list[str]) -> dict[str, JobRecord]:
        found = self.store.get_jobs(job_ids, self.project_id)
        found.update({k: v for k, v in self._dirty.items() if k in found})
        return {k: v for k, v in found.items() if v.status != "DELETED"}

    def save(self, rec: JobRecord) -> None:
        self._dirty[rec.id] = rec
        self.store.save_job(rec)


def _error(status: int, code: str, message: str, request_id: str) -> JSONResponse:
    return JSONResponse({"error_code": code, "error_msg": message}, status_code=status, headers={"X-Request-Id": request_id})


def _loc(err: dict[str, Any]) -> str:
    parts = [str(p) for p in err.get("loc", ()) if not str(p).startswith("function-") and p not in ("body",)]
    out = ""
    for p in parts:
        if p.isdigit():
            out += f"[{p}]"
        elif p.startswith(("list[", "dict[", "str", "int", "bool", "function")):
            continue
        else:
            out += ("." if out else "") + p
    return out or "request body"


def validation_error(exc: ValidationError) -> DrsApiError:
    errs = exc.errors(include_input=False, include_url=False)
    first = errs[0] if errs else {"loc": (), "msg": "invalid", "type": ""}
    where = _loc(first)
    if first.get("type") == "missing":
        return bad_request("DRS.M00201", f"Parameter {where} cannot be empty.")
    msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" ({len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})" if len(errs) > 1 else ""
    return bad_request("DRS.M00202", f"The value of {where} is invalid: {msg}{more}")


def _parse(model: type[BaseModel] | None, data: Any) -> Any:
    if model is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from None


def _query_dict(request: Request, model: type[BaseModel] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    multi = request.query_params.multi_items()
    listy: set[str] = set()
    if model is not None:
        for name, f in model.model_fields.items():
            ann = str(f.annotation)
            if "list" in ann:
                listy.add(f.alias or name)
    for k, v in multi:
        if k in listy:
            out.setdefault(k, []).append(v)
        else:
            out[k] = v
    return out


#: Hot read APIs whose responses hold no secret: their handlers' wire dicts are dumped as
#: they are, without the validate-and-dump round trip through the response model (4× the
#: cost of building them). ``DRSTUI_LOCAL_STRICT=1`` (set by the test suite) checks every
#: such response against what the model path would have produced.
FAST_JSON = frozenset({"jobs.list", "jobs.statuses", "jobs.progress"})
STRICT = os.environ.get("DRSTUI_LOCAL_STRICT", "") not in ("", "0")


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        return [_drop_none(v) for v in value]
    return value  # scalars and lists of scalars (e.g. action names) as they are


def _serialize(spec: ApiSpec, result: Any) -> bytes:
    """Validate a handler's result into the spec's response model and dump it as wire JSON.

    Without the WIRE context secrets come out masked: a safety net, handlers never put them in.
    """
    if spec.key in FAST_JSON and isinstance(result, dict):
        fast = json.dumps(_drop_none(result), ensure_ascii=False, separators=(",", ":")).encode()
        if STRICT:
            slow = _serialize_model(spec, result)
            if json.loads(fast) != json.loads(slow):
                raise AssertionError(f"{spec.key}: the fast response differs from the model's:\n{fast!r}\n{slow!r}")
        return fast
    return _serialize_model(spec, result)


def _serialize_model(spec: ApiSpec, result: Any) -> bytes:
    if isinstance(result, dict) and spec.response is not None:
        result = spec.response.model_validate(result)
    if isinstance(result, BaseModel):
        return result.model_dump_json(by_alias=True, exclude_none=True).encode()
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()


def _make_endpoint(drs: LocalDrs, by_method: dict[str, ApiSpec]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        request_id = uuid.uuid4().hex
        spec = by_method.get(request.method)
        if spec is None:
            return _error(405, "DRS.M00300", f"Invalid request, method {request.method} is not allowed here.", request_id)
        path = dict(request.path_params)
        raw = await request.body()
        try:
            project_id = path.pop("project_id")
            principal = authenticate(drs, request, raw, project_id)
            with drs.lock:
                now = drs.tick()
                body = None
                if spec.body is not None:
                    ctype = request.headers.get("content-type", "application/json")
                    if raw.strip() and "json" not in ctype.lower():
                        raise DrsApiError(415, "DRS.M00200", "Parameter error: Content-Type must be application/json.")
                    try:
                        data = json.loads(raw) if raw.strip() else None
                    except ValueError:
                        raise bad_request("DRS.M00200", "Parameter error: the request body is not valid JSON.") from None
                    if data is None:
                        raise bad_request("DRS.M00201", "Parameter request body cannot be empty.")
                    body = _parse(spec.body, data)
                query = _parse(spec.query, _query_dict(request, spec.query)) if spec.query is not None else None
                handler = HANDLERS.get(spec.key)
                if handler is None:
                    raise DrsApiError(501, "DRS.M01501", f"{spec.title} is not implemented by this local DRS.")
                ctx = Ctx(drs=drs, project_id=principal.project_id, request=request, now_ms=now, spec=spec)
                with drs.store.transaction():
                    result = handler(ctx, body, query, path)
        except AuthError as exc:
            return _error(exc.status, exc.code, exc.message, request_id)
        except DrsApiError as exc:
            return _error(exc.status, exc.code, exc.message, request_id)
        except Exception:  # never a traceback on the wire
            log.exception("local DRS handler %s failed", spec.key)
            return _error(500, "DRS.M01501", "Server error. Try again later or contact support.", request_id)
        if isinstance(result, Response):
            result.headers["X-Request-Id"] = request_id
            return result
        try:
            content = _serialize(spec, result)
        except Exception:
            log.exception("local DRS produced an invalid %s response", spec.key)
            return _error(500, "DRS.M01501", "Server error. Try again later or contact support.", request_id)
        return Response(content, status_code=spec.status, media_type="application/json",
                        headers={"X-Request-Id": request_id})

    return endpoint


def openapi_document(specs: dict[str, ApiSpec] | None = None) -> dict[str, Any]:
    """An OpenAPI 3.1 document of every served API, generated from the specs' models."""
    from pydantic.json_schema import models_json_schema

    specs = specs or all_specs()
    inputs = {s.body for s in specs.values() if s.body} | {s.query for s in specs.values() if s.query}
    outputs = {s.response for s in specs.values() if s.response}
    pairs = [(m, "validation") for m in inputs] + [(m, "serialization") for m in outputs]
    keymap, schema = models_json_schema(pairs, ref_template="#/components/schemas/{model}", by_alias=True)
    components = schema.get("$defs", {})
    components["DrsError"] = {
        "type": "object",
        "required": ["error_code", "error_msg"],
        "properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}},
    }
    err = {"description": "DRS error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DrsError"}}}}
    paths: dict[str, dict[str, Any]] = defaultdict(dict)
    for spec in specs.values():
        params: list[dict[str, Any]] = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
            for p in spec.path_params
        ]
        if spec.query is not None:
            # The query model's component (its $refs already point into components/schemas).
            qname = keymap[(spec.query, "validation")]["$ref"].rsplit("/", 1)[-1]
            qschema = components[qname]
            required = set(qschema.get("required", []))
            for name, prop in qschema.get("properties", {}).items():
                prop = dict(prop)
                prop.pop("title", None)
                params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
        for header in spec.headers:
            params.append({"name": header, "in": "header", "required": False, "schema": {"type": "string"}})
        op: dict[str, Any] = {
            "operationId": spec.key,
            "summary": f"{spec.title} (seed {spec.section})",
            "parameters": params,
            "responses": {"400": err, "401": err, "403": err},
        }
        if spec.body is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": keymap[(spec.body, "validation")]}},
            }
        if spec.stream:
            ok = {"description": "file", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
        elif spec.response is not None:
            ok = {"description": "OK", "content": {"application/json": {"schema": keymap[(spec.response, "serialization")]}}}
        else:
            ok = {"description": "OK"}
        op["responses"][str(spec.status)] = ok
        paths[spec.path][spec.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "DRS v3 (drstui local DRS)", "version": "3"},
        "paths": dict(paths),
        "components": {
            "schemas": components,
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
        },
        "security": [{"token": []}],
    }


def create_app(drs: LocalDrs) -> Starlette:
    """The ASGI app serving every registered API for ``drs``."""
    from . import handlers  # noqa: F401  (registers handlers)

    specs = all_specs()
    by_path: dict[str, dict[str, ApiSpec]] = defaultdict(dict)
    for spec in specs.values():
        by_path[spec.path][spec.method] = spec
    routes = [
        Route("/v3/auth/tokens", iam_tokens_endpoint(drs), methods=["POST"]),
    ]
    doc_cache: dict[str, Any] = {}

    async def openapi(_: Request) -> Response:
        if "doc" not in doc_cache:
            doc_cache["doc"] = openapi_document(specs)
        return JSONResponse(doc_cache["doc"])

    routes.append(Route("/openapi.json", openapi, methods=["GET"]))
    # Literal segments before parameters: Starlette matches in order.
    for path in sorted(by_path, key=lambda p: (p.count("{"), p)):
        methods = sorted(by_path[path])
        routes.append(Route(path, _make_endpoint(drs, by_path[path]), methods=methods))

    async def not_found(request: Request, exc: HTTPException) -> Response:
        rid = uuid.uuid4().hex
        if exc.status_code == 405:
            return _error(405, "DRS.M00300", "Invalid request, the method is not allowed for this URL.", rid)
        return _error(exc.status_code, "DRS.M00300", f"Invalid request, no API at {request.method} {request.url.path}.", rid)

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("local DRS failed on %s %s", request.method, request.url.path)
        return _error(500, "DRS.M01501", "Server error. Try again later or contact support.", uuid.uuid4().hex)

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: crash})
    app.state.drs = drs
    return app
