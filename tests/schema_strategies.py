"""Hypothesis strategies for the JSON Schema subset openapi.yaml uses.

hypothesis-jsonschema no longer works with current Hypothesis, and schemathesis keeps its
generator private, so the few keywords the spec's schemas use are covered here. A keyword
this does not know fails loudly, so a spec change cannot silently narrow the tests.
"""

from __future__ import annotations

from typing import Any

from hypothesis import provisional
from hypothesis import strategies as st

_KNOWN = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "oneOf",
    "anyOf",
    "allOf",
    "format",
}
# Extra property names the spec does not declare: the API may add fields at any time.
_EXTRA_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
_ANY_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
    for part in schema["allOf"]:
        part = _merge_all_of(part) if "allOf" in part else part
        merged["properties"].update(part.get("properties", {}))
        merged["required"] += part.get("required", [])
    return merged


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    unknown = set(schema) - _KNOWN
    if unknown:
        raise NotImplementedError(f"schema keywords not covered: {sorted(unknown)}")
    if "allOf" in schema:
        return from_schema(_merge_all_of(schema))
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([from_schema(branch) for branch in schema[key]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "string":
        if schema.get("format") == "uri":
            # The only URIs in the spec are http(s) audio locations (pattern ^https?://).
            return provisional.urls()
        if "pattern" in schema:
            return st.from_regex(schema["pattern"].replace("$", r"\Z"), fullmatch=False)
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 30))
    if kind == "array":
        return st.lists(from_schema(schema["items"]), max_size=3)
    if kind == "object":
        return _object(schema)
    raise NotImplementedError(f"schema type not covered: {kind!r}")


@st.composite
def _object(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    out: dict[str, Any] = {}
    for name, sub in properties.items():
        if name in required or draw(st.booleans()):
            out[name] = draw(from_schema(sub))
    if schema.get("additionalProperties", True) is not False:
        extras = draw(st.dictionaries(_EXTRA_NAMES, _ANY_JSON, max_size=2))
        out.update({k: v for k, v in extras.items() if k not in properties})
    return out
