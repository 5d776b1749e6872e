"""``client.calls``: list, place, read, answer, transfer, park and hang up active calls."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TypeVar

from . import _validate
from ._constants import POLL_INTERVAL, POLL_MAX_ERRORS, WAIT_TIMEOUT
from ._contact import contact_model
from ._exceptions import APIResponseValidationError
from ._generated import CREATE_CALL, DELETE_CALL, GET_CALL, LIST_CALLS, UPDATE_CALL, api_types
from ._generated import models as api
from ._models import Call, CallUpdated, id_reader
from ._page import page_parser
from ._pagination import Listing, listing
from ._request import CallOptions, Request
from ._resource import ListMethod, Method, Resource
from ._response import parser, view_parser
from ._types import ContactLike, Order, TimeLike, TimeoutLike
from ._wait import Wait, WaitMethod
from ._watch import Watch, WatchMethod
from ._watch_events import Snapshot

S = TypeVar("S")

# A created call's id, as the API answers it: text/plain, a UUID in practice.
_CREATED_CALL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def _created_call_id(body: str) -> str:
    call_id = body.strip()
    if not _CREATED_CALL_ID.fullmatch(call_id):
        raise APIResponseValidationError(
            f"the call may have been placed, but the answer is not a call id: {body[:80]!r}"
        )
    return call_id


_CALLS_PAGE = page_parser("CallsPage", "calls", Call._of)
_CALL = view_parser(Call._whole)
_CREATED = parser(CREATE_CALL, str, _created_call_id)
_UPDATED = view_parser(CallUpdated._whole)
_HUNG_UP = _UPDATED


def _ids(account_id: object, call_id: object) -> tuple[str, str]:
    return _validate.path_id(account_id, "account_id"), _validate.path_id(call_id, "call_id")


def _contact(value: object, name: str) -> api.Contact:
    return contact_model(value, name, api.ContactType, api.Contact.from_dict)


def _list(
    account_id: str,
    *,
    extension: str | None = None,
    order: Order | None = None,
    start_time: TimeLike | None = None,
    end_time: TimeLike | None = None,
    page_size: int | None = None,
    max_items: int | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Listing[Call]:
    """The account's active calls, fetched page by page as they are iterated.

    ``for call in client.calls.list(…)`` yields every call; ``.pages()`` yields the pages.
    The filters apply to every page; ``max_items`` stops after that many calls.
    """
    filters = _validate.list_filters(order, start_time, end_time, page_size)
    if extension is not None:
        filters["extension"] = _validate.filter_text(extension, "extension")
    return listing(
        LIST_CALLS,
        (_validate.path_id(account_id, "account_id"),),
        filters,
        _CALLS_PAGE,
        CallOptions.of(timeout, max_retries),
        _validate.max_items(max_items),
        id_reader("call_id"),
    )


def _create(
    account_id: str,
    *,
    from_: ContactLike,
    to: ContactLike,
    type: str | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[str]:
    """Place a call from ``from_`` to ``to``; returns the new call's id.

    This places a real call, so it is retried only when the server certainly did not act on
    it (429, or no connection was made); after a timeout, ``APITimeoutError`` says the call
    may exist. ``type`` is ``click2dial``, ``click2dialme``, ``odr`` or ``default``.
    """
    account = _validate.path_id(account_id, "account_id")
    body = api.CreateCallRequest(
        from_=contact_model(from_, "from_", api.CreateCallFromType, api.CreateCallFrom.from_dict),
        to=contact_model(to, "to", api.CreateCallToType, api.CreateCallTo.from_dict),
        type_=api_types.UNSET
        if type is None
        else _validate.choice(type, "type", api.CreateCallRequestType),
    )
    return Request(
        CREATE_CALL.request(account, body=body),
        _CREATED,
        CallOptions.of(timeout, max_retries),
    )


def _get(
    account_id: str,
    call_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[Call]:
    """The active call ``call_id``, with its legs."""
    kwargs = GET_CALL.request(*_ids(account_id, call_id))
    return Request(kwargs, _CALL, CallOptions.of(timeout, max_retries))


def _update(
    account_id: str,
    call_id: str,
    *,
    state: str | None = None,
    from_: ContactLike | None = None,
    to: ContactLike | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[CallUpdated]:
    """Answer (``state="active"``, ``to``), park (``state="parked"``, ``from_``) or transfer
    (no ``state``, ``from_`` and ``to``) the call; ``answer``, ``park`` and ``transfer`` say
    the same by name."""
    if state is not None and not isinstance(state, str):
        raise TypeError(f"state must be a str, not {type(state).__name__}")
    body: api.AnswerCall | api.ParkCall | api.TransferCall
    if state == "active":
        if to is None:
            raise _validate.InvalidArgumentError(
                "answering a call (state='active') needs `to`, the device to ring"
            )
        body = api.AnswerCall(
            state=api.AnswerCallState.ACTIVE,
            to=_contact(to, "to"),
            from_=api_types.UNSET if from_ is None else _contact(from_, "from_"),
        )
    elif state == "parked":
        if from_ is None:
            raise _validate.InvalidArgumentError(
                "parking a call (state='parked') needs `from_`, who holds it"
            )
        body = api.ParkCall(
            state=api.ParkCallState.PARKED,
            from_=_contact(from_, "from_"),
            to=api_types.UNSET if to is None else _contact(to, "to"),
        )
    elif state is None:
        if from_ is None or to is None:
            raise _validate.InvalidArgumentError(
                "transferring a call (no state) needs both `from_` and `to`"
            )
        body = api.TransferCall(from_=_contact(from_, "from_"), to=_contact(to, "to"))
    else:
        raise _validate.InvalidArgumentError(
            f"state must be 'active' (answer), 'parked' (park) or None (transfer), not {state!r}"
        )
    kwargs = UPDATE_CALL.request(*_ids(account_id, call_id), body=body)
    return Request(kwargs, _UPDATED, CallOptions.of(timeout, max_retries))


def _answer(
    account_id: str,
    call_id: str,
    *,
    to: ContactLike,
    from_: ContactLike | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[CallUpdated]:
    """Answer the ringing call on ``to`` (usually a device)."""
    return _update(
        account_id,
        call_id,
        state="active",
        from_=from_,
        to=to,
        timeout=timeout,
        max_retries=max_retries,
    )


def _transfer(
    account_id: str,
    call_id: str,
    *,
    from_: ContactLike,
    to: ContactLike,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[CallUpdated]:
    """Transfer the call from ``from_`` to ``to``."""
    return _update(
        account_id, call_id, from_=from_, to=to, timeout=timeout, max_retries=max_retries
    )


def _park(
    account_id: str,
    call_id: str,
    *,
    from_: ContactLike,
    to: ContactLike | None = None,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[CallUpdated]:
    """Park the call held by ``from_``."""
    return _update(
        account_id,
        call_id,
        state="parked",
        from_=from_,
        to=to,
        timeout=timeout,
        max_retries=max_retries,
    )


def _delete(
    account_id: str,
    call_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[CallUpdated]:
    """Hang up the call and every leg of it."""
    kwargs = DELETE_CALL.request(*_ids(account_id, call_id))
    return Request(kwargs, _HUNG_UP, CallOptions.of(timeout, max_retries))


def _watch(
    account_id: str,
    *,
    interval: float = POLL_INTERVAL,
    since: Snapshot | None = None,
    max_errors: int = POLL_MAX_ERRORS,
    timeout: float | None = None,
) -> Watch:
    """Every change to the account's active calls and their legs, as ``WatchEvent``s:
    ``call.added``, ``call.changed``, ``call.removed``, ``leg.added``, ``leg.changed``,
    ``leg.removed``, found by listing the calls (every page) every ``interval`` seconds
    (default 2: a call that rings for one full ring cycle is seen, at 30 requests a minute)
    and comparing each list with the one before. A call shorter than the interval can be
    missed: the API lists active calls only.

    429s wait what ``Retry-After`` asks; other transient failures back off, and
    ``max_errors`` of them in a row raise the last. ``timeout``: seconds in all (None: for
    ever), after which the watch ends, raising the last failure if the last poll failed.
    ``since=watch.snapshot`` continues an earlier watch without repeating its events.
    """
    return Watch.of(_list(account_id), since, interval, max_errors, timeout)


def _wait_for(
    account_id: str,
    call_id: str,
    *,
    status: str | Collection[str] = "on-call",
    timeout: float | None = WAIT_TIMEOUT,
    interval: float = POLL_INTERVAL,
) -> Wait[Call]:
    """The call, once it has ``status`` (or one of several), read every ``interval`` seconds.

    ``NotFoundError`` if the call ends first; ``WaitTimeoutError`` (an ``APITimeoutError``)
    after ``timeout`` seconds (None: no limit).
    """
    ids = _ids(account_id, call_id)
    return Wait.of(_get(*ids), f"call {ids[1]!r}", status, timeout, interval)


class Calls(Resource[S]):
    """The account's active calls (``client.calls``)."""

    list = ListMethod(_list)
    create = Method(_create)
    get = Method(_get)
    update = Method(_update)
    answer = Method(_answer)
    transfer = Method(_transfer)
    park = Method(_park)
    delete = Method(_delete)
    watch = WatchMethod(_watch)
    wait_for = WaitMethod(_wait_for)
