"""A recording replayed against a server, each answer compared with the recorded one by shape.

Requests are sent in the recorded order, with the credentials of the client given (never the
recorded ones, which are redacted anyway); the token endpoint's exchanges are left out, as
the client's auth makes its own. The ids a recorded answer holds (``call_id``, ``leg_id``,
``mac_address``, a created call's id in text) are paired with those at the same place in the
replayed answer, and every later request has them swapped in its path, query and JSON body,
so that a flow (create, list legs, hold the first leg, hang up) runs on the target's own
objects.

An answer differs when its status does, or else its **shape**: the keys present and the JSON
type of each value (``string``, ``number``, ``boolean``, ``null``, ``object``, ``array``), not
the values. Items of a list are compared position by position.

The sandbox's control API (``/_sandbox/…``: ringing in, the far end answering, rejecting,
hanging up) is not API traffic: recorded through the proxy, its requests are replayed to the
target's own control API (ids swapped, answers not compared) so that the calls reach the same
states; a target without one (404) has them skipped, which ``skipped_control`` counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import httpx

from ._compiled import is_json, media_type
from ._exchange import Exchange
from ._judge import CONTROL_SEGMENT, Judge

_ID_KEYS = frozenset({"call_id", "leg_id", "mac_address", "device_id"})
_SENT_HEADERS = ("content-type", "accept")


@dataclass(frozen=True)
class Difference:
    number: int
    operation: str
    where: str | None  # the JSON path of the value that differs; None: the HTTP status
    replayed: str
    recorded: str

    def line(self) -> str:
        what = f"{self.replayed} (recorded {self.recorded})"
        if self.where is None:
            return f"#{self.number} {self.operation}: status {what}"
        return f"#{self.number} {self.operation}: at {self.where or 'the body'}: {what}"


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def shape_differences(
    recorded: object, replayed: object, path: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(where, replayed type, recorded type) for each place the two shapes differ."""
    kinds = json_type(replayed), json_type(recorded)
    if kinds[0] != kinds[1]:
        yield path, *kinds
        return
    here = f"{path}/" if path else ""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in {**recorded, **replayed}:
            if key not in replayed:
                yield f"{here}{key}", "absent", json_type(recorded[key])
            elif key not in recorded:
                yield f"{here}{key}", json_type(replayed[key]), "absent"
            else:
                yield from shape_differences(recorded[key], replayed[key], f"{here}{key}")
    elif isinstance(recorded, list) and isinstance(replayed, list):
        for index, (old, new) in enumerate(zip(recorded, replayed, strict=False)):
            yield from shape_differences(old, new, f"{here}{index}")


def _json(text: str, content_type: str | None) -> tuple[bool, Any]:
    if not is_json(media_type(content_type)):
        return False, None
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None


