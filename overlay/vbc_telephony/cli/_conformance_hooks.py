"""Loaded by schemathesis itself (``SCHEMATHESIS_HOOKS``) in the run ``vbc conformance`` starts.

Wiring only; every check is schemathesis's own (and the judge's, over its HAR):

- authentication through this package's auth, from the same environment as the CLI
  (``VBC_TOKEN``, or the password grant), so a token is obtained, cached and renewed as the
  client does it and never appears on a command line;
- the path parameters the run uses (``VBC_CONFORMANCE_PARAMETERS``: a JSON object of name
  to values), written into the spec as schemathesis loads it: ``account_id`` may only be the
  user's own account, in every phase; the ids (call, leg, device) get the account's real ones
  and one made up to exist nowhere as their examples;
- ``text/plain`` answers read as text: ``create_call`` answers the new call's id so, and the
  stateful phase follows the spec's links from it (``$response.body``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import schemathesis

from .._transports import default_sync_transport
from ._config import auth_from_env
from ._schemathesis import BASE_URL_ENV, PARAMETERS_ENV

# A URL under the API that is never sent: the auth flow is run up to it, to read the header.
_PROBE_PATH = "/.vbc-conformance-token-probe"


def authorization(auth: httpx.Auth, base_url: str) -> str:
    """The Authorization header ``auth`` sends now: token requests go out (over a transport
    closed before this returns), the API request it would authorize does not."""
    captured: list[str] = []
    with default_sync_transport() as network:

        def handle(request: httpx.Request) -> httpx.Response:
            if request.url.path.endswith(_PROBE_PATH):
                captured.append(request.headers["Authorization"])
                return httpx.Response(200)
            return network.handle_request(request)

        with httpx.Client(transport=httpx.MockTransport(handle), auth=auth) as client:
            client.get(base_url.rstrip("/") + _PROBE_PATH)
    return captured[-1]


@schemathesis.auth(refresh_interval=60)
class _Credentials:
    """The run's ``Authorization`` header, from the environment, through the client's auth."""

    def __init__(self) -> None:
        self._auth = auth_from_env(os.environ)
        self._base_url = os.environ[BASE_URL_ENV]

    def get(self, case: Any, context: Any) -> str:  # noqa: ANN401 - schemathesis's types
        return authorization(self._auth, self._base_url)

    def set(self, case: Any, data: str, context: Any) -> None:  # noqa: ANN401
        case.headers = {**(case.headers or {}), "Authorization": data}


def _path_parameters(document: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every path parameter object of ``document``: shared, per path and per operation."""
    components = document.get("components", {}).get("parameters", {})
    yield from components.values()
    for item in document.get("paths", {}).values():
        yield from item.get("parameters", [])
        for operation in item.values():
            if isinstance(operation, dict):
                yield from operation.get("parameters", [])


def restrict(document: dict[str, Any], values: Mapping[str, list[str]], fixed: str) -> None:
    """The path parameter ``fixed`` may only be its value; each other one named in ``values``
    gets them as its examples (the examples and coverage phases send each; fuzzing draws
    strings that exist nowhere; the stateful phase follows the spec's links)."""
    for parameter in _path_parameters(document):
        name = str(parameter.get("name"))
        if parameter.get("in") != "path" or name not in values:
            continue
        if name == fixed:
            parameter["schema"] = {"type": "string", "enum": list(values[name])}
        else:
            parameter.pop("example", None)
            parameter["examples"] = {
                f"vbc{index}": {"value": value} for index, value in enumerate(values[name])
            }


@schemathesis.deserializer("text/plain")
def _plain_text(ctx: object, response: schemathesis.Response) -> str:
    return response.content.decode(response.encoding or "utf-8")


@schemathesis.hook
def before_load_schema(context: Any, raw_schema: dict[str, Any]) -> None:  # noqa: ANN401
    restrict(raw_schema, json.loads(os.environ.get(PARAMETERS_ENV) or "{}"), "account_id")
