"""An OpenAPI Overlay 1.0.0 applier: read an overlay document and apply its actions.

Targets are RFC 9535 JSONPath queries, evaluated by ``jsonpath-rfc9535``. The semantics are
the Overlay Specification's:

- ``update`` on an object merges recursively: a key only in the update is added, primitives
  replace primitives, arrays are concatenated, objects are merged, and any other pairing is
  an error; ``update`` on an array appends the value as one entry;
- ``update`` targets must be objects or arrays, never primitives;
- ``remove: true`` removes every selected node from the object or array that contains it.
  Overlay 1.0.0 defines targets as objects or arrays only; removing a primitive (a
  string-valued key such as a vendor ``x-`` extension) is allowed here too, as most
  overlay tools allow it, since the specification offers no other way to drop one;
- actions apply in order, each to the result of the ones before it.

A target that selects nothing changes nothing; :func:`apply_overlay` reports it instead of
failing, so that callers decide whether that is an error (``make spec``) or a finding (the
overlay health check of a new vendor file).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import jsonpath_rfc9535
from jsonpath_rfc9535 import JSONPathError, JSONPathNode, JSONPathQuery

from vbc_spec.errors import OverlayError

SUPPORTED_VERSION = "1.0"
_ACTION_FIELDS = {"target", "description", "update", "remove"}
_OVERLAY_FIELDS = {"overlay", "info", "extends", "actions"}


@dataclass(frozen=True)
class Action:
    """One action of an overlay: where (``target``) and what (``update`` or ``remove``)."""

    index: int
    target: str
    description: str
    kind: Literal["update", "remove"]
    update: Any = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    query: JSONPathQuery = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def __str__(self) -> str:
        return f"action {self.index} ({self.target})"


@dataclass(frozen=True)
class Overlay:
    """A parsed, validated overlay document."""

    version: str
    title: str
    info_version: str
    actions: tuple[Action, ...]
    extends: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Applied:
    """The document an overlay produced, and how many nodes each action's target selected."""

    document: Any
    matches: tuple[int, ...]
    overlay: Overlay

    @property
    def unmatched(self) -> tuple[Action, ...]:
        """The actions whose target selected nothing (they changed nothing)."""
        return tuple(a for a, n in zip(self.overlay.actions, self.matches, strict=True) if n == 0)


def parse_overlay(data: object) -> Overlay:
    """Validate a parsed overlay document (YAML or JSON) and compile its targets."""
    if not isinstance(data, Mapping):
        raise OverlayError(f"an overlay document is a mapping, not {type(data).__name__}")
    _no_unknown_fields(data, _OVERLAY_FIELDS, "the overlay document")
    version = data.get("overlay")
    if not isinstance(version, str) or not (
        version == SUPPORTED_VERSION or version.startswith(SUPPORTED_VERSION + ".")
    ):
        raise OverlayError(f"`overlay` must be a 1.0.x version string, got {version!r}")
    info = data.get("info")
    if not isinstance(info, Mapping) or not all(
        isinstance(info.get(key), str) for key in ("title", "version")
    ):
        raise OverlayError("`info` must be a mapping with a string `title` and `version`")
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise OverlayError("`extends` must be a string (a URL or path)")
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("`actions` must be a non-empty list")
    return Overlay(
        version=version,
        title=info["title"],
        info_version=info["version"],
        actions=tuple(_parse_action(i, raw) for i, raw in enumerate(actions)),
        extends=extends,
        extensions={k: v for k, v in data.items() if k.startswith("x-")},
    )


def apply_overlay(document: object, overlay: Overlay) -> Applied:
    """Apply every action in order to a deep copy of ``document``."""
    result = copy.deepcopy(document)
    matches = tuple(apply_action(result, action) for action in overlay.actions)
    return Applied(document=result, matches=matches, overlay=overlay)


