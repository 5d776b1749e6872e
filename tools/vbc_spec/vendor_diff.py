"""What changed between two versions of the vendor's file, and whether it breaks a client.

The servers (the base path every request URL starts with), the security schemes and
requirements, operations, their parameters, request bodies and responses (status codes,
headers, media types) are compared, and the schemas they use, with ``$ref``s resolved. A
component schema reached through the same ``$ref`` in both versions is compared once per
direction and reported under its own name; any pair of schemas is compared once per
direction, so a recursive schema ends, renamed or not. ``oneOf``/``anyOf``/``allOf`` branches
are matched by content (a reference by its target's name), not by position. Each change is
classified for a client of the API, after oasdiff's rules:

- servers: a changed base path (the default server's path) → breaking, since the client's
  default URL and every URL a user configured carry it; another host → non-breaking;
- security: a removed or changed scheme, or a requirement the client did not have to meet
  before → breaking; an added scheme → non-breaking;

- removed: an operation, a parameter, a response status, a media type, a property → breaking;
- added: an operation, an optional parameter, a response status or media type, an optional
  request property, a response property → non-breaking; a required parameter or request
  property → breaking;
- types: a changed ``type``/``format`` → breaking; an enum that loses values breaks requests
  (a value the client sends is refused), one that gains values breaks responses (a value the
  client does not know arrives); a property that becomes required breaks requests, one that
  stops being required (or becomes nullable) breaks responses;
- branches: a ``oneOf``/``anyOf`` branch removed breaks requests, one added breaks
  responses; an ``allOf`` branch added breaks requests, one removed breaks responses;
- response headers: removed (or no longer required) → breaking; added → non-breaking.

Texts and examples are not compared: they do not change what a client sends or reads (the
overlay health check still reports a vendor text that collides with one of ours).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from vbc_telephony._openapi_refs import UnresolvableRef, follow, ref_name

Direction = Literal["request", "response"]
Kind = Literal["added", "removed", "changed"]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Bounds that narrow what is accepted when they go down (-1) or up (+1).
_BOUNDS = {
    "maxLength": -1,
    "maxItems": -1,
    "maximum": -1,
    "minLength": 1,
    "minItems": 1,
    "minimum": 1,
}
# Keys that name or describe a schema without changing what it accepts.
_TEXTS = frozenset({"description", "example", "examples", "title", "externalDocs"})
# Security scheme keys a client's credentials depend on.
_SCHEME_KEYS = ("type", "scheme", "in", "name", "flows", "openIdConnectUrl")


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new vendor file."""

    # server, security, operation, parameter, request body, response, response header,
    # media type, schema, property
    area: str
    kind: Kind
    where: str  # "GET /cc/accounts/{account_id}/calls" or "schema Call"
    what: str  # "parameter query extension", "property status", "status 404"
    detail: str
    breaking: bool


def diff_vendor(old: object, new: object) -> list[Change]:
    """Every client-relevant change from ``old`` to ``new`` (both parsed OpenAPI documents)."""
    return _Differ(_dict(old), _dict(new)).run()


