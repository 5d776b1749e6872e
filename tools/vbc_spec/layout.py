"""The key order of the written ``openapi.yaml``: fixed fields first, in a conventional order.

An overlay adds keys at the end of the object it merges into, so a field it adds (an
operation's ``description``, a path's ``parameters``) would land after the vendor's. Order
carries no meaning in OpenAPI, but it decides how the file reads and, for ``responses``, in
which order the generated client tests status codes. This module puts the fields of the
objects below in the order the hand-written spec used; names that are data (paths, property
names, component names) keep the order the overlay produced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_ROOT = ("openapi", "info", "servers", "security", "tags", "paths", "components")
_COMPONENTS = ("securitySchemes", "parameters", "responses", "schemas")
_PATH_ITEM = ("parameters",)
_OPERATION = (
    "operationId",
    "tags",
    "summary",
    "description",
    "parameters",
    "requestBody",
    "responses",
)
_REQUEST_BODY = ("description", "required", "content")
_PARAMETER = ("name", "in", "required", "allowEmptyValue", "description", "schema")
_SCHEMA = (
    "$ref",
    "type",
    "format",
    "description",
    "required",
    "additionalProperties",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "nullable",
    "minimum",
    "maximum",
    "minLength",
    "pattern",
    "maxLength",
    "default",
    "example",
)
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def lay_out(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its objects' fields in the conventional order (a new dict)."""
    out = _ordered(document, _ROOT)
    if isinstance(out.get("paths"), dict):
        out["paths"] = {path: _path_item(item) for path, item in out["paths"].items()}
    if isinstance(out.get("components"), dict):
        out["components"] = _components(_ordered(out["components"], _COMPONENTS))
    return out


def _ordered(node: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    keys = [k for k in first if k in node] + [k for k in node if k not in first]
    return {k: node[k] for k in keys}


def _each(node: object, fix: Callable[[object], object]) -> object:
    """``fix`` applied to every value of a map (or entry of a list), the container kept."""
    if isinstance(node, dict):
        return {key: fix(value) for key, value in node.items()}
    if isinstance(node, list):
        return [fix(value) for value in node]
    return node


def _path_item(item: object) -> object:
    if not isinstance(item, dict):
        return item
    out = _ordered(item, _PATH_ITEM)
    if "parameters" in out:
        out["parameters"] = _each(out["parameters"], _parameter)
    for method in _METHODS:
        if method in out:
            out[method] = _operation(out[method])
    return out


def _operation(operation: object) -> object:
    if not isinstance(operation, dict):
        return operation
    out = _ordered(operation, _OPERATION)
    if "parameters" in out:
        out["parameters"] = _each(out["parameters"], _parameter)
    if isinstance(out.get("requestBody"), dict):
        out["requestBody"] = _with_content(_ordered(out["requestBody"], _REQUEST_BODY))
    if isinstance(out.get("responses"), dict):
        out["responses"] = _each(_by_status(out["responses"]), _with_content)
    return out


def _by_status(responses: dict[str, Any]) -> dict[str, Any]:
    # "default" and ranges such as "4XX" sort after the exact codes of their class.
    return dict(sorted(responses.items(), key=lambda item: str(item[0]).replace("X", "9")))


def _parameter(parameter: object) -> object:
    if not isinstance(parameter, dict):
        return parameter
    out = _ordered(parameter, _PARAMETER)
    if "schema" in out:
        out["schema"] = _schema(out["schema"])
    return out


def _with_content(holder: object) -> object:
    """A request body, response or header with each media type's schema laid out."""
    if not isinstance(holder, dict):
        return holder
    out = dict(holder)
    if isinstance(out.get("content"), dict):
        out["content"] = _each(out["content"], _media_type)
    if isinstance(out.get("headers"), dict):
        out["headers"] = _each(out["headers"], _parameter)
    return out


def _media_type(media: object) -> object:
    if isinstance(media, dict) and "schema" in media:
        return {**media, "schema": _schema(media["schema"])}
    return media


def _components(components: dict[str, Any]) -> dict[str, Any]:
    out = dict(components)
    if "parameters" in out:
        out["parameters"] = _each(out["parameters"], _parameter)
    if "responses" in out:
        out["responses"] = _each(out["responses"], _with_content)
    if "schemas" in out:
        out["schemas"] = _each(out["schemas"], _schema)
    return out


def _schema(schema: object) -> object:
    if not isinstance(schema, dict):
        return schema
    out = _ordered(schema, _SCHEMA)
    if "properties" in out:
        out["properties"] = _each(out["properties"], _schema)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(out.get(key), dict):
            out[key] = _schema(out[key])
    for key in ("allOf", "oneOf", "anyOf"):
        if key in out:
            out[key] = _each(out[key], _schema)
    return out
