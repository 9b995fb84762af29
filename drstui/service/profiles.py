"""Named connection profiles in ``profiles.toml`` in the user config directory.

    default = "prod"

    [profiles.prod]
    endpoint = "https://drs.cn-north-4.myhuaweicloud.com"
    region = "cn-north-4"
    project_id = "…"
    auth = "aksk"          # aksk | token | iam | local
    read_only = true

The directory is ``platformdirs.user_config_dir("drstui")``; ``DRSTUI_CONFIG_DIR`` overrides
it (tests). The file is written with mode 0600 and never holds a secret: AK/SK, tokens and
IAM passwords come from the OS keyring when the optional ``keyring`` package is installed
(service ``drstui``, user ``<profile>:<kind>``), else from the environment — the official
SDK's ``HUAWEICLOUD_SDK_AK`` / ``HUAWEICLOUD_SDK_SK`` / ``HUAWEICLOUD_SDK_PROJECT_ID``
(``HUAWEICLOUD_SDK_SECURITY_TOKEN`` for temporary AK/SK), ``DRSTUI_TOKEN`` and
``DRSTUI_IAM_PASSWORD``.

A built-in profile ``local`` (the embedded local DRS) always exists and is the default
unless the file names another (``DRSTUI_PROFILE`` overrides both).
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple

__all__ = [
    "Profile",
    "ProfileTest",
    "AUTH_KINDS",
    "LOCAL",
    "config_dir",
    "config_path",
    "load_config",
    "list_profiles",
    "get_profile",
    "add_profile",
    "remove_profile",
    "set_default",
    "default_profile_name",
    "get_secret",
    "set_secret",
    "delete_secret",
    "client_kwargs",
    "test_profile",
]

AuthKind = Literal["aksk", "token", "iam", "local"]
AUTH_KINDS: tuple[str, ...] = ("aksk", "token", "iam", "local")
LOCAL = "local"
ENV_CONFIG_DIR = "DRSTUI_CONFIG_DIR"
ENV_PROFILE = "DRSTUI_PROFILE"
FILE_NAME = "profiles.toml"
KEYRING_SERVICE = "drstui"

#: Secret kind → environment variable consulted when the keyring has nothing.
SECRET_ENV: dict[str, str] = {
    "ak": "HUAWEICLOUD_SDK_AK",
    "sk": "HUAWEICLOUD_SDK_SK",
    "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "token": "DRSTUI_TOKEN",
    "password": "DRSTUI_IAM_PASSWORD",
}
SECRET_KINDS = tuple(SECRET_ENV)
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Profile:
    """Where and how to connect. Holds no secret (see the module docstring)."""

    name: str
    endpoint: str | None = None
    iam_endpoint: str | None = None
    region: str | None = None
    project_id: str | None = None
    auth: AuthKind = "aksk"
    read_only: bool = False
    iam_user: str | None = None
    iam_domain: str | None = None
    builtin: bool = False

    def __post_init__(self) -> None:
        if not _NAME_RE.match(self.name):
            raise ValueError("profile names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        if self.auth not in AUTH_KINDS:
            raise ValueError(f"auth must be one of {', '.join(AUTH_KINDS)}")
        if self.auth != "local" and not (self.endpoint or self.region):
            raise ValueError(f"profile {self.name}: give an endpoint or a region")
        if self.auth == "iam" and not (self.iam_user and self.iam_domain):
            raise ValueError(f"profile {self.name}: IAM authentication needs iam_user and iam_domain")

    @property
    def resolved_endpoint(self) -> str | None:
        """The DRS endpoint: as configured, else the public endpoint of the region."""
        if self.endpoint:
            return self.endpoint
        if self.region:
            return f"https://drs.{self.region}.myhuaweicloud.com"
        return None

    def to_toml(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None and k not in ("name", "builtin")}
        if not data.get("read_only"):
            data.pop("read_only", None)
        return data


BUILTIN_LOCAL = Profile(name=LOCAL, auth="local", region="local", builtin=True)


class ProfileTest(NamedTuple):
    ok: bool
    message: str


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------


def config_dir() -> Path:
    env = os.environ.get(ENV_CONFIG_DIR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("drstui"))


def config_path() -> Path:
    return config_dir() / FILE_NAME


def load_config() -> dict[str, Any]:
    """The parsed file (``{}`` when there is none)."""
    path = config_path()
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _write_config(data: dict[str, Any]) -> None:
    """Write atomically with mode 0600 (the temp file is created 0600 before any byte is written)."""
    import tomli_w

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".profiles-", suffix=".toml", dir=path.parent)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            tomli_w.dump(data, fh)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    os.chmod(path, 0o600)


_PROFILE_FIELDS = {f.name for f in fields(Profile)} - {"name", "builtin"}


def _profile_from(name: str, data: dict[str, Any]) -> Profile:
    unknown = sorted(set(data) - _PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"profile {name}: unknown setting(s) {', '.join(unknown)} in {config_path()}")
    return Profile(name=name, **data)


def list_profiles() -> list[Profile]:
    """The built-in ``local`` profile (unless the file redefines it) and every configured one."""
    configured = load_config().get("profiles", {})
    out = [] if LOCAL in configured else [BUILTIN_LOCAL]
    out.extend(_profile_from(name, data) for name, data in configured.items())
    return out


def default_profile_name() -> str:
    return os.environ.get(ENV_PROFILE) or load_config().get("default") or LOCAL


def get_profile(name: str | None = None) -> Profile:
    """A profile by name; None = the default profile."""
    name = name or default_profile_name()
    configured = load_config().get("profiles", {})
    if name in configured:
        return _profile_from(name, configured[name])
    if name == LOCAL:
        return BUILTIN_LOCAL
    known = ", ".join(p.name for p in list_profiles())
    raise KeyError(f"no profile named {name!r} (known: {known})")


def add_profile(
    name: str,
    *,
    endpoint: str | None = None,
    iam_endpoint: str | None = None,
    region: str | None = None,
    project_id: str | None = None,
    auth: AuthKind = "aksk",
    read_only: bool = False,
    iam_user: str | None = None,
    iam_domain: str | None = None,
    default: bool = False,
    replace: bool = False,
    secrets: dict[str, str] | None = None,
) -> Profile:
    """Add (or with ``replace=True`` overwrite) a profile; ``secrets`` go to the keyring only."""
    profile = Profile(
        name=name,
        endpoint=endpoint,
        iam_endpoint=iam_endpoint,
        region=region,
        project_id=project_id,
        auth=auth,
        read_only=read_only,
        iam_user=iam_user,
        iam_domain=iam_domain,
    )
    data = load_config()
    profiles = data.setdefault("profiles", {})
    if name in profiles and not replace:
        raise ValueError(f"profile {name!r} exists (pass replace=True to overwrite it)")
    for kind, value in (secrets or {}).items():
        set_secret(name, kind, value)  # before writing: a missing keyring fails without a half-made profile
    profiles[name] = profile.to_toml()
    if default:
        data["default"] = name
    _write_config(data)
    return profile


def remove_profile(name: str, *, forget_secrets: bool = True) -> None:
    data = load_config()
    profiles = data.get("profiles", {})
    if name not in profiles:
        raise KeyError(f"no configured profile named {name!r}")
    del profiles[name]
    if data.get("default") == name:
        del data["default"]
    _write_config(data)
    if forget_secrets:
        for kind in SECRET_KINDS:
            delete_secret(name, kind)


def set_default(name: str) -> None:
    get_profile(name)
    data = load_config()
    data["default"] = name
    _write_config(data)


# ---------------------------------------------------------------------------
# Secrets: keyring (optional) then environment; never the file
# ---------------------------------------------------------------------------


def _keyring() -> Any | None:
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        return None
    return keyring


def _check_kind(kind: str) -> None:
    if kind not in SECRET_KINDS:
        raise ValueError(f"secret kind must be one of {', '.join(SECRET_KINDS)}")


def get_secret(profile: str, kind: str) -> str | None:
    """The secret ``kind`` (ak, sk, security_token, token, password) of ``profile``."""
    _check_kind(kind)
    kr = _keyring()
    if kr is not None:
        try:
            value = kr.get_password(KEYRING_SERVICE, f"{profile}:{kind}")
        except Exception:  # a keyring without a usable backend behaves as "not stored"
            value = None
        if value:
            return value
    return os.environ.get(SECRET_ENV[kind]) or None


def set_secret(profile: str, kind: str, value: str) -> None:
    """Store a secret in the OS keyring (requires the optional ``keyring`` package)."""
    _check_kind(kind)
    kr = _keyring()
    if kr is None:
        raise RuntimeError(
            f"storing secrets needs the optional 'keyring' package; otherwise set {SECRET_ENV[kind]} "
            "in the environment (secrets are never written to the profiles file)"
        )
    kr.set_password(KEYRING_SERVICE, f"{profile}:{kind}", value)


def delete_secret(profile: str, kind: str) -> None:
    _check_kind(kind)
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(KEYRING_SERVICE, f"{profile}:{kind}")
    except Exception:  # not stored
        pass


# ---------------------------------------------------------------------------
# Client settings
# ---------------------------------------------------------------------------


def client_kwargs(profile: Profile | str | None = None) -> dict[str, Any]:
    """`DrsClient` keyword arguments for a profile (starts the embedded DRS for ``local``)."""
    from ..api.errors import CredentialsError

    p = profile if isinstance(profile, Profile) else get_profile(profile)
    if p.auth == "local":
        from .embedded import local_client_kwargs

        return local_client_kwargs()
    endpoint = p.resolved_endpoint
    project_id = p.project_id or os.environ.get(ENV_PROJECT_ID)
    if not project_id:
        raise CredentialsError(f"profile {p.name}: no project id (set project_id or {ENV_PROJECT_ID})")
    kwargs: dict[str, Any] = {"endpoint": endpoint, "project_id": project_id}
    if p.auth == "aksk":
        ak, sk = get_secret(p.name, "ak"), get_secret(p.name, "sk")
        if not ak or not sk:
            raise CredentialsError(
                f"profile {p.name}: no AK/SK (store them in the keyring or set {SECRET_ENV['ak']}/{SECRET_ENV['sk']})"
            )
        kwargs.update(ak=ak, sk=sk)
        token = get_secret(p.name, "security_token")
        if token:
            kwargs["security_token"] = token
    elif p.auth == "token":
        token = get_secret(p.name, "token")
        if not token:
            raise CredentialsError(f"profile {p.name}: no token (keyring or {SECRET_ENV['token']})")
        kwargs["token"] = token
    elif p.auth == "iam":
        password = get_secret(p.name, "password")
        if not password:
            raise CredentialsError(f"profile {p.name}: no IAM password (keyring or {SECRET_ENV['password']})")
        iam: dict[str, Any] = {
            "username": p.iam_user,
            "password": password,
            "domain": p.iam_domain,
            "project_id": project_id,
        }
        if p.iam_endpoint:
            iam["iam_endpoint"] = p.iam_endpoint
        kwargs["iam"] = iam
    return kwargs


def test_profile(name: str | None = None) -> ProfileTest:
    """Connect with a profile and make one cheap call (one task of the list, 4.1.20)."""
    from ..api.errors import DrsError

    try:
        from .service import connect

        service = connect(name)
    except (DrsError, KeyError, ValueError) as exc:
        return ProfileTest(False, f"cannot connect: {exc}")
    try:
        response = service.client.jobs.list("migration", per_page=1)
    except DrsError as exc:
        return ProfileTest(False, str(exc))
    finally:
        service.close()
    total = response.total_record if response.total_record is not None else len(response.jobs)
    return ProfileTest(True, f"connected to {service.client.endpoint}: {total} migration task(s)")


test_profile.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