@dataclass
class _Differ:
    old: dict[str, Any]
    new: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    # The pairs of schemas compared, by reference (or identity, when inline), and direction.
    _seen: set[tuple[object, object, Direction]] = field(default_factory=set)

    def run(self) -> list[Change]:
        self._servers()
        self._security_schemes()
        self._security("document", self.old.get("security"), self.new.get("security"))
        old_ops, new_ops = dict(_operations(self.old)), dict(_operations(self.new))
        for key in old_ops.keys() - new_ops.keys():
            self._add("operation", "removed", key, "operation", breaking=True)
        for key in new_ops.keys() - old_ops.keys():
            self._add("operation", "added", key, "operation", breaking=False)
        for key in sorted(old_ops.keys() & new_ops.keys(), key=_op_order):
            self._operation(key, old_ops[key], new_ops[key])
        old_schemas = _components(self.old, "schemas")
        new_schemas = _components(self.new, "schemas")
        for name in old_schemas.keys() - new_schemas.keys():
            self._add("schema", "removed", f"schema {name}", "schema", breaking=False)
        for name in new_schemas.keys() - old_schemas.keys():
            self._add("schema", "added", f"schema {name}", "schema", breaking=False)
        return sorted(self.changes, key=lambda c: (not c.breaking, c.where, c.what, c.kind))

    def _add(
        self, area: str, kind: Kind, where: str, what: str, detail: str = "", *, breaking: bool
    ) -> None:
        self.changes.append(Change(area, kind, where, what, detail, breaking))

    # -- servers and security ---------------------------------------------------------

    def _servers(self) -> None:
        old, new = _server_urls(self.old), _server_urls(self.new)
        was, now = urlsplit(old[0]), urlsplit(new[0])
        if was.path.rstrip("/") != now.path.rstrip("/"):
            detail = f"{was.path.rstrip('/') or '/'} → {now.path.rstrip('/') or '/'}"
            self._add("server", "changed", "servers", "base path", detail, breaking=True)
        if (was.scheme, was.netloc) != (now.scheme, now.netloc):
            detail = f"{old[0]} → {new[0]}"
            self._add("server", "changed", "servers", "default server", detail, breaking=False)
        for url in sorted(set(old) - set(new) - {old[0]}):
            self._add("server", "removed", "servers", "server", url, breaking=True)
        for url in sorted(set(new) - set(old) - {new[0]}):
            self._add("server", "added", "servers", "server", url, breaking=False)

    def _security_schemes(self) -> None:
        old = _components(self.old, "securitySchemes")
        new = _components(self.new, "securitySchemes")
        for name in sorted(old.keys() - new.keys()):
            self._add("security", "removed", "document", f"security scheme {name}", breaking=True)
        for name in sorted(new.keys() - old.keys()):
            self._add("security", "added", "document", f"security scheme {name}", breaking=False)
        for name in sorted(old.keys() & new.keys()):
            was, now = _resolve(self.old, old[name]) or {}, _resolve(self.new, new[name]) or {}
            details = [
                f"{key}: {was.get(key)} → {now.get(key)}"
                for key in _SCHEME_KEYS
                if _scheme_value(was, key) != _scheme_value(now, key)
            ]
            if details:
                what, detail = f"security scheme {name}", "; ".join(details)
                self._add("security", "changed", "document", what, detail, breaking=True)

    def _security(self, where: str, old: object, new: object) -> None:
        """Requirements: alternatives, each a set of schemes to satisfy together."""
        if old == new:
            return
        was, now = _requirements(old), _requirements(new)
        # Still satisfiable by whatever the client met before: no requirement at all, or
        # every old alternative is still one.
        breaking = bool(now) and not (was and was <= now)
        detail = f"{_show_requirements(was)} → {_show_requirements(now)}"
        self._add("security", "changed", where, "security", detail, breaking=breaking)

    # -- operations -------------------------------------------------------------------

    def _operation(self, where: str, old: _Operation, new: _Operation) -> None:
        (old_item, old_op), (new_item, new_op) = old, new
        if old_op.get("operationId") != new_op.get("operationId"):
            ids = f"{old_op.get('operationId')} → {new_op.get('operationId')}"
            self._add("operation", "changed", where, "operationId", ids, breaking=True)
        if new_op.get("deprecated") and not old_op.get("deprecated"):
            self._add("operation", "changed", where, "deprecated", "now deprecated", breaking=False)
        if "security" in old_op or "security" in new_op:
            self._security(
                where,
                old_op.get("security", self.old.get("security")),
                new_op.get("security", self.new.get("security")),
            )
        self._parameters(
            where, _params(self.old, old_item, old_op), _params(self.new, new_item, new_op)
        )
        self._request_body(
            where,
            _resolve(self.old, old_op.get("requestBody")),
            _resolve(self.new, new_op.get("requestBody")),
        )
        self._responses(where, _dict(old_op.get("responses")), _dict(new_op.get("responses")))

    def _parameters(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for key in sorted(old.keys() - new.keys()):
            self._add("parameter", "removed", where, f"parameter {key}", breaking=True)
        for key in sorted(new.keys() - old.keys()):
            required = bool(new[key].get("required"))
            detail = "required" if required else "optional"
            self._add("parameter", "added", where, f"parameter {key}", detail, breaking=required)
        for key in sorted(old.keys() & new.keys()):
            was, now = bool(old[key].get("required")), bool(new[key].get("required"))
            if was != now:
                detail = "now required" if now else "now optional"
                self._add("parameter", "changed", where, f"parameter {key}", detail, breaking=now)
            self._schema(
                where, f"parameter {key}", old[key].get("schema"), new[key].get("schema"), "request"
            )

    def _request_body(
        self, where: str, old: dict[str, Any] | None, new: dict[str, Any] | None
    ) -> None:
        if old is None and new is None:
            return
        if old is None or new is None:
            required = new is not None and bool(new.get("required"))
            kind: Kind = "added" if new is not None else "removed"
            detail = "required" if required else ""
            self._add(
                "request body",
                kind,
                where,
                "request body",
                detail,
                breaking=required or new is None,
            )
            return
        if bool(new.get("required")) and not old.get("required"):
            self._add(
                "request body", "changed", where, "request body", "now required", breaking=True
            )
        self._content(
            where, "request body", _dict(old.get("content")), _dict(new.get("content")), "request"
        )

    def _responses(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for status in sorted(old.keys() - new.keys(), key=str):
            self._add("response", "removed", where, f"status {status}", breaking=True)
        for status in sorted(new.keys() - old.keys(), key=str):
            self._add("response", "added", where, f"status {status}", breaking=False)
        for status in sorted(old.keys() & new.keys(), key=str):
            was = _resolve(self.old, old[status]) or {}
            now = _resolve(self.new, new[status]) or {}
            self._headers(
                where, f"status {status}", _dict(was.get("headers")), _dict(now.get("headers"))
            )
            self._content(
                where,
                f"status {status}",
                _dict(was.get("content")),
                _dict(now.get("content")),
                "response",
            )

    def _headers(self, where: str, what: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        # Header names are case-insensitive.
        was = {name.lower(): (name, header) for name, header in old.items()}
        now = {name.lower(): (name, header) for name, header in new.items()}
        for key in sorted(was.keys() - now.keys()):
            label = f"{what} header {was[key][0]}"
            self._add("response header", "removed", where, label, breaking=True)
        for key in sorted(now.keys() - was.keys()):
            label = f"{what} header {now[key][0]}"
            self._add("response header", "added", where, label, breaking=False)
        for key in sorted(was.keys() & now.keys()):
            label = f"{what} header {now[key][0]}"
            old_header = _resolve(self.old, was[key][1]) or {}
            new_header = _resolve(self.new, now[key][1]) or {}
            if old_header.get("required") and not new_header.get("required"):
                detail = "no longer required"
                self._add("response header", "changed", where, label, detail, breaking=True)
            self._schema(
                where, label, old_header.get("schema"), new_header.get("schema"), "response"
            )

    def _content(
        self,
        where: str,
        what: str,
        old: dict[str, Any],
        new: dict[str, Any],
        direction: Direction,
    ) -> None:
        for media in sorted(old.keys() - new.keys()):
            self._add("media type", "removed", where, f"{what} {media}", breaking=True)
        for media in sorted(new.keys() - old.keys()):
            self._add("media type", "added", where, f"{what} {media}", breaking=False)
        for media in sorted(old.keys() & new.keys()):
            was, now = _dict(old[media]), _dict(new[media])
            self._schema(where, f"{what} {media}", was.get("schema"), now.get("schema"), direction)

    # -- schemas ----------------------------------------------------------------------

    def _schema(
        self, where: str, what: str, old: object, new: object, direction: Direction
    ) -> None:
        if not isinstance(old, dict) or not isinstance(new, dict):
            if (old is None) != (new is None):
                self._add(
                    "schema", "changed", where, what, "schema added or removed", breaking=True
                )
            return
        old_ref, new_ref = _ref(old), _ref(new)
        # Compare each pair once per direction: a recursive schema comes back to a pair.
        pair = (old_ref or id(old), new_ref or id(new), direction)
        if pair in self._seen:
            return
        self._seen.add(pair)
        if old_ref and old_ref == new_ref:
            self._schema_content(
                f"schema {ref_name(old_ref)}",
                f"({direction})",
                _resolve(self.old, old) or {},
                _resolve(self.new, new) or {},
                direction,
            )
            return
        if old_ref != new_ref:
            was, now = _ref_label(old_ref, "inline"), _ref_label(new_ref, "an inline schema")
            detail = f"refers to {now} (was {was})"
            self._add("schema", "changed", where, what, detail, breaking=False)
            if old_ref and new_ref:  # a renamed component: its changes under its new name
                where, what = f"schema {ref_name(new_ref)}", f"({direction})"
        old, new = _resolve(self.old, old) or {}, _resolve(self.new, new) or {}
        self._schema_content(where, what, old, new, direction)

    def _schema_content(
        self, where: str, what: str, old: dict[str, Any], new: dict[str, Any], direction: Direction
    ) -> None:
        for detail, breaking in _keyword_changes(old, new, direction):
            self._add("schema", "changed", where, what, detail, breaking=breaking)
        self._properties(where, what, old, new, direction)
        prefix = "" if what.startswith("(") else f"{what} "
        for key in ("items", "additionalProperties", "not"):
            if isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
                self._schema(where, f"{prefix}{key}", old[key], new[key], direction)
        for key in ("allOf", "oneOf", "anyOf"):
            self._branches(where, what, key, old.get(key) or [], new.get(key) or [], direction)

    def _branches(
        self, where: str, what: str, key: str, old: list[Any], new: list[Any], direction: Direction
    ) -> None:
        """Branches matched by content; one changed branch is compared with its counterpart."""
        unmatched = list(new)
        pairs, gone = [], []
        for branch in old:
            twin = next((b for b in unmatched if _content_key(b) == _content_key(branch)), None)
            if twin is None:
                gone.append(branch)
            else:
                unmatched.remove(twin)
                pairs.append((branch, twin))
        if len(gone) == 1 and len(unmatched) == 1:
            pairs.append((gone.pop(), unmatched.pop()))
        prefix = "" if what.startswith("(") else f"{what} "
        for a, b in pairs:
            self._schema(where, f"{prefix}{key}[{_branch_label(b)}]", a, b, direction)
        # Losing an alternative (oneOf/anyOf) narrows what is accepted; gaining a constraint
        # (allOf) does too. Narrowing breaks requests; widening breaks responses.
        narrowing = {"removed": key != "allOf", "added": key == "allOf"}
        for kind, branches in (("removed", gone), ("added", unmatched)):
            for branch in branches:
                detail = f"{key}: branch {_branch_label(branch)} {kind}"
                breaking = narrowing[kind] == (direction == "request")
                self._add("schema", "changed", where, what, detail, breaking=breaking)

    def _properties(
        self, where: str, what: str, old: dict[str, Any], new: dict[str, Any], direction: Direction
    ) -> None:
        old_props, new_props = _dict(old.get("properties")), _dict(new.get("properties"))
        old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])
        prefix = "" if what.startswith("(") else f"{what} "
        removed, added = old_props.keys() - new_props.keys(), new_props.keys() - old_props.keys()
        for name in sorted(removed):
            twins = [
                n
                for n in sorted(added)
                if _same_schema(self.old, old_props[name], self.new, new_props[n])
            ]
            detail = f"possibly renamed to {twins[0]} (same schema)" if twins else ""
            self._add(
                "property", "removed", where, f"{prefix}property {name}", detail, breaking=True
            )
        for name in sorted(added):
            required = name in new_req
            detail = "required" if required else "optional"
            self._add(
                "property",
                "added",
                where,
                f"{prefix}property {name}",
                detail,
                breaking=required and direction == "request",
            )
        for name in sorted(old_props.keys() & new_props.keys()):
            if (name in old_req) != (name in new_req):
                now = name in new_req
                self._add(
                    "property",
                    "changed",
                    where,
                    f"{prefix}property {name}",
                    "now required" if now else "no longer required",
                    breaking=now if direction == "request" else not now,
                )
            self._schema(
                where, f"{prefix}property {name}", old_props[name], new_props[name], direction
            )


_Operation = tuple[dict[str, Any], dict[str, Any]]  # (path item, operation)


def _keyword_changes(
    old: dict[str, Any], new: dict[str, Any], direction: Direction
) -> Iterator[tuple[str, bool]]:
    """(detail, breaking) for each changed keyword of one schema (not its subschemas)."""
    request = direction == "request"
    for key in ("type", "format"):
        if old.get(key) != new.get(key):
            yield f"{key}: {old.get(key)} → {new.get(key)}", True
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if old_enum is None and new_enum is not None:
        yield "enum added (values narrowed)", request
    elif old_enum is not None and new_enum is None:
        yield "enum removed (any value now)", not request
    elif old_enum is not None and new_enum is not None:
        lost = [str(v) for v in old_enum if v not in new_enum]
        gained = [str(v) for v in new_enum if v not in old_enum]
        if lost:
            yield f"enum narrowed: lost {', '.join(lost)}", request
        if gained:
            yield f"enum widened: gained {', '.join(gained)}", not request
    if bool(new.get("nullable")) != bool(old.get("nullable")):
        now = bool(new.get("nullable"))
        yield ("now nullable" if now else "no longer nullable"), now != request
    if old.get("additionalProperties") is not False and new.get("additionalProperties") is False:
        yield "closed (additionalProperties: false)", request
    for key, tighter in _BOUNDS.items():
        was, now_bound = old.get(key), new.get(key)
        if was != now_bound:
            narrowed = isinstance(now_bound, int | float) and (
                not isinstance(was, int | float) or (now_bound - was) * tighter > 0
            )
            yield f"{key}: {was} → {now_bound}", narrowed and request
    if old.get("pattern") != new.get("pattern"):
        detail = f"pattern: {old.get('pattern')} → {new.get('pattern')}"
        yield detail, request and new.get("pattern") is not None


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, _Operation]]:
    for path, item in _dict(doc.get("paths")).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield f"{method.upper()} {path}", (item, item[method])


