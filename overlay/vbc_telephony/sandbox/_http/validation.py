"""Requests checked against the spec: one compiled validator per operation and part.

For each operation, ``jsonschema-rs`` validators are compiled once, from the spec's own
schemas: one over the path parameters, one over the query parameters (each as an object of
its parameters), one over the body, and one per branch of a ``oneOf`` body, to tell which
action a valid body is. Query values arrive as text, so a parameter whose schema says
``integer`` is read as one when it is written as one; anything else is left as text for the
validator to refuse. A parameter given twice becomes a list, which no schema here accepts.

A refusal is a ``Refused`` (400) whose message names the part and the field at fault, from
the validator's error path; for a ``oneOf`` body, from the branch that came closest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from ..._server.asgi import parse_json
from .._domain.refusals import Refused
from .openapi import JSONSchema, OperationSpec, Parameter
from .responses import is_json

_MESSAGE_LIMIT = 300


@dataclass(frozen=True)
class ValidRequest:
    """A request the spec accepts: its parameters (query values typed) and body.

    ``variant`` is the name of the ``oneOf`` branch the body matches, if the body has them.
    """

    path: Mapping[str, str]
    query: Mapping[str, Any]
    body: Any
    variant: str | None = None


def json_body(body: bytes) -> Any:  # noqa: ANN401 - any JSON value
    """``body`` parsed as ``parse_json`` does, refusing lone surrogates too.

    JSON may escape a lone surrogate (``"\\ud800"``), which no Unicode text holds: the
    validator (in Rust) and every answer that echoes the value would fail on it.
    """
    value = parse_json(body)
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("Invalid request body: it holds a lone surrogate (\\ud800-\\udfff)") from None
    return value


def compile_schema(schema: JSONSchema) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _object_of(parameters: Sequence[Parameter]) -> JSONSchema:
    return {
        "type": "object",
        "properties": {parameter.name: parameter.schema for parameter in parameters},
        "required": [parameter.name for parameter in parameters if parameter.required],
    }


def _typed(value: str, schema: JSONSchema) -> object:
    """``value`` as the schema's type when it is written as one (only integers are used)."""
    if schema.get("type") == "integer" and value.isascii() and value.lstrip("-").isdigit():
        try:
            return int(value)
        except ValueError:  # more digits than Python converts: left as text, and refused
            return value
    return value


def _field(path: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in path)


def _closest(error: jsonschema_rs.ValidationError) -> tuple[Sequence[str | int], str]:
    """The error's path and message; for a failed ``oneOf``/``anyOf``, those of the branch
    that came closest (the fewest errors, then the deepest into the value)."""
    kind = error.kind
    alternatives = jsonschema_rs.ValidationErrorKind.OneOfNotValid | (
        jsonschema_rs.ValidationErrorKind.AnyOf
    )
    if isinstance(kind, alternatives):
        branches = [branch for branch in kind.context if branch]
        if branches:
            best = min(
                branches,
                key=lambda errors: (len(errors), -max(len(e.instance_path) for e in errors)),
            )
            return _closest(max(best, key=lambda e: len(e.instance_path)))
    return error.instance_path, error.message


def describe(error: jsonschema_rs.ValidationError, part: str, member: str = "field ") -> str:
    """``error`` as one line naming ``part`` (``request body``) and the ``member`` at fault
    (``field 'to.destination'``)."""
    path, message = _closest(error)
    if len(message) > _MESSAGE_LIMIT:
        message = message[:_MESSAGE_LIMIT] + "…"
    where = f"{part} {member}{_field(path)!r}" if path else part
    return f"Invalid {where}: {message}"


def check(
    validator: jsonschema_rs.Validator, value: object, part: str, member: str = "field "
) -> None:
    """``Refused`` naming the first problem, if ``value`` does not validate."""
    for error in validator.iter_errors(value):
        raise Refused(describe(error, part, member))


class RequestValidator:
    """The validators of one operation."""

    def __init__(self, spec: OperationSpec) -> None:
        by_location = {
            location: [p for p in spec.parameters if p.location == location]
            for location in ("path", "query")
        }
        self._query_parameters = by_location["query"]
        self._path = compile_schema(_object_of(by_location["path"]))
        self._query = compile_schema(_object_of(by_location["query"]))
        self._body = None if spec.body is None else compile_schema(spec.body)
        self._body_required = spec.body_required
        self._variants = [(name, compile_schema(schema)) for name, schema in spec.variants]

    def validate(
        self,
        path: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        body: bytes,
        content_type: str | None,
    ) -> ValidRequest:
        check(self._path, dict(path), "path parameter", member="")
        typed_query = self._typed_query(query)
        check(self._query, typed_query, "query parameter", member="")
        if self._body is None:
            return ValidRequest(path, typed_query, None)
        if not body:
            if self._body_required:
                raise Refused("Invalid request body: a JSON body is required")
            return ValidRequest(path, typed_query, None)
        if not is_json(content_type):
            raise Refused("Invalid request body: Content-Type must be application/json")
        value = json_body(body)
        check(self._body, value, "request body")
        variant = next((name for name, v in self._variants if v.is_valid(value)), None)
        return ValidRequest(path, typed_query, value, variant)

    def _typed_query(self, query: Sequence[tuple[str, str]]) -> dict[str, object]:
        typed: dict[str, object] = {}
        for parameter in self._query_parameters:
            values = [value for name, value in query if name == parameter.name]
            if parameter.allow_empty:
                values = [value for value in values if value != ""]
            if values:
                converted = [_typed(value, parameter.schema) for value in values]
                typed[parameter.name] = converted[0] if len(converted) == 1 else converted
        return typed
