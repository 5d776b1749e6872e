"""Loaded by schemathesis itself (``SCHEMATHESIS_HOOKS``) in the run ``vbc conformance`` starts.

Two things only, both wiring; every check is schemathesis's own:

- authentication through this package's auth, from the same environment as the CLI
  (``VBC_TOKEN``, or the password grant), so a token is obtained, cached and renewed as the
  client does it and never appears on a command line;
- the JSON path of a response-schema violation in schemathesis's NDJSON report, which
  otherwise carries only the message, so that each finding can name its field.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import schemathesis
from schemathesis.openapi.checks import JsonSchemaError

from ._config import auth_from_env

# A URL under the API that is never sent: the auth flow is run up to it, to read the header.
_PROBE_PATH = "/.vbc-conformance-token-probe"
_BASE_URL_ENV = "VBC_CONFORMANCE_BASE_URL"


def _authorization(auth: httpx.Auth, base_url: str) -> str:
    """The Authorization header ``auth`` sends now: token requests go out, the API request
    it would authorize does not."""
    captured: list[str] = []
    network = httpx.HTTPTransport()

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
        self._base_url = os.environ[_BASE_URL_ENV]

    def get(self, case: Any, context: Any) -> str:  # noqa: ANN401 - schemathesis's types
        return _authorization(self._auth, self._base_url)

    def set(self, case: Any, data: str, context: Any) -> None:  # noqa: ANN401
        case.headers = {**(case.headers or {}), "Authorization": data}


_wire_format = JsonSchemaError.asdict


def _with_instance_path(failure: Any) -> dict[str, Any]:  # noqa: ANN401 - a JsonSchemaError
    return {**_wire_format(failure), "instance_path": list(failure.instance_path)}


JsonSchemaError.asdict = _with_instance_path  # type: ignore[method-assign, assignment]
