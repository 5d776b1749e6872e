"""Fixtures for the CLI's tests: ``vbc(...)`` runs the command in-process (typer's CliRunner).

Every run gets an environment without the developer's own ``VBC_*`` variables, and every
run checks that no secret of it appears in what the command printed. ``on_mock`` points the
command at the session's Prism mock; ``on_api`` at ``API``, a made-up server only respx answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from cli_support import API, SECRET_TOKEN, Run, assert_no_secret
from typer.testing import CliRunner

from vbc_telephony.cli import app


@pytest.fixture
def vbc() -> Callable[..., Run]:
    """``vbc(*args, **env)``: run the CLI with only ``env`` as its ``VBC_*`` environment."""

    def run(*args: str, **env: str) -> Run:
        # COLUMNS too: a table's width must not depend on the terminal the suite runs in.
        environment: dict[str, str | None] = {
            name: None for name in os.environ if name.startswith("VBC_") or name == "COLUMNS"
        }
        environment.update(env)
        result = CliRunner().invoke(app, list(args), env=environment)
        raised = None if isinstance(result.exception, SystemExit) else result.exception
        outcome = Run(result.exit_code, result.stdout, result.stderr, raised)
        assert_no_secret(outcome.stdout, outcome.stderr)
        return outcome

    return run


@pytest.fixture
def on_mock(prism, vbc) -> Callable[..., Run]:
    """``on_mock(*args)``: run the CLI against the session's Prism mock, with a token."""

    def run(*args: str, **env: str) -> Run:
        return vbc(*args, **{"VBC_BASE_URL": prism.base_url, "VBC_TOKEN": SECRET_TOKEN, **env})

    return run


@pytest.fixture
def on_api(vbc) -> Callable[..., Run]:
    """``on_api(*args)``: run the CLI against ``API`` (answered by respx), with a token."""

    def run(*args: str, **env: str) -> Run:
        return vbc(*args, **{"VBC_BASE_URL": API, "VBC_TOKEN": SECRET_TOKEN, **env})

    return run
