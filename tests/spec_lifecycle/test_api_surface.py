"""The public Python API as griffe reads it: what counts as public, and what a change is worth.

Each test writes a small package into a temporary folder, in the shapes our packages use:
``__all__`` re-exports from private modules, a lazy module ``__getattr__``, resources made in
``__init__`` and descriptor methods around private functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vbc_spec.api_surface import ApiChange, Surface, diff_surfaces, load_surface

INIT = '''
"""The package."""
from ._client import Client
from ._resource import Method

__all__ = ["Client", "Method"]
'''
RESOURCE = '''
class Method:
    def __init__(self, build): ...

def _list(account_id: str, *, page_size: int | None = None) -> list[str]:
    """List."""

class Calls:
    list = Method(_list)
    def _hidden(self) -> None: ...
'''
CLIENT = '''
from ._resource import Calls

class Client:
    """A client."""
    def __init__(self, *, base_url: str = "https://x", timeout: float = 5.0) -> None:
        self.calls = Calls()
        self._secret = 1
    def close(self) -> None: ...
'''
TESTING = '''
"""Loaded lazily."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._sandbox import Sandbox

__all__ = ["Sandbox"]

def __getattr__(name): ...
'''
SANDBOX = """
class Sandbox:
    def start(self) -> None: ...
"""


def package(root: Path, **edits: tuple[str, str]) -> Surface:
    """The surface of the package in ``root``, each file's text after its ``(old, new)`` edit."""
    files = {
        "__init__.py": INIT,
        "_resource.py": RESOURCE,
        "_client.py": CLIENT,
        "testing/__init__.py": TESTING,
        "testing/_sandbox.py": SANDBOX,
        "models.py": "class Call:\n    call_id: str\n",
    }
    for name, text in files.items():
        old, new = edits.get(name.replace("/", "_").removesuffix(".py"), ("", ""))
        assert old in text
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new, 1) if old else text)
    return load_surface("pkg", root)


def changes(tmp_path: Path, **edits: tuple[str, str]) -> set[tuple[str, str, str, str]]:
    old = package(tmp_path / "old")
    new = package(tmp_path / "new", **edits)
    return {(c.kind, c.path, c.member, c.weight) for c in diff_surfaces(old, new)}


def test_the_surface_is_what_users_reach_by_name(tmp_path: Path) -> None:
    surface = package(tmp_path)
    assert set(surface) == {
        "pkg",
        "pkg.Client",
        "pkg.Client.__init__",
        "pkg.Client.calls",  # made in __init__: its class's members are listed under it
        "pkg.Client.calls.list",  # a descriptor around _list: _list's signature
        "pkg.Client.close",
        "pkg.Method",
        "pkg.Method.__init__",
        "pkg.models",
        "pkg.models.Call",
        "pkg.models.Call.call_id",
        "pkg.testing",
        "pkg.testing.Sandbox",  # lazily exported through __getattr__, read from TYPE_CHECKING
        "pkg.testing.Sandbox.start",
    }
    assert [p[0] for p in surface["pkg.Client.calls.list"]["parameters"]] == [
        "account_id",
        "page_size",
    ]


def test_an_unchanged_package_has_no_changes(tmp_path: Path) -> None:
    assert changes(tmp_path) == set()


def test_a_removed_parameter_of_a_resource_method_is_breaking(tmp_path: Path) -> None:
    edit = ("*, page_size: int | None = None", "")
    assert changes(tmp_path, _resource=edit) == {
        ("removed", "pkg.Client.calls.list", "page_size", "breaking")
    }


def test_a_name_dropped_from_a_lazy_export_is_breaking(tmp_path: Path) -> None:
    edit = ('__all__ = ["Sandbox"]', "__all__ = []")
    assert ("removed", "pkg.testing.Sandbox", "", "breaking") in changes(
        tmp_path, testing___init__=edit
    )


def test_a_new_optional_parameter_and_a_new_name_are_additions(tmp_path: Path) -> None:
    found = changes(
        tmp_path,
        _client=("timeout: float = 5.0", "timeout: float = 5.0, retries: int = 2"),
        models=("call_id: str\n", "call_id: str\n    caller: str | None = None\n"),
    )
    assert found == {
        ("added", "pkg.Client.__init__", "retries", "addition"),
        ("added", "pkg.models.Call.caller", "", "addition"),
    }


def test_a_new_required_parameter_a_changed_default_and_a_retyped_field_are_breaking(
    tmp_path: Path,
) -> None:
    found = changes(
        tmp_path,
        _client=("timeout: float = 5.0", "timeout: float = 10.0, region: str"),
        models=("call_id: str", "call_id: int"),
    )
    assert found == {
        ("added", "pkg.Client.__init__", "region", "breaking"),
        ("changed", "pkg.Client.__init__", "timeout", "breaking"),
        ("changed", "pkg.models.Call.call_id", "", "breaking"),
    }


def test_a_widened_parameter_type_is_not_breaking_and_a_narrowed_one_is(tmp_path: Path) -> None:
    widened = changes(tmp_path / "a", _resource=("account_id: str,", "account_id: str | int,"))
    narrowed = changes(tmp_path / "b", _resource=("int | None = None", "int = 10"))
    assert widened == set()
    assert ("changed", "pkg.Client.calls.list", "page_size", "breaking") in narrowed


def test_a_docstring_change_is_documentation_only(tmp_path: Path) -> None:
    assert changes(tmp_path, _client=('"""A client."""', '"""A client, reworded."""')) == {
        ("changed", "pkg.Client", "", "docs")
    }


def test_private_names_and_modules_are_not_the_surface(tmp_path: Path) -> None:
    found = changes(
        tmp_path,
        _resource=("def _hidden(self) -> None: ...", "def _hidden(self, x: int) -> None: ..."),
        _client=("self._secret = 1", "self._secret = 2"),
    )
    assert found == set()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("vbc_telephony_api.api.calls.list_calls.sync", "list_calls"),
        ("vbc_telephony_api.models.call.Call.caller", "Call"),
        ("vbc_telephony_api.models.Call", "Call"),
        ("vbc_telephony.Telephony.close", "close"),
    ],
)
def test_a_change_names_what_code_that_uses_it_spells(path: str, name: str) -> None:
    assert ApiChange("changed", path, "", "", "breaking").name == name
