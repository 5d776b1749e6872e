"""What each operation of the API does, by ``operationId``: the spec's routes call these.

A handler gets the sandbox's state, the renderings of its calls (``views.Renderings``), the
account the path names (already resolved from ``self``) and the request as the spec
accepted it, and returns the answer; the domain's
refusals (``NotFound``, ``Conflict``) propagate to the HTTP layer, which answers them. The
actions of ``update_call`` and ``update_leg`` are looked up by the name of the ``oneOf``
branch their body matched (``AnswerCall``, ``HoldLeg`` …), so they cannot drift from the spec
either.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._domain.active_calls import ActiveCalls
from .._domain.call_records import Call, Leg, Party
from .._domain.listing import DEFAULT_ORDER, DEFAULT_PAGE_SIZE, PageRequest, paginate
from .._domain.state import SandboxState
from .validation import ValidRequest
from .views import Renderings, device_view, encode, leg_view, page_json, updated_view

ENDED = "ended"


@dataclass(frozen=True)
class Answer:
    """A success: ``status`` with a JSON ``body`` (or its encoding, as bytes), or with ``text``
    (``text/plain``)."""

    status: int
    body: object = None
    text: str | None = None


Handler = Callable[[SandboxState, Renderings, str, ValidRequest], Answer]


def _party(contact: Mapping[str, Any]) -> Party:
    return Party(contact["type"], contact["destination"])


def _page_request(query: Mapping[str, Any], filters: Mapping[str, str]) -> PageRequest:
    return PageRequest(
        page=query.get("page", 1),
        page_size=query.get("page_size", DEFAULT_PAGE_SIZE),
        order=query.get("order", DEFAULT_ORDER),
        start_time=query.get("start_time"),
        end_time=query.get("end_time"),
        filters=filters,
    )


def _involves(call: Call, extension: str) -> bool:
    parties = [call.from_, call.to, *(leg.party for leg in call.legs.values())]
    return any(p.type == "extension" and str(p.destination) == extension for p in parties)


def list_calls(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    calls = state.calls.all()  # first: calls due to answer themselves do so, a change
    key = (account, tuple(sorted(request.query.items())))
    return Answer(
        200,
        renderings.page(
            state.calls, key, lambda: _calls_page(state.calls, renderings, calls, account, request)
        ),
    )


def _calls_page(
    active: ActiveCalls,
    renderings: Renderings,
    calls: list[Call],
    account: str,
    request: ValidRequest,
) -> bytes:
    extension = request.query.get("extension")
    filters = {} if extension is None else {"extension": extension}
    page = paginate(
        [call for call in calls if extension is None or _involves(call, extension)],
        operator.attrgetter("start_time"),
        _page_request(request.query, filters),
        f"/cc/accounts/{account}/calls",
    )
    return page_json(page, "calls", functools.partial(renderings.call, active, account))


def create_call(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    call = state.calls.place(_party(request.body["from"]), _party(request.body["to"]))
    return Answer(200, text=call.call_id)


def get_call(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    call = state.calls.get(request.path["call_id"])
    return Answer(200, renderings.call(state.calls, account, call))


_CALL_UPDATES: dict[str, Callable[[ActiveCalls, str, Mapping[str, Any]], Call]] = {
    "AnswerCall": lambda calls, call_id, body: calls.answer(call_id),
    "TransferCall": lambda calls, call_id, body: calls.transfer(call_id, _party(body["to"])),
    "ParkCall": lambda calls, call_id, body: calls.park(call_id),
}


def update_call(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    assert request.variant is not None, "the spec's oneOf admits only named branches"
    call = _CALL_UPDATES[request.variant](state.calls, request.path["call_id"], request.body)
    return Answer(200, updated_view(call, account, call.status))


def delete_call(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    return Answer(200, updated_view(state.calls.hang_up(request.path["call_id"]), account, ENDED))


def list_legs(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    call = state.calls.get(request.path["call_id"])
    return Answer(200, [leg_view(call, leg, account) for leg in call.legs.values()])


def get_leg(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    call, leg = state.calls.leg(request.path["call_id"], request.path["leg_id"])
    return Answer(200, leg_view(call, leg, account))


_LegAction = Callable[[ActiveCalls, str, str, Mapping[str, Any]], Leg]
_LEG_ACTIONS: dict[str, _LegAction] = {
    "HoldLeg": lambda calls, call_id, leg_id, body: calls.hold(call_id, leg_id),
    "UnholdLeg": lambda calls, call_id, leg_id, body: calls.unhold(call_id, leg_id),
    "SendDtmf": lambda calls, call_id, leg_id, body: calls.send_dtmf(call_id, leg_id, body["dtmf"]),
    "PlayAudio": lambda calls, call_id, leg_id, body: calls.play(
        call_id, leg_id, body["stream_url"]
    ),
    "StopAudio": lambda calls, call_id, leg_id, body: calls.stop_audio(call_id, leg_id),
    "BlindTransfer": lambda calls, call_id, leg_id, body: calls.blind_transfer(
        call_id, leg_id, _party(body["to"])
    ),
    "AttendedTransfer": lambda calls, call_id, leg_id, body: calls.attended_transfer(
        call_id, leg_id, body["to"]["destination"]
    ),
    "Recording": lambda calls, call_id, leg_id, body: (
        calls.start_recording if body["recording"] == "start" else calls.stop_recording
    )(call_id, leg_id, body["service"]),
}


def update_leg(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    assert request.variant is not None, "the spec's oneOf admits only named branches"
    call_id, leg_id = request.path["call_id"], request.path["leg_id"]
    leg = _LEG_ACTIONS[request.variant](state.calls, call_id, leg_id, request.body)
    call, _ = state.calls.leg(call_id, leg_id)
    return Answer(200, updated_view(call, account, leg.status, leg))


def delete_leg(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    state.calls.drop_leg(request.path["call_id"], request.path["leg_id"])
    return Answer(204)


def list_devices(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    page = paginate(
        state.devices.all(),
        operator.attrgetter("last_request"),
        _page_request(request.query, {}),
        f"/registration/accounts/{account}/devices",
    )
    return Answer(
        200, page_json(page, "devices", lambda device: encode(device_view(device, account)))
    )


def get_device(
    state: SandboxState, renderings: Renderings, account: str, request: ValidRequest
) -> Answer:
    return Answer(200, device_view(state.devices.get(request.path["device_id"]), account))


HANDLERS: dict[str, Handler] = {
    handler.__name__: handler
    for handler in (
        list_calls,
        create_call,
        get_call,
        update_call,
        delete_call,
        list_legs,
        get_leg,
        update_leg,
        delete_leg,
        list_devices,
        get_device,
    )
}
LEG_ACTIONS = frozenset(_LEG_ACTIONS)
CALL_UPDATES = frozenset(_CALL_UPDATES)
