"""Our template overrides (``templates/``) make ``from_dict`` faster without changing what it does.

The package the pinned generator makes with its own templates is generated beside ours and
both parse the same bodies, valid and broken: they must build the same objects (down to
``additional_properties`` at every level) or both raise an error the overlay reports as a
bad response. The one difference is deliberate: the stock ``from_dict`` copied its input
with ``dict()``, which also accepts an empty string, an empty list or a list of pairs where
an object belongs; ours reads keys and refuses them.

The overrides also move the imports of referenced models to the bottom of each module; a
spec with recursive schemas checks that this stays safe from import cycles.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategies import from_schema
from spec_tools import ROOT, spec, to_json_schema
from test_models_parse_schema_data import RESPONSE_MODELS

from vbc_telephony_api import models, types

# Its module-scoped fixture is costly: all its tests share one xdist worker, so it runs once.
pytestmark = pytest.mark.xdist_group("stock-templates")

# What the overlay turns into APIResponseValidationError when a body does not parse.
PARSE_ERRORS = (TypeError, ValueError, KeyError, AttributeError)

# Replacement values for broken bodies: any JSON except what dict() turns into an object
# (see the module docstring), so that both packages must agree on every one of them. A list
# holding strings or objects could be a list of pairs, so lists hold other values only.
_NOT_PAIRS = st.none() | st.booleans() | st.integers()
_JSON = st.recursive(
    _NOT_PAIRS | st.text(min_size=1, max_size=8),
    lambda inner: (
        st.dictionaries(st.text(max_size=8), inner, max_size=3)
        | st.lists(_NOT_PAIRS, min_size=1, max_size=3)
    ),
    max_leaves=6,
)

# A node refers to itself, to a list of itself and to a link that refers back to it; the
# tag is a union with a model in it, which keeps the generator's parsing closure.
_RECURSIVE_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "recursive", "version": "1"},
    "paths": {
        "/nodes/{id}": {
            "get": {
                "operationId": "getNode",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "a node",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Node": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "parent": {"$ref": "#/components/schemas/Node"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "link": {"$ref": "#/components/schemas/Link"},
                    "tag": {"oneOf": [{"$ref": "#/components/schemas/Link"}, {"type": "string"}]},
                },
            },
            "Link": {
                "type": "object",
                "properties": {
                    "target": {"$ref": "#/components/schemas/Node"},
                    "weight": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
                },
            },
        }
    },
}


def _generate_and_import(folder: Path, package: str, *options: str) -> Iterator[ModuleType]:
    """The models of a package generated into ``folder``, importable while the caller waits."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "generate.py"),
            "--output",
            str(folder / package),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.partition(".")[0] == package]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def stock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The models as the generator makes them with its own templates."""
    yield from _generate_and_import(
        tmp_path_factory.mktemp("stock"), "stock_vbc_telephony_api", "--stock-templates"
    )


@pytest.fixture(scope="module")
def recursive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("recursive")
    spec_path = folder / "recursive.json"
    spec_path.write_text(json.dumps(_RECURSIVE_SPEC))
    yield from _generate_and_import(folder, "recursive_api", "--spec", str(spec_path))


def _state(value: Any) -> Any:
    """What a parsed object holds, comparable across the two packages (whose classes differ)."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__name__, {f.name: _state(getattr(value, f.name)) for f in fields})
    if isinstance(value, list):
        return [_state(item) for item in value]
    if type(value).__name__ == "Unset":
        return types.UNSET
    return value


def _outcome(model: Any, body: Any) -> Any:
    try:
        return _state(model.from_dict(body))
    except PARSE_ERRORS:
        return "raised"


