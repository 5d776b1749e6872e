"""The bundled ``openapi.yaml``, read once: its operations, and its schemas as JSON Schema.

OpenAPI 3.0 schema objects are not quite JSON Schema: ``nullable`` stands for a ``null``
type, ``example`` and friends are annotations, and ``format`` on a number (``int64``) only
documents its size. ``to_json_schema`` turns one into the plain JSON Schema a validator
takes, with every local ``$ref`` resolved (the spec has no cycles). ``operations`` lists each
operation with its parameters (path-level ones merged in) and request body, so that routes
and validators come from the document alone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from vbc_telephony._openapi_refs import inline

from ..._local_servers import bundled_spec

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_ANNOTATIONS = frozenset(
    {"example", "examples", "description", "title", "nullable", "deprecated", "default", "xml"}
)

JSONSchema = dict[str, Any]


@functools.cache
def load(path: Path | None = None) -> Mapping[str, Any]:
    """The parsed document at ``path`` (default: the one shipped in the package)."""
    text = (path or bundled_spec()).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document: Mapping[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return document


def resolve(node: Any, document: Mapping[str, Any]) -> Any:  # noqa: ANN401 - any YAML node
    """``node`` with every local ``$ref`` replaced by what it points at."""
    return inline(document, node)


def to_json_schema(schema: Mapping[str, Any], document: Mapping[str, Any]) -> JSONSchema:
    """An OpenAPI 3.0 schema object as plain JSON Schema (see the module docstring)."""

    def convert(node: Any) -> Any:  # noqa: ANN401 - any schema node
        if isinstance(node, list):
            return [convert(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: convert(value) for key, value in node.items() if key not in _ANNOTATIONS}
        if out.get("type") != "string":
            out.pop("format", None)
        if "properties" in node:  # property names are data, even "example" or "nullable"
            out["properties"] = {key: convert(value) for key, value in node["properties"].items()}
        if node.get("nullable"):
            out = {"anyOf": [out, {"type": "null"}]}
        return out

    converted: JSONSchema = convert(resolve(schema, document))
    return converted


def component_schema(name: str, document: Mapping[str, Any]) -> JSONSchema:
    """``#/components/schemas/{name}`` as JSON Schema."""
    return to_json_schema(document["components"]["schemas"][name], document)


def latest_time(document: Mapping[str, Any]) -> int:
    """The latest time the API sends, in epoch seconds: the spec's bound on ``EpochSeconds``."""
    return max(
        int(branch["maximum"])
        for branch in document["components"]["schemas"]["EpochSeconds"]["oneOf"]
        if "maximum" in branch
    )


def api_prefix(document: Mapping[str, Any]) -> str:
    """The path of the first server URL: where the live service serves the API."""
    url: str = document["servers"][0]["url"]
    return urlsplit(url).path.rstrip("/")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query, header or cookie
    required: bool
    allow_empty: bool
    schema: JSONSchema


@dataclass(frozen=True)
class OperationSpec:
    """One operation: where it is, what it takes. ``variants`` names the schemas of a
    ``oneOf`` body (``HoldLeg``, ``SendDtmf`` …), in the order the spec lists them."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body: JSONSchema | None
    body_required: bool
    variants: tuple[tuple[str, JSONSchema], ...]
    secured: bool


def _parameters(
    item: Mapping[str, Any], operation: Mapping[str, Any], document: Mapping[str, Any]
) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], Parameter] = {}
    for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = resolve(raw, document)
        merged[parameter["name"], parameter["in"]] = Parameter(
            name=parameter["name"],
            location=parameter["in"],
            required=bool(parameter.get("required")),
            allow_empty=bool(parameter.get("allowEmptyValue")),
            schema=to_json_schema(parameter["schema"], document),
        )
    return tuple(merged.values())


def _body(
    operation: Mapping[str, Any], document: Mapping[str, Any]
) -> tuple[JSONSchema | None, bool, tuple[tuple[str, JSONSchema], ...]]:
    request_body = resolve(operation.get("requestBody"), document)
    if not request_body:
        return None, False, ()
    raw = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in raw:
        raw = document["components"]["schemas"][str(raw["$ref"]).rsplit("/", 1)[1]]
    variants = tuple(
        (str(branch["$ref"]).rsplit("/", 1)[1], to_json_schema(branch, document))
        for branch in raw.get("oneOf", [])
    )
    schema = to_json_schema(raw, document)
    return schema, bool(request_body.get("required")), variants


def operations(document: Mapping[str, Any]) -> Iterator[OperationSpec]:
    """Every operation of ``document``, in its order."""
    secured_by_default = bool(document.get("security"))
    for path, item in document["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body, body_required, variants = _body(operation, document)
            yield OperationSpec(
                operation_id=operation["operationId"],
                method=method.upper(),
                path=path,
                parameters=_parameters(item, operation, document),
                body=body,
                body_required=body_required,
                variants=variants,
                secured=bool(operation.get("security", secured_by_default)),
            )
