"""The one seam to the generated package's private functions.

openapi-python-client emits, per operation, a public ``sync_detailed``/``asyncio_detailed``
that builds, sends and parses in one go, and two private halves: ``_get_kwargs`` (the
request: method, path, query, JSON body) and ``_build_response`` (the parsed answer). The
overlay sends requests itself (its auth, retries, timeouts and base URL), so it needs the
halves; this module is the only one that names them, so a generator upgrade that renames
them breaks one file. The rest of the package sees an ``Operation`` per operationId.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Generic, ParamSpec

import httpx

from vbc_telephony_api.api.calls import create_call, delete_call, get_call, list_calls, update_call
from vbc_telephony_api.api.devices import get_device, list_devices
from vbc_telephony_api.api.legs import delete_leg, get_leg, list_legs, update_leg
from vbc_telephony_api.client import Client
from vbc_telephony_api.types import Response

P = ParamSpec("P")

# The generated parsers read nothing from their client but `raise_on_unexpected_status`
# (False: an undocumented status parses to None); requests never go through this one.
_PARSE_CONTEXT = Client(base_url="")


class Operation(Generic[P]):
    """One operation of the spec: ``request(…)`` builds it, ``parse(response)`` reads its answer.

    ``request`` takes the generated builder's arguments (path parameters, then the query and
    body keywords) and returns the keyword arguments of ``httpx.Client.request``, the URL
    relative to the base URL. ``parse`` returns the generated model (or str, list, None) for
    a documented status, and None for an undocumented one. ``query_parameters`` names the
    operation's query parameters (the builder's keywords other than ``body``).
    """

    def __init__(
        self,
        get_kwargs: Callable[P, dict[str, Any]],
        build_response: Callable[..., Response[Any]],
    ) -> None:
        self._get_kwargs = get_kwargs
        self._build_response = build_response
        keywords = inspect.signature(get_kwargs).parameters.values()
        self.query_parameters = frozenset(
            p.name for p in keywords if p.kind is p.KEYWORD_ONLY and p.name != "body"
        )

    def request(self, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
        return self._get_kwargs(*args, **kwargs)

    def parse(self, response: httpx.Response) -> object:
        return self._build_response(client=_PARSE_CONTEXT, response=response).parsed


LIST_CALLS = Operation(list_calls._get_kwargs, list_calls._build_response)
CREATE_CALL = Operation(create_call._get_kwargs, create_call._build_response)
GET_CALL = Operation(get_call._get_kwargs, get_call._build_response)
UPDATE_CALL = Operation(update_call._get_kwargs, update_call._build_response)
DELETE_CALL = Operation(delete_call._get_kwargs, delete_call._build_response)
LIST_LEGS = Operation(list_legs._get_kwargs, list_legs._build_response)
GET_LEG = Operation(get_leg._get_kwargs, get_leg._build_response)
UPDATE_LEG = Operation(update_leg._get_kwargs, update_leg._build_response)
DELETE_LEG = Operation(delete_leg._get_kwargs, delete_leg._build_response)
LIST_DEVICES = Operation(list_devices._get_kwargs, list_devices._build_response)
GET_DEVICE = Operation(get_device._get_kwargs, get_device._build_response)