@st.composite
def _broken(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one thing somewhere in it deleted or replaced by other JSON."""
    if not isinstance(value, dict | list) or not value or draw(st.integers(0, 4)) == 0:
        return draw(_JSON)
    index = draw(st.sampled_from(list(value) if isinstance(value, dict) else range(len(value))))
    action = draw(st.sampled_from(["delete", "descend"]))
    if isinstance(value, dict):
        rest = {key: item for key, item in value.items() if key != index}
        return rest if action == "delete" else {**value, index: draw(_broken(value[index]))}
    if action == "delete":
        return value[:index] + value[index + 1 :]
    return [*value[:index], draw(_broken(value[index])), *value[index + 1 :]]


def _schema(name: str) -> dict[str, Any]:
    return to_json_schema(spec()["components"]["schemas"][name])


@pytest.mark.parametrize("name", sorted(RESPONSE_MODELS))
def test_from_dict_builds_what_the_stock_templates_build(stock: ModuleType, name: str) -> None:
    ours, theirs = getattr(models, name), getattr(stock, name)
    valid = from_schema(_schema(name))

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(valid, valid.flatmap(_broken)))
    def check(body: Any) -> None:
        assert _outcome(ours, body) == _outcome(theirs, body)

    check()


@pytest.mark.parametrize("name", sorted(RESPONSE_MODELS))
@pytest.mark.parametrize("body", ["", [], [["message", "x"]], ["ab"]], ids=repr)
def test_non_objects_that_dict_would_accept_are_refused(name: str, body: Any) -> None:
    with pytest.raises(PARSE_ERRORS):
        RESPONSE_MODELS[name].from_dict(body)


@pytest.mark.parametrize(
    ("model", "body", "missing"),
    [
        (models.Call, {"account_id": 1, "legs": []}, "call_id"),
        (models.Call, {"call_id": "c", "legs": [{"call_id": "c"}]}, "leg_id"),
        (models.CallsPage, {"current_page": 1}, "calls"),
        (models.CallsPage, {"calls": [{"status": "held"}]}, "call_id"),
        (models.Device, {"account_id": 1}, "mac_address"),
        (models.Error, {"code": 400}, "message"),
    ],
)
def test_a_missing_required_property_raises_key_error_naming_it(
    model: Any, body: dict[str, Any], missing: str
) -> None:
    with pytest.raises(KeyError, match=missing):
        model.from_dict(body)


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (models.CallsPage, {"calls": 5}),
        (models.CallsPage, {"calls": [5]}),
        (models.CallsPage, {"calls": None}),
        (models.Call, {"call_id": "c", "legs": 7}),
        (models.Call, {"call_id": "c", "legs": ["leg"]}),
        (models.Device, {"mac_address": "m", "registration": 3}),
        (models.Device, {"mac_address": "m", "provisioned": "yes"}),
    ],
)
def test_a_list_or_object_of_the_wrong_type_raises(model: Any, body: dict[str, Any]) -> None:
    with pytest.raises(PARSE_ERRORS):
        model.from_dict(body)


def test_unions_of_plain_values_are_kept_as_sent() -> None:
    for sent in (7, "7", "", 10**20):
        call = models.Call.from_dict({"call_id": "c", "from": sent, "start_time": sent})
        assert (call.from_, call.start_time) == (sent, sent)
        assert call.to is types.UNSET


def test_additional_properties_are_exactly_the_undeclared_keys() -> None:
    body = {"call_id": "c", "x": [1], "status": "held", "legs": [{"leg_id": "l", "to": 3, "y": 2}]}
    call = models.Call.from_dict(body)
    assert call.additional_properties == {"x": [1]}
    assert call.legs[0].additional_properties == {"y": 2}
    assert models.Call.from_dict({"call_id": "c"}).additional_properties == {}
    # The object's own, not the caller's dict.
    call.additional_properties["z"] = 1
    assert "z" not in body


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_recursive_schemas_import_and_round_trip(
    recursive: ModuleType, data: st.DataObject
) -> None:
    names = st.text(max_size=4)
    link = st.fixed_dictionaries({}, optional={"weight": st.integers() | names})
    node = st.recursive(
        st.fixed_dictionaries({"name": names}),
        lambda inner: st.fixed_dictionaries(
            {"name": names},
            optional={
                "parent": inner,
                "children": st.lists(inner, max_size=2),
                "link": st.fixed_dictionaries({}, optional={"target": inner, "weight": names}),
                "tag": link | names,
                "extra": st.integers(),
            },
        ),
        max_leaves=5,
    )
    body = data.draw(node)
    parsed = recursive.Node.from_dict(body)
    assert parsed.to_dict() == body
    assert isinstance(parsed.tag, recursive.Link) == isinstance(body.get("tag"), dict)
