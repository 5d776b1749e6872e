"""Reading openapi.yaml in tests: the document, its operations, and its schemas as JSON Schema."""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from vbc_spec.project import read_yaml
from vbc_telephony import _openapi_refs
from vbc_telephony.sandbox._http import openapi as _spec

ROOT = Path(__file__).resolve().parent.parent
# The spec tooling (tools/vbc_spec) is not installed: a subprocess finds it on this path.
TOOLS_ENV = {**os.environ, "PYTHONPATH": str(ROOT / "tools")}
SPEC_PATH = ROOT / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def write_yaml(path: Path, document: Any) -> None:
    """``document`` as YAML at ``path``, keys in their order. Any valid YAML does for a test's
    edited copy, so this is libyaml's emitter, not ``vbc_spec``'s ``dump_yaml`` (which lays out
    the committed openapi.yaml: 42 ms for it against 9 ms)."""
    text = yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False)
    path.write_text(text, encoding="utf-8")


@functools.cache
def _load() -> dict[str, Any]:
    return read_yaml(SPEC_PATH)


def spec() -> dict[str, Any]:
    """A fresh copy of the parsed document (tests may not change each other's view of it)."""
    return copy.deepcopy(_load())


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation."""
    for path, item in _load()["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def ref_name(node: dict[str, Any]) -> str:
    """The component name a ``{"$ref": "#/components/…/Name"}`` points at."""
    return _openapi_refs.ref_name(node["$ref"])


def resolve(node: Any) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points at (the spec has no cycles)."""
    return _openapi_refs.inline(_load(), node)


def to_json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.0 schema object as plain JSON Schema (refs resolved, ``nullable`` as a type),
    converted as the sandbox converts it."""
    return _spec.to_json_schema(schema, _load())
