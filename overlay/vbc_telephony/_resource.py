"""Resource methods written once for the sync, async and raw clients.

A resource (``Calls``, ``Legs``, ``Devices``) is a class of descriptors over pure builder
functions. A builder checks its arguments and returns the ``Request`` (or ``Listing``) to
send; it knows nothing of sending. The descriptor binds it to the session of the client it
is read from, and that session decides what a call returns:

    client = Telephony(...)          client.calls.get(…) -> Call
    client = AsyncTelephony(...)     await client.calls.get(…) -> Call
    client.with_raw_response         client.with_raw_response.calls.get(…) -> RawResponse[Call]

The overloads of ``__get__`` tell type checkers the same thing, so each method keeps its
builder's signature and docstring in every flavour. List methods return a paginator
(``SyncPaginator`` or ``AsyncPaginator``) in every flavour; its pages carry their responses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Generic, ParamSpec, Self, TypeVar, overload

from ._pagination import AsyncPaginator, Listing, SyncPaginator
from ._request import Request
from ._response import RawResponse
from ._session import AsyncSession, RawAsyncSession, RawSyncSession, SyncSession

P = ParamSpec("P")
T = TypeVar("T")
S = TypeVar("S")


class Resource(Generic[S]):
    """A group of methods bound to one session."""

    def __init__(self, session: S) -> None:
        self._session = session


def plain_session(session: object) -> SyncSession | AsyncSession:
    """The session that sends for a method whose result has no raw form (a paginator, a
    watch): a raw session's own, else ``session``."""
    if isinstance(session, RawSyncSession | RawAsyncSession):
        return session.session
    assert isinstance(session, SyncSession | AsyncSession), "a resource holds a session"
    return session


class Descriptor(Generic[P, T]):
    def __init__(self, build: Callable[P, T]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _bind(self, resource: Resource[Any], send: Callable[[T], object]) -> Callable[P, object]:
        build = self._build

        @functools.wraps(build)
        def method(*args: P.args, **kwargs: P.kwargs) -> object:
            return send(build(*args, **kwargs))

        method.__name__ = self._name

        # Later reads find the bound method in the instance and skip the descriptor.
        resource.__dict__[self._name] = method
        return method


class Method(Descriptor[P, Request[T]]):
    """A method that sends one request; see the module docstring for what it returns."""

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: Resource[SyncSession], owner: type[Any]) -> Callable[P, T]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncSession], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawSyncSession], owner: type[Any]
    ) -> Callable[P, RawResponse[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsyncSession], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, RawResponse[T]]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        return self._bind(resource, resource._session.execute)


class ListMethod(Descriptor[P, Listing[T]]):
    """A method that lists lazily, page after page; it returns a paginator."""

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, resource: Resource[SyncSession], owner: type[Any]
    ) -> Callable[P, SyncPaginator[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[AsyncSession], owner: type[Any]
    ) -> Callable[P, AsyncPaginator[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawSyncSession], owner: type[Any]
    ) -> Callable[P, SyncPaginator[T]]: ...
    @overload
    def __get__(
        self, resource: Resource[RawAsyncSession], owner: type[Any]
    ) -> Callable[P, AsyncPaginator[T]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        session = plain_session(resource._session)
        if isinstance(session, SyncSession):
            return self._bind(resource, functools.partial(SyncPaginator, session))
        return self._bind(resource, functools.partial(AsyncPaginator, session))
