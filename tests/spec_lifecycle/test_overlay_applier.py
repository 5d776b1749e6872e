"""The Overlay 1.0.0 applier: merge, append, remove, unmatched targets, bad documents."""

from __future__ import annotations

from typing import Any

import pytest

from vbc_spec.errors import OverlayError
from vbc_spec.overlay import apply_overlay, parse_overlay


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def apply(document: Any, *actions: dict[str, Any]) -> Any:
    return apply_overlay(document, parse_overlay(overlay(*actions))).document


def test_update_merges_objects_recursively() -> None:
    doc = {"info": {"title": "old", "contact": {"name": "a", "email": "e"}, "keep": 1}}
    out = apply(
        doc,
        {"target": "$.info", "update": {"title": "new", "contact": {"name": "b"}, "added": True}},
    )
    assert out == {
        "info": {"title": "new", "contact": {"name": "b", "email": "e"}, "keep": 1, "added": True}
    }
    assert list(out["info"]) == ["title", "contact", "keep", "added"]  # kept keys keep their place
    assert doc["info"]["title"] == "old"  # the input is not changed


def test_update_appends_to_a_target_array_and_concatenates_arrays_in_a_merge() -> None:
    doc = {"tags": [{"name": "a"}], "op": {"tags": ["x"]}}
    out = apply(
        doc,
        {"target": "$.tags", "update": {"name": "b"}},
        {"target": "$.op", "update": {"tags": ["y", "z"]}},
    )
    assert out["tags"] == [{"name": "a"}, {"name": "b"}]
    assert out["op"]["tags"] == ["x", "y", "z"]


def test_update_applies_to_every_selected_node() -> None:
    doc = {"paths": {"/a": {"get": {}}, "/b": {"get": {}, "put": {}}}}
    out = apply(doc, {"target": "$.paths.*.*", "update": {"security": []}})
    assert all(op == {"security": []} for item in out["paths"].values() for op in item.values())


def test_remove_deletes_each_match_including_several_array_entries() -> None:
    doc = {
        "params": [{"in": "path", "n": 1}, {"in": "query", "n": 2}, {"in": "path", "n": 3}],
        "x-a": "vendor",
        "x-b": {"nested": True},
    }
    out = apply(
        doc,
        {"target": "$.params[?@.in == 'path']", "remove": True},
        {"target": "$['x-a','x-b']", "remove": True},
    )
    assert out == {"params": [{"in": "query", "n": 2}]}


def test_actions_apply_in_order_each_on_the_result_of_the_ones_before() -> None:
    doc = {"s": {"type": "string", "example": 1}}
    out = apply(
        doc,
        {"target": "$.s", "remove": True},
        {"target": "$", "update": {"s": {"$ref": "#/x"}}},
    )
    assert out == {"s": {"$ref": "#/x"}}


def test_targets_that_select_nothing_are_reported() -> None:
    parsed = parse_overlay(
        overlay(
            {"target": "$.info", "update": {"title": "t"}},
            {"target": "$.nothing", "update": {"a": 1}},
            {"target": "$.gone[*]", "remove": True},
        )
    )
    applied = apply_overlay({"info": {}}, parsed)
    assert applied.matches == (1, 0, 0)
    assert [action.index for action in applied.unmatched] == [1, 2]
    assert applied.document == {"info": {"title": "t"}}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (["not", "a", "mapping"], "is a mapping"),
        ({"overlay": "2.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "1.0.x"),
        ({"overlay": "1.0.0", "info": {"title": "t"}, "actions": [{}]}, "`info`"),
        ({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "non-empty"),
        (overlay({"update": {}}), "needs a `target`"),
        (overlay({"target": "$.a[", "update": {}}), "not an RFC 9535 JSONPath"),
        (overlay({"target": "$.a", "update": {}, "remove": True}), "keep one"),
        (overlay({"target": "$.a"}), "does nothing"),
        (overlay({"target": "$.a", "remove": "yes"}), "`remove` must be true or false"),
        (overlay({"target": "$.a", "update": {}, "replace": 1}), "unknown fields: replace"),
        (overlay({"target": "$.a", "description": 3, "update": {}}), "`description`"),
        ({**overlay({"target": "$", "update": {}}), "extras": 1}, "unknown fields: extras"),
    ],
)
def test_bad_overlay_documents_get_a_clear_error(document: Any, message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        parse_overlay(document)


def test_extensions_are_allowed_and_kept() -> None:
    parsed = parse_overlay(
        {**overlay({"target": "$", "update": {}, "x-why": "because"}), "x-top": 1}
    )
    assert parsed.extensions == {"x-top": 1}
    assert parsed.actions[0].extensions == {"x-why": "because"}


@pytest.mark.parametrize(
    ("document", "action", "message"),
    [
        ({"a": {"title": "x"}}, {"target": "$.a.title", "update": {"b": 1}}, "needs an object"),
        ({"a": {"b": {"c": 1}}}, {"target": "$.a", "update": {"b": "flat"}}, "cannot merge str"),
        ({"a": {"b": [1]}}, {"target": "$.a", "update": {"b": {"c": 1}}}, "cannot merge dict"),
        ({"a": {"b": 1}}, {"target": "$.a", "update": ["x"]}, "must be an object to merge"),
        ({"a": 1}, {"target": "$", "remove": True}, "root cannot be removed"),
    ],
)
def test_actions_that_cannot_apply_raise_a_clear_error(
    document: Any, action: dict[str, Any], message: str
) -> None:
    with pytest.raises(OverlayError, match=message):
        apply(document, action)