def apply_action(document: object, action: Action) -> int:
    """Apply one action to ``document`` in place; the number of nodes its target selected."""
    nodes = select(document, action)
    if action.kind == "remove":
        _remove(nodes, action)
        return len(nodes)
    for node in nodes:
        if not isinstance(node.value, dict | list):
            raise OverlayError(
                f"{action}: the target selects a {type(node.value).__name__} at {node.path()};"
                " `update` needs an object or an array (select the containing object instead)"
            )
        _update(node.value, action.update, action, node.path())
    return len(nodes)


def select(document: object, action: Action) -> list[JSONPathNode]:
    """The nodes ``action``'s target selects in ``document``."""
    if not isinstance(document, dict | list):
        raise OverlayError(f"{action}: the document is a {type(document).__name__}, not an object")
    try:
        return list(action.query.find(document))
    except JSONPathError as error:
        raise OverlayError(f"{action}: cannot evaluate the target: {error}") from error


def _parse_action(index: int, raw: object) -> Action:
    where = f"action {index}"
    if not isinstance(raw, Mapping):
        raise OverlayError(f"{where} must be a mapping, not {type(raw).__name__}")
    _no_unknown_fields(raw, _ACTION_FIELDS, where)
    target = raw.get("target")
    if not isinstance(target, str) or not target:
        raise OverlayError(f"{where} needs a `target` (a JSONPath query string)")
    where = f"action {index} ({target})"
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise OverlayError(f"{where}: `description` must be a string")
    remove = raw.get("remove", False)
    if not isinstance(remove, bool):
        raise OverlayError(f"{where}: `remove` must be true or false")
    if remove and "update" in raw:
        raise OverlayError(f"{where} has both `update` and `remove: true`; keep one")
    if not remove and "update" not in raw:
        raise OverlayError(f"{where} does nothing: it needs `update` or `remove: true`")
    try:
        query = jsonpath_rfc9535.compile(target)
    except JSONPathError as error:
        raise OverlayError(f"{where}: not an RFC 9535 JSONPath query: {error}") from error
    return Action(
        index=index,
        target=target,
        description=description,
        kind="remove" if remove else "update",
        update=raw.get("update"),
        extensions={k: v for k, v in raw.items() if k.startswith("x-")},
        query=query,
    )


def _no_unknown_fields(data: Mapping[Any, Any], known: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in known and not str(k).startswith("x-"))
    if unknown:
        raise OverlayError(f"{where} has unknown fields: {', '.join(unknown)}")


def _remove(nodes: list[JSONPathNode], action: Action) -> None:
    # Array entries are deleted per array from the highest index down, so that one removal
    # does not shift the entries the others point at.
    entries: dict[int, tuple[list[Any], set[int]]] = {}
    for node in nodes:
        if node.parent is None:
            raise OverlayError(f"{action}: the document root cannot be removed")
        container, key = node.parent.value, node.location[-1]
        if isinstance(container, dict):
            container.pop(key, None)
        elif isinstance(container, list) and isinstance(key, int):
            entries.setdefault(id(container), (container, set()))[1].add(key)
    for array, indices in entries.values():
        for index in sorted(indices, reverse=True):
            del array[index]


def _update(target: dict[str, Any] | list[Any], update: object, action: Action, path: str) -> None:
    if isinstance(target, list):
        target.append(copy.deepcopy(update))
        return
    if not isinstance(update, Mapping):
        raise OverlayError(
            f"{action}: {path} is an object, so `update` must be an object to merge,"
            f" not {type(update).__name__}"
        )
    _merge(target, update, action, path)


def _merge(target: dict[str, Any], update: Mapping[str, Any], action: Action, path: str) -> None:
    for key, new in update.items():
        here = f"{path}[{key!r}]"
        if key not in target:
            target[key] = copy.deepcopy(new)
            continue
        old = target[key]
        if isinstance(old, dict) and isinstance(new, Mapping):
            _merge(old, new, action, here)
        elif isinstance(old, list) and isinstance(new, list):
            old.extend(copy.deepcopy(new))
        elif not isinstance(old, dict | list) and not isinstance(new, Mapping | list):
            target[key] = new
        else:
            raise OverlayError(
                f"{action}: cannot merge {type(new).__name__} into {type(old).__name__} at"
                f" {here}; remove the node first, then add it"
            )