def _params(doc: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    """An operation's parameters (path-level ones included), by "location name"."""
    params: dict[str, Any] = {}
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = _resolve(doc, raw)
        if param is not None and "name" in param and "in" in param:
            params[f"{param['in']} {param['name']}"] = param
    return params


def _op_order(key: str) -> tuple[str, int]:
    method, path = key.split(" ", 1)
    return path, METHODS.index(method.lower())


def _components(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    return _dict(_dict(doc.get("components")).get(kind))


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref if isinstance(ref, str) else None


def _ref_label(ref: str | None, inline: str) -> str:
    return ref_name(ref) if ref else inline


def _resolve(doc: dict[str, Any], node: object) -> dict[str, Any] | None:
    """``node`` (an object), or the object its local ``$ref`` points at; None if neither.

    A reference that points nowhere (or out of the document) stands for an empty schema.
    """
    if not isinstance(node, dict):
        return None
    try:
        target = follow(doc, node)
    except UnresolvableRef:
        return {}
    return target if isinstance(target, dict) else {}


def _content_key(node: object) -> str:
    """What a branch accepts, as text: texts left out, a reference by where it points."""

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {
                key: (
                    {name: strip(value) for name, value in node[key].items()}
                    if key == "properties" and isinstance(node[key], dict)
                    else strip(node[key])
                )
                for key in sorted(node)
                if key not in _TEXTS and not str(key).startswith("x-")
            }
        if isinstance(node, list):
            return [strip(item) for item in node]
        return node

    return json.dumps(strip(node), sort_keys=True, default=str)


def _branch_label(node: object) -> str:
    if isinstance(node, dict):
        ref = _ref(node)
        if ref:
            return ref_name(ref)
        if isinstance(node.get("title"), str):
            return str(node["title"])
    return _content_key(node)[:60]


def _server_urls(doc: dict[str, Any]) -> list[str]:
    """The servers' URLs, the default first ("/" when there is none, as OpenAPI says)."""
    urls = [
        str(server["url"])
        for server in doc.get("servers") or []
        if isinstance(server, dict) and "url" in server
    ]
    return urls or ["/"]


def _scheme_value(scheme: dict[str, Any], key: str) -> object:
    value = scheme.get(key)
    # HTTP auth scheme names are case-insensitive (RFC 7235).
    return value.lower() if key == "scheme" and isinstance(value, str) else value


def _requirements(node: object) -> frozenset[frozenset[str]]:
    if not isinstance(node, list):
        return frozenset()
    return frozenset(
        frozenset(str(name) for name in requirement)
        for requirement in node
        if isinstance(requirement, dict)
    )


def _show_requirements(requirements: frozenset[frozenset[str]]) -> str:
    if not requirements:
        return "none"
    return " or ".join(sorted(" and ".join(sorted(r)) or "anonymous" for r in requirements))


def _same_schema(
    old_doc: dict[str, Any], old: object, new_doc: dict[str, Any], new: object
) -> bool:
    strip = ("description", "example", "examples")
    a, b = _resolve(old_doc, old) or {}, _resolve(new_doc, new) or {}
    return {k: v for k, v in a.items() if k not in strip} == {
        k: v for k, v in b.items() if k not in strip
    }


def _dict(node: object) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}
