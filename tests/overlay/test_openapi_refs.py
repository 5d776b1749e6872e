"""The one ``$ref`` resolver (package, tools, tests): JSON Pointer read as RFC 6901 says."""

from __future__ import annotations

from typing import Any

import pytest

from vbc_telephony._openapi_refs import UnresolvableRef, follow, inline, lookup, ref_name

DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Call": {"type": "object", "properties": {"leg": {"$ref": "#/components/schemas/Leg"}}},
            "Leg": {"type": "string"},
            "Alias": {"$ref": "#/components/schemas/Call"},
            "a/b": {"type": "integer"},
            "x~y": {"type": "boolean"},
            "with space": {"type": "number"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Tree": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
        }
    },
    "tags": [{"name": "calls"}],
}


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("#/components/schemas/a~1b", {"type": "integer"}),  # ~1 is "/"
        ("#/components/schemas/x~0y", {"type": "boolean"}),  # ~0 is "~"
        ("#/components/schemas/with%20space", {"type": "number"}),  # a URI fragment
        ("#/tags/0/name", "calls"),  # an index into a list
    ],
)
def test_a_pointer_is_unescaped_as_rfc_6901_and_3986_say(ref: str, expected: object) -> None:
    assert lookup(DOCUMENT, ref) == expected


def test_follow_walks_a_chain_of_references_and_leaves_other_nodes_alone() -> None:
    call = DOCUMENT["components"]["schemas"]["Call"]
    assert follow(DOCUMENT, {"$ref": "#/components/schemas/Alias"}) is call
    assert follow(DOCUMENT, call) is call
    assert follow(DOCUMENT, None) is None


def test_inline_replaces_every_reference_in_a_copy() -> None:
    node = {"oneOf": [{"$ref": "#/components/schemas/Alias"}]}
    assert inline(DOCUMENT, node) == {
        "oneOf": [{"type": "object", "properties": {"leg": {"type": "string"}}}]
    }
    assert node == {"oneOf": [{"$ref": "#/components/schemas/Alias"}]}


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"$ref": "#/components/schemas/Nope"}, "points at nothing"),
        ({"$ref": "#/tags/first"}, "points at nothing"),
        ({"$ref": "#/tags/0/name/x"}, "points at nothing"),
        ({"$ref": "other.yaml#/components/schemas/Call"}, "not a reference into this document"),
        ({"$ref": 42}, "not a string"),
        ({"$ref": "#/components/schemas/Loop"}, "refers to itself"),
    ],
)
def test_a_reference_that_cannot_be_followed_is_a_clear_error(
    node: dict[str, Any], message: str
) -> None:
    with pytest.raises(UnresolvableRef, match=message):
        follow(DOCUMENT, node)


def test_a_schema_that_contains_itself_cannot_be_inlined() -> None:
    with pytest.raises(UnresolvableRef, match="contains itself: #/components/schemas/Tree → #/"):
        inline(DOCUMENT, {"$ref": "#/components/schemas/Tree"})


def test_ref_name_is_the_last_token_unescaped() -> None:
    assert ref_name("#/components/schemas/Call") == "Call"
    assert ref_name("#/components/schemas/a~1b") == "a/b"
    assert ref_name("#/components/schemas/x~0y") == "x~y"
