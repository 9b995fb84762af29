"""Service-layer fixtures: an isolated config dir, an in-memory embedded DRS, no ambient secrets."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drstui.service import embedded

SEED = Path(__file__).parent.parent / "fixtures" / "seed"

_AMBIENT = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "DRSTUI_TOKEN",
    "DRSTUI_IAM_PASSWORD",
    "DRSTUI_PROFILE",
    "DRSTUI_LOCAL_TIME_SCALE",
    "DRSTUI_LOCAL_DEMO_TASKS",
)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Config in tmp_path, embedded DRS in memory, no secrets from the environment or a real keyring."""
    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRSTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DRSTUI_LOCAL_STATE", ":memory:")
    monkeypatch.setitem(sys.modules, "keyring", None)  # `import keyring` fails: no real keyring in tests
    return tmp_path / "config"


@pytest.fixture(scope="session", autouse=True)
def _stop_embedded() -> Iterator[None]:
    yield
    embedded.stop_local()


class FakeKeyring:
    """The three functions of the ``keyring`` package that profiles.py uses."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.store.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.store[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        self.store.pop((service, user), None)


@pytest.fixture
def fake_keyring(monkeypatch: pytest.MonkeyPatch) -> FakeKeyring:
    kr = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", kr)
    return kr


@pytest.fixture
def fresh_embedded() -> Iterator[None]:
    """A new in-memory embedded DRS for this test (whatever another test did to the last one)."""
    embedded.stop_local()
    yield
    embedded.stop_local()