class Replayer:
    """Replays exchanges to ``api_base`` (the target's API base URL) with ``client``'s auth;
    control API requests go to ``control_base`` (the target's ``…/_sandbox``). ``account``:
    the account every request acts on (default: the recorded one)."""

    def __init__(
        self,
        client: httpx.Client,
        judge: Judge,
        api_base: str,
        control_base: str,
        *,
        account: str | None = None,
    ) -> None:
        self._account = account
        self._client = client
        self._judge = judge
        self._api_base = api_base.rstrip("/")
        self._control_base = control_base.rstrip("/")
        self._ids: dict[str, str] = {}
        self.replayed = 0
        self.skipped_control = 0

    def _swap(self, text: str) -> str:
        return self._ids.get(text, text)

    def _swap_segments(self, segments: Iterable[str]) -> str:
        return "/".join(quote(self._swap(unquote(s)), safe="") if s else s for s in segments)

    def _swap_query(self, query: str) -> str:
        pairs = (pair.partition("=") for pair in query.split("&") if pair)
        return "&".join(f"{n}{eq}{quote(self._swap(unquote(v)), safe='')}" for n, eq, v in pairs)

    def _swap_json(self, value: Any) -> Any:  # noqa: ANN401 - any JSON
        if isinstance(value, dict):
            return {key: self._swap_json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._swap_json(item) for item in value]
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value) in self._ids:
            return self._ids[str(value)]
        return value

    def _learn(self, recorded: object, replayed: object, key: str | None = None) -> None:
        if isinstance(recorded, dict) and isinstance(replayed, dict):
            for name, value in recorded.items():
                if name in replayed:
                    self._learn(value, replayed[name], name)
        elif isinstance(recorded, list) and isinstance(replayed, list):
            for old, new in zip(recorded, replayed, strict=False):
                self._learn(old, new, key)
        elif (
            key in _ID_KEYS and isinstance(recorded, str | int) and isinstance(replayed, str | int)
        ):
            self._ids.setdefault(str(recorded), str(replayed))

    def _send(self, exchange: Exchange, url: str, *, control: bool = False) -> httpx.Response:
        headers = {n: v for n in _SENT_HEADERS if (v := exchange.request_header(n)) is not None}
        if control:
            # The sandbox's control API takes only JSON (a page cannot send it cross-origin
            # without a preflight), whatever an older recording's request said.
            headers["content-type"] = "application/json"
        body = exchange.request_body
        is_json_body, value = _json(body, exchange.request_header("content-type"))
        content = json.dumps(self._swap_json(value)).encode() if is_json_body else body.encode()
        return self._client.request(exchange.method, url, headers=headers, content=content or None)

    def _learn_from(self, exchange: Exchange, response: httpx.Response) -> None:
        if not (200 <= exchange.status < 300 and response.is_success):
            return
        was_json, recorded = _json(exchange.response_body, exchange.response_header("content-type"))
        is_json_now, replayed = _json(response.text, response.headers.get("content-type"))
        if was_json and is_json_now:
            self._learn(recorded, replayed)
        elif media_type(exchange.response_header("content-type")) == "text/plain":
            self._ids.setdefault(exchange.response_body.strip(), response.text.strip())

    def replay(self, exchanges: Iterable[Exchange]) -> Iterator[Difference]:
        """Each difference, as each recorded request is replayed in order."""
        for exchange in exchanges:
            kind, operation, _ = self._judge.classify(exchange)
            path = exchange.parts.path
            if kind == "control":
                tail = path.split("/" + CONTROL_SEGMENT, 1)[1]
                url = self._control_base + self._swap_segments(tail.split("/"))
                response = self._send(exchange, url, control=True)
                if response.status_code == 404 and exchange.status != 404:
                    self.skipped_control += 1  # no control API there, or no such call
                self._learn_from(exchange, response)
                continue
            if operation is None:
                continue
            template = operation.template_segments
            segments = path.split("/")[-len(template) :]
            if self._account is not None:
                segments = [
                    quote(self._account, safe="") if part == "{account_id}" else segment
                    for part, segment in zip(template, segments, strict=True)
                ]
            url = f"{self._api_base}/{self._swap_segments(segments)}"
            if exchange.parts.query:
                url += "?" + self._swap_query(exchange.parts.query)
            response = self._send(exchange, url)
            self.replayed += 1
            yield from self._compare(exchange, operation.label, response)
            self._learn_from(exchange, response)

    def _compare(
        self, exchange: Exchange, label: str, response: httpx.Response
    ) -> Iterator[Difference]:
        if response.status_code != exchange.status:
            yield Difference(
                exchange.number, label, None, str(response.status_code), str(exchange.status)
            )
            return
        was_json, recorded = _json(exchange.response_body, exchange.response_header("content-type"))
        is_json_now, replayed = _json(response.text, response.headers.get("content-type"))
        if was_json != is_json_now:
            kinds = ("JSON" if is_json_now else "not JSON", "JSON" if was_json else "not JSON")
            yield Difference(exchange.number, label, "", *kinds)
        elif was_json:
            for where, now, then in shape_differences(recorded, replayed):
                yield Difference(exchange.number, label, where, now, then)


def markdown(source: str, target: str, differences: list[Difference], replayer: Replayer) -> str:
    lines = [f"# Replay of {source} against {target}", ""]
    lines.append(f"{replayer.replayed} API requests replayed; {len(differences)} difference(s).")
    if replayer.skipped_control:
        lines.append(f"{replayer.skipped_control} control API request(s) had no counterpart.")
    lines.append("")
    if not differences:
        return "\n".join([*lines, "No difference: every status and shape is as recorded.", ""])
    lines += ["| # | operation | where | replayed | recorded |", "|---|---|---|---|---|"]
    for d in differences:
        where = "HTTP status" if d.where is None else d.where or "the body"
        lines.append(f"| {d.number} | {d.operation} | {where} | {d.replayed} | {d.recorded} |")
    return "\n".join([*lines, ""])
