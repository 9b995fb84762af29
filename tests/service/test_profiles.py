"""Profiles: the TOML file (0600, never a secret), secrets from keyring/env, the built-in local profile."""

from __future__ import annotations

import stat
import tomllib

import pytest

from drstui.api.errors import CredentialsError
from drstui.service import profiles
from drstui.service.profiles import (
    LOCAL,
    Profile,
    add_profile,
    client_kwargs,
    get_profile,
    get_secret,
    list_profiles,
    remove_profile,
    set_default,
    set_secret,
    test_profile,
)

PID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


def test_no_config_means_the_builtin_local_profile(isolated):
    assert not isolated.exists()
    assert [p.name for p in list_profiles()] == [LOCAL]
    p = get_profile()
    assert p.name == LOCAL and p.auth == "local" and p.builtin
    assert not isolated.exists()  # reading never creates the file


def test_add_profile_writes_0600_toml_without_secrets(isolated, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "sk-from-env-never-in-the-file")
    add_profile("prod", region="cn-north-4", project_id=PID, read_only=True, default=True)
    path = isolated / "profiles.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text())
    assert data["default"] == "prod"
    assert data["profiles"]["prod"] == {"region": "cn-north-4", "project_id": PID, "auth": "aksk", "read_only": True}
    assert "sk-from-env" not in path.read_text()
    p = get_profile()
    assert p.name == "prod" and p.read_only and p.resolved_endpoint == "https://drs.cn-north-4.myhuaweicloud.com"
    assert [x.name for x in list_profiles()] == [LOCAL, "prod"]


def test_secrets_given_to_add_profile_go_to_the_keyring_only(isolated, fake_keyring):
    add_profile("dev", endpoint="https://drs.example.test", project_id=PID,
                secrets={"ak": "AKFROMKEYRING0000001", "sk": "super-secret-sk-value"})  # fmt: skip
    text = (isolated / "profiles.toml").read_text()
    assert "super-secret-sk-value" not in text and "AKFROMKEYRING" not in text
    assert fake_keyring.store[("drstui", "dev:sk")] == "super-secret-sk-value"
    assert stat.S_IMODE((isolated / "profiles.toml").stat().st_mode) == 0o600
    kwargs = client_kwargs("dev")
    assert kwargs == {"endpoint": "https://drs.example.test", "project_id": PID,
                      "ak": "AKFROMKEYRING0000001", "sk": "super-secret-sk-value"}  # fmt: skip
    remove_profile("dev")
    assert ("drstui", "dev:sk") not in fake_keyring.store


def test_storing_a_secret_without_keyring_fails_and_writes_nothing(isolated):
    with pytest.raises(RuntimeError, match="keyring"):
        add_profile("dev", endpoint="https://drs.example.test", secrets={"sk": "x" * 20})
    assert not (isolated / "profiles.toml").exists()
    with pytest.raises(RuntimeError, match="HUAWEICLOUD_SDK_SK"):
        set_secret("dev", "sk", "value")


def test_env_secret_lookup_uses_the_sdk_names(monkeypatch):
    add_profile("prod", region="cn-north-4")
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "ENVAK000000000000001")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "env-sk")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", PID)
    assert get_secret("prod", "ak") == "ENVAK000000000000001"
    kwargs = client_kwargs("prod")
    assert kwargs["project_id"] == PID and kwargs["sk"] == "env-sk"


def test_keyring_wins_over_env(fake_keyring, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "env-sk")
    assert get_secret("prod", "sk") == "env-sk"
    set_secret("prod", "sk", "keyring-sk")
    assert get_secret("prod", "sk") == "keyring-sk"
    assert get_secret("other", "sk") == "env-sk"


def test_missing_credentials_are_a_clear_error():
    add_profile("prod", region="cn-north-4", project_id=PID)
    with pytest.raises(CredentialsError, match="HUAWEICLOUD_SDK_AK"):
        client_kwargs("prod")
    add_profile("tok", region="cn-north-4", project_id=PID, auth="token")
    with pytest.raises(CredentialsError, match="DRSTUI_TOKEN"):
        client_kwargs("tok")


def test_token_and_iam_profiles(monkeypatch):
    add_profile("tok", region="cn-north-4", project_id=PID, auth="token")
    monkeypatch.setenv("DRSTUI_TOKEN", "tok-value")
    assert client_kwargs("tok")["token"] == "tok-value"
    add_profile("iam", region="cn-north-4", project_id=PID, auth="iam", iam_user="alice", iam_domain="corp",
                iam_endpoint="https://iam.example.test")  # fmt: skip
    monkeypatch.setenv("DRSTUI_IAM_PASSWORD", "pw-value")
    iam = client_kwargs("iam")["iam"]
    assert iam == {"username": "alice", "password": "pw-value", "domain": "corp", "project_id": PID,
                   "iam_endpoint": "https://iam.example.test"}  # fmt: skip
    assert "pw-value" not in profiles.config_path().read_text()


def test_profile_validation():
    with pytest.raises(ValueError, match="endpoint or a region"):
        Profile(name="x")
    with pytest.raises(ValueError, match="auth must be"):
        Profile(name="x", region="r", auth="password")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="iam_user"):
        Profile(name="x", region="r", auth="iam")
    with pytest.raises(ValueError, match="profile names"):
        Profile(name="bad name", region="r")
    add_profile("prod", region="cn-north-4")
    with pytest.raises(ValueError, match="exists"):
        add_profile("prod", region="cn-north-4")
    add_profile("prod", region="cn-south-1", replace=True)
    assert get_profile("prod").region == "cn-south-1"
    with pytest.raises(KeyError, match="no profile named"):
        get_profile("nope")


def test_unknown_keys_in_the_file_are_reported(isolated):
    isolated.mkdir(parents=True)
    (isolated / "profiles.toml").write_text('[profiles.x]\nregion = "r"\nsk = "oops"\n')
    with pytest.raises(ValueError, match="unknown setting"):
        list_profiles()


def test_remove_and_default(monkeypatch):
    add_profile("a", region="r1", default=True)
    add_profile("b", region="r2")
    assert get_profile().name == "a"
    monkeypatch.setenv("DRSTUI_PROFILE", "b")
    assert get_profile().name == "b"
    monkeypatch.delenv("DRSTUI_PROFILE")
    remove_profile("a")
    assert get_profile().name == LOCAL  # the default went with it
    set_default("b")
    assert get_profile().name == "b"
    with pytest.raises(KeyError):
        remove_profile("a")


def test_test_profile_local_ok_and_bad_profile_reports(monkeypatch):
    result = test_profile(LOCAL)
    assert result.ok, result.message
    assert "connected" in result.message
    add_profile("prod", region="cn-north-4", project_id=PID)  # no credentials
    bad = test_profile("prod")
    assert not bad.ok and "AK/SK" in bad.message
    add_profile("down", endpoint="http://127.0.0.1:9", project_id=PID, auth="token")
    monkeypatch.setenv("DRSTUI_TOKEN", "t")
    down = test_profile("down")
    assert not down.ok and down.message
