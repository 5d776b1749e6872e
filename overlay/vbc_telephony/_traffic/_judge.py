"""An exchange checked against the spec: the same checks, by the same names, as schemathesis.

For each operation of the spec, validators are compiled once (jsonschema-rs, the library
schemathesis itself validates with, so the problems read the same): the request's path,
query and body (the sandbox's own request validator), and per documented status each JSON
media type's schema and each documented header. An exchange is then:

- matched to its operation by its path, whatever the server's path prefix (the live
  service's ``/t/vbc.prod/telephony/v3``, or none for the Prism mock); the token endpoint
  and the sandbox's control API are known, and not checked; any other path, or a method
  the path lacks, is ``undocumented_operation``;
- checked: ``request_schema_conformance`` (the request is one the spec accepts; off for
  schemathesis's own runs, whose negative cases are invalid on purpose),
  ``not_a_server_error`` (below 500), ``status_code_conformance`` (a documented status),
  ``content_type_conformance`` (a documented media type), ``response_headers_conformance``
  (required headers present and valid) and ``response_schema_conformance`` (the JSON body
  valid, each error naming its field: ``calls/0/status``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from .._constants import DEFAULT_TOKEN_URL
from ._compiled import TEXT, CompiledAnswer, CompiledOperation, media_type
from ._constants import MAX_PROBLEM_CHARS
from ._exchange import Exchange
from ._findings import Finding
from ._openapi import (
    Refused,
    RequestValidator,
    bundled_spec,
    load,
    operations,
)

TOKEN_PATH = DEFAULT_TOKEN_URL.rpartition("/")[2]
CONTROL_SEGMENT = "_sandbox"
# The comment of an exchange the proxy answered itself (the upstream failed): not the
# upstream's answer, so nothing to judge.
PROXY_ANSWER = "answered by vbc proxy: "


@dataclass(frozen=True)
class Verdict:
    """``kind``: api (an operation of the spec), token, control, proxy, or unknown.
    ``operation``: the spec's label (``GET /cc/accounts/{account_id}/calls``) for api, else
    ``METHOD /path`` as sent."""

    kind: str
    operation: str
    findings: tuple[Finding, ...] = ()

    @property
    def is_api(self) -> bool:
        return self.kind == "api"


def _problem(text: str) -> str:
    line = text.splitlines()[0] if text else text
    return line if len(line) <= MAX_PROBLEM_CHARS else line[:MAX_PROBLEM_CHARS] + "…"


class Judge:
    """Checks exchanges against one OpenAPI document (``Judge.from_file()``: ours)."""

    def __init__(self, document: Mapping[str, Any], *, check_requests: bool = True) -> None:
        self.check_requests = check_requests
        self._operations: list[CompiledOperation] = []
        self._requests: dict[str, RequestValidator] = {}
        numeric: set[str] = set()
        for spec in operations(document):
            raw = document["paths"][spec.path][spec.method.lower()]
            operation = CompiledOperation(spec.method, spec.path, raw, document)
            self._operations.append(operation)
            self._requests[operation.label] = RequestValidator(spec)
            numeric.update(
                p.name
                for p in spec.parameters
                if p.location == "query" and p.schema.get("type") in ("integer", "number")
            )
        self._paths: dict[re.Pattern[str], list[CompiledOperation]] = {}
        for operation in self._operations:
            self._paths.setdefault(operation.pattern, []).append(operation)
        self.numeric_query = frozenset(numeric)
        self.labels = [operation.label for operation in self._operations]

    @classmethod
    def from_file(cls, path: Path | None = None, *, check_requests: bool = True) -> Judge:
        """The judge of the document at ``path`` (default: the bundled ``openapi.yaml``)."""
        return cls(load(path or bundled_spec()), check_requests=check_requests)

    def _match(self, path: str) -> tuple[list[CompiledOperation], dict[str, str]]:
        """The operations of the spec path ``path`` is, and its path parameters."""
        for pattern, same_path in self._paths.items():
            found = pattern.match(path)
            if found is not None:
                return same_path, found.groupdict()
        return [], {}

    def id_segments(self, path: str) -> frozenset[int]:
        """Positions (in ``path.split("/")``) of the segments that are the spec's path
        parameters, if ``path`` is one of the spec's."""
        candidates, _ = self._match(path)
        if not candidates:
            return frozenset()
        segments = path.split("/")
        template = candidates[0].template_segments
        offset = len(segments) - len(template)
        return frozenset(
            offset + index for index, part in enumerate(template) if part.startswith("{")
        )

    def classify(self, exchange: Exchange) -> tuple[str, CompiledOperation | None, dict[str, str]]:
        path = exchange.parts.path
        if exchange.comment.startswith(PROXY_ANSWER):
            return "proxy", None, {}
        segments = path.split("/")
        if segments[-1] == TOKEN_PATH and len(segments) == 2:
            return "token", None, {}
        if CONTROL_SEGMENT in segments:
            return "control", None, {}
        candidates, parameters = self._match(path)
        for operation in candidates:
            if operation.method == exchange.method:
                return "api", operation, parameters
        return "unknown", None, {}

    def judge(self, exchange: Exchange) -> Verdict:
        kind, operation, parameters = self.classify(exchange)
        if operation is None:
            same_path, _ = self._match(exchange.parts.path)
            where = same_path[0].template if same_path else exchange.parts.path
            label = f"{exchange.method} {where}"
            if kind != "unknown":
                return Verdict(kind, label)
            problem = (
                f"Undocumented method: the path has {', '.join(o.method for o in same_path)}"
                if same_path
                else "Undocumented operation: the spec has no such path"
            )
            return Verdict(kind, label, (Finding(label, "undocumented_operation", "", problem),))
        findings: list[Finding] = []
        if self.check_requests:
            findings += self._request(operation, exchange, parameters)
        findings += self._response(operation, exchange)
        return Verdict("api", operation.label, tuple(findings))

    def _request(
        self, operation: CompiledOperation, exchange: Exchange, parameters: Mapping[str, str]
    ) -> list[Finding]:
        validator = self._requests[operation.label]
        query = parse_qsl(exchange.parts.query, keep_blank_values=True)
        path = {name: unquote(value) for name, value in parameters.items()}
        try:
            validator.validate(
                path,
                query,
                exchange.request_body.encode("utf-8"),
                exchange.request_header("content-type"),
            )
        except Refused as refused:
            return [
                Finding(
                    operation.label, "request_schema_conformance", "", _problem(refused.message)
                )
            ]
        return []

    def _response(self, operation: CompiledOperation, exchange: Exchange) -> list[Finding]:
        label, status = operation.label, exchange.status
        findings = []
        if status >= 500:
            findings.append(Finding(label, "not_a_server_error", "", f"Server error: {status}"))
        answer = operation.answer(status)
        if answer is None:
            problem = (
                f"Undocumented HTTP status code: {status} (documented: {operation.documented})"
            )
            return [*findings, Finding(label, "status_code_conformance", "", problem)]
        findings += self._headers(label, answer, exchange)
        if not answer.media:
            return findings
        media = media_type(exchange.response_header("content-type"))
        if not media:
            if exchange.response_body:
                problem = "Missing Content-Type header"
                findings.append(Finding(label, "content_type_conformance", "", problem))
            return findings
        documented = next((m for m in answer.media if _media_matches(m, media)), None)
        if documented is None:
            problem = f"Undocumented Content-Type: {media} (documented: {', '.join(answer.media)})"
            return [*findings, Finding(label, "content_type_conformance", "", problem)]
        validator = answer.media[documented]
        if validator is None:
            return findings
        try:
            text = media == TEXT
            value = exchange.response_body if text else json.loads(exchange.response_body)
        except ValueError as exc:
            problem = f"JSON deserialization error: {exc}"
            return [*findings, Finding(label, "response_schema_conformance", "", problem)]
        if validator.is_valid(value):
            return findings
        for error in validator.iter_errors(value):
            field = "/".join(str(part) for part in error.instance_path)
            findings.append(
                Finding(
                    label,
                    "response_schema_conformance",
                    field,
                    _problem(error.message),
                    kind=type(error.kind).__name__,
                )
            )
        return findings

    def _headers(self, label: str, answer: CompiledAnswer, exchange: Exchange) -> list[Finding]:
        findings = []
        for spec in answer.headers:
            value = exchange.response_header(spec.name)
            if value is None:
                if spec.required:
                    problem = "Missing required response header"
                    findings.append(
                        Finding(label, "response_headers_conformance", spec.name, problem)
                    )
                continue
            if spec.validator is None:
                continue
            typed: object = value
            if spec.numeric:
                try:
                    typed = json.loads(value)
                except ValueError:
                    typed = value
            for error in spec.validator.iter_errors(typed):
                problem = _problem(error.message)
                findings.append(Finding(label, "response_headers_conformance", spec.name, problem))
        return findings


def _media_matches(documented: str, media: str) -> bool:
    if documented == media or documented == "*/*":
        return True
    main, _, sub = documented.partition("/")
    return sub == "*" and media.startswith(main + "/")
