"""Where the CLI connects and as whom: flags, then the environment; secrets only from it."""

from __future__ import annotations

import pytest
from cli_support import PASSWORD_GRANT_ENV, SECRET_TOKEN, SECRETS

from vbc_telephony import BearerToken, PasswordGrant
from vbc_telephony._constants import DEFAULT_BASE_URL
from vbc_telephony.cli._config import RootOptions, auth_from_env


def test_a_token_is_sent_as_a_bearer_token_and_wins_over_the_password_grant():
    auth = auth_from_env({"VBC_TOKEN": SECRET_TOKEN, **PASSWORD_GRANT_ENV})
    assert isinstance(auth, BearerToken)
    assert SECRET_TOKEN not in repr(auth)


def test_the_four_password_grant_variables_make_a_password_grant():
    auth = auth_from_env(PASSWORD_GRANT_ENV)
    assert isinstance(auth, PasswordGrant)


@pytest.mark.parametrize("left_out", ["VBC_PASSWORD", "VBC_CLIENT_SECRET"])
def test_a_partial_password_grant_names_what_is_missing_and_no_value(left_out):
    env = {name: value for name, value in PASSWORD_GRANT_ENV.items() if name != left_out}
    with pytest.raises(ValueError, match=left_out) as raised:
        auth_from_env(env)
    assert not any(secret in str(raised.value) for secret in SECRETS)


def test_empty_variables_count_as_unset():
    with pytest.raises(ValueError, match=r"no credentials.*--sandbox"):
        auth_from_env({"VBC_TOKEN": "", "VBC_PASSWORD": ""})


def test_a_local_server_gets_its_own_token_and_never_the_password_grant():
    # The password grant would send the real password to the real token endpoint.
    assert isinstance(auth_from_env(PASSWORD_GRANT_ENV, local_token="local"), BearerToken)
    assert isinstance(auth_from_env({}, local_token="local"), BearerToken)


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (None, {}, DEFAULT_BASE_URL),
        (None, {"VBC_BASE_URL": "http://127.0.0.1:1/v3"}, "http://127.0.0.1:1/v3"),
        (
            "http://127.0.0.1:2/v3",
            {"VBC_BASE_URL": "http://127.0.0.1:1/v3"},
            "http://127.0.0.1:2/v3",
        ),
    ],
)
def test_the_base_url_flag_beats_the_environment_which_beats_the_default(flag, env, expected):
    assert RootOptions.of(flag, None, env).base_url == expected


def test_mock_and_an_explicit_base_url_exclude_each_other():
    with pytest.raises(ValueError, match="--mock and --base-url"):
        RootOptions.of("http://127.0.0.1:2", "mock", {})
    assert RootOptions.of(None, "sandbox", {"VBC_BASE_URL": "http://127.0.0.1:1"}).local
