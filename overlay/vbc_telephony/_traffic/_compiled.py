"""The spec's operations, compiled once for judging exchanges: each with the pattern its path
matches (under any prefix), and per documented status the validators of its media types
(jsonschema-rs, from the spec's own schemas) and of its headers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from ._openapi import compile_schema, resolve, to_json_schema

_STATUS_RANGE = "{}XX"
# A text answer is checked as one JSON string (``create_call``'s new id).
TEXT = "text/plain"


def media_type(content_type: str | None) -> str:
    return (content_type or "").partition(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


@dataclass(frozen=True)
class CompiledHeader:
    name: str
    required: bool
    validator: jsonschema_rs.Validator | None
    numeric: bool


@dataclass(frozen=True)
class CompiledAnswer:
    """One documented response: its media types (with a validator for JSON ones) and headers."""

    media: Mapping[str, jsonschema_rs.Validator | None]
    headers: tuple[CompiledHeader, ...]


def _answer(raw: Mapping[str, Any], document: Mapping[str, Any]) -> CompiledAnswer:
    response = resolve(raw, document)
    media: dict[str, jsonschema_rs.Validator | None] = {}
    for name, content in (response.get("content") or {}).items():
        schema = (content or {}).get("schema")
        if schema is not None and (is_json(media_type(name)) or media_type(name) == TEXT):
            media[name.lower()] = compile_schema(to_json_schema(schema, document))
        else:
            media[name.lower()] = None
    headers = []
    for name, spec in (response.get("headers") or {}).items():
        schema = to_json_schema(spec.get("schema") or {}, document)
        headers.append(
            CompiledHeader(
                name=name,
                required=bool(spec.get("required")),
                validator=compile_schema(schema) if schema else None,
                numeric=schema.get("type") in ("integer", "number"),
            )
        )
    return CompiledAnswer(media, tuple(headers))


class CompiledOperation:
    def __init__(
        self, method: str, template: str, raw: Mapping[str, Any], document: Mapping[str, Any]
    ) -> None:
        self.label = f"{method} {template}"
        self.template = template
        self.method = method
        self.template_segments = template.strip("/").split("/")
        names = re.findall(r"\{([^}/]+)\}", template)
        self.pattern = re.compile(
            "(?:.*)"
            + re.sub(r"\\\{([^}/]+)\\\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(template))
            + "$"
        )
        self.parameters = tuple(names)
        self.answers = {
            str(status).upper(): _answer(response, document)
            for status, response in (raw.get("responses") or {}).items()
        }
        self.documented = ", ".join(self.answers)

    def answer(self, status: int) -> CompiledAnswer | None:
        return (
            self.answers.get(str(status))
            or self.answers.get(_STATUS_RANGE.format(status // 100))
            or self.answers.get("DEFAULT")
        )
