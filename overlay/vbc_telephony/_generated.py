"""The one seam to the generated package: its private functions, and its models.

openapi-python-client emits, per operation, a public ``sync_detailed``/``asyncio_detailed``
that builds, sends and parses in one go, and two private halves: ``_get_kwargs`` (the
request: method, path, query, JSON body) and ``_build_response`` (the parsed answer). The
overlay sends requests itself (its auth, retries, timeouts and base URL), so it needs the
halves; this module is the only one that names them, so a generator upgrade that renames
them breaks one file. The rest of the package sees an ``Operation`` per operationId, and
builds models with ``built``.

The generated package is imported when an operation is first built or a model first needed:
its models take longer to import than the rest of this package, and neither
``import vbc_telephony`` nor ``vbc --version`` uses them.

What the generated parsers raise on a body that does not match the spec (a missing key, a
value of the wrong type) becomes ``APIResponseValidationError`` here, and only here: the
same exception raised by our own code is a bug, and surfaces as itself.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, ParamSpec

import httpx

from ._constants import REPLAY_EXTENSION
from ._exceptions import APIResponseValidationError
from ._replay import OPERATIONS

if TYPE_CHECKING:
    from vbc_telephony_api import models
    from vbc_telephony_api import types as api_types
    from vbc_telephony_api.api.calls import (
        create_call,
        delete_call,
        get_call,
        list_calls,
        update_call,
    )
    from vbc_telephony_api.api.devices import get_device, list_devices
    from vbc_telephony_api.api.legs import delete_leg, get_leg, list_legs, update_leg
    from vbc_telephony_api.types import Response

__all__ = [
    "CREATE_CALL",
    "DELETE_CALL",
    "DELETE_LEG",
    "GET_CALL",
    "GET_DEVICE",
    "GET_LEG",
    "LIST_CALLS",
    "LIST_DEVICES",
    "LIST_LEGS",
    "UPDATE_CALL",
    "UPDATE_LEG",
    "Operation",
    "api_types",
    "built",
    "models",
]

P = ParamSpec("P")

_PACKAGE = "vbc_telephony_api"
# What the generated parsers raise on a body they cannot read.
_PARSE_ERRORS = (TypeError, ValueError, KeyError, AttributeError)


class _Deferred:
    """A function of a generated module, which is imported on the first call."""

    def __init__(self, module: str, name: str) -> None:
        self.__module__ = module
        self.__name__ = name

    @functools.cached_property
    def _function(self) -> Callable[..., Any]:
        module = importlib.import_module(self.__module__)
        function: Callable[..., Any] = getattr(module, self.__name__)
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - what it returns
        return self._function(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self._function)


class _DeferredFunctions:
    """A generated module whose functions are imported on their first call."""

    def __init__(self, name: str) -> None:
        self._name = f"{_PACKAGE}.api.{name}"

    def __getattr__(self, name: str) -> _Deferred:
        return _Deferred(self._name, name)


class _DeferredModule:
    """A generated module, imported when one of its names is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever the module holds
        return getattr(importlib.import_module(self._name), name)


if not TYPE_CHECKING:
    # For mypy, the modules themselves (above).
    models = _DeferredModule(f"{_PACKAGE}.models")
    api_types = _DeferredModule(f"{_PACKAGE}.types")
    list_calls = _DeferredFunctions("calls.list_calls")
    create_call = _DeferredFunctions("calls.create_call")
    get_call = _DeferredFunctions("calls.get_call")
    update_call = _DeferredFunctions("calls.update_call")
    delete_call = _DeferredFunctions("calls.delete_call")
    list_legs = _DeferredFunctions("legs.list_legs")
    get_leg = _DeferredFunctions("legs.get_leg")
    update_leg = _DeferredFunctions("legs.update_leg")
    delete_leg = _DeferredFunctions("legs.delete_leg")
    list_devices = _DeferredFunctions("devices.list_devices")
    get_device = _DeferredFunctions("devices.get_device")


@functools.cache
def _parse_context() -> Any:  # noqa: ANN401 - the generated Client
    # The generated parsers read nothing from their client but `raise_on_unexpected_status`
    # (False: an undocumented status parses to None); requests never go through this one.
    from vbc_telephony_api.client import Client

    return Client(base_url="")


class Operation(Generic[P]):
    """One operation of the spec: ``request(…)`` builds it, ``parse(response)`` reads its answer.

    ``request`` takes the generated builder's arguments (path parameters, then the query and
    body keywords) and returns the keyword arguments of ``httpx.Client.request``: the URL
    relative to the base URL, and the operation's ``Replay`` in the extensions. ``parse``
    returns the generated model (or str, list, None) for a documented status, and None for an
    undocumented one. ``query_parameters`` names the operation's query parameters (the
    builder's keywords other than ``body``).
    """

    def __init__(
        self,
        get_kwargs: Callable[P, dict[str, Any]],
        build_response: Callable[..., Response[Any]],
    ) -> None:
        self._get_kwargs = get_kwargs
        self._build_response = build_response
        self.operation_id = get_kwargs.__module__.rpartition(".")[2]
        self.replay = OPERATIONS[self.operation_id]

    @functools.cached_property
    def query_parameters(self) -> frozenset[str]:
        keywords = inspect.signature(self._get_kwargs).parameters.values()
        return frozenset(p.name for p in keywords if p.kind is p.KEYWORD_ONLY and p.name != "body")

    def request(self, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]:
        built = self._get_kwargs(*args, **kwargs)
        built["extensions"] = {REPLAY_EXTENSION: self.replay}
        return built

    def parse(self, response: httpx.Response) -> object:
        context = _parse_context()
        try:
            return self._build_response(client=context, response=response).parsed
        except _PARSE_ERRORS as exc:
            raise APIResponseValidationError(
                f"{response.status_code} with a body that does not match the spec: "
                f"{type(exc).__name__}: {exc}",
                response=response,
            ) from exc


def built(name: str, data: Mapping[str, Any], what: str) -> Any:  # noqa: ANN401 - the model
    """The generated model ``name`` of ``data``, a decoded JSON object the server sent;
    ``APIResponseValidationError`` naming ``what`` when it does not match the spec."""
    from_dict = getattr(models, name).from_dict
    try:
        return from_dict(data)
    except _PARSE_ERRORS as exc:
        raise APIResponseValidationError(
            f"{what} does not match the spec: {type(exc).__name__}: {exc}"
        ) from None


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
