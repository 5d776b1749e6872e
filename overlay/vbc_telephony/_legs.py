"""``client.legs``: read the legs of an active call and act on one: hold, DTMF, audio,
transfer, recording, hang up.

Every action is one PUT of one ``LegAction`` body; which action is the method's name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, TypeVar

from . import _validate
from ._constants import POLL_INTERVAL, WAIT_TIMEOUT
from ._contact import contact_model
from ._generated import DELETE_LEG, GET_LEG, LIST_LEGS, UPDATE_LEG
from ._generated import models as api
from ._models import Leg, LegUpdated
from ._request import CallOptions, Request
from ._resource import Method, Resource
from ._response import list_of, parser, view_parser
from ._types import ContactLike, TimeoutLike
from ._wait import Wait, WaitMethod

if TYPE_CHECKING:
    from typing import TypeAlias

    _LegAction: TypeAlias = (
        api.HoldLeg
        | api.UnholdLeg
        | api.SendDtmf
        | api.PlayAudio
        | api.StopAudio
        | api.BlindTransfer
        | api.AttendedTransfer
        | api.Recording
    )

S = TypeVar("S")

_LEGS = view_parser(list_of(Leg._whole))
_LEG = view_parser(Leg._whole)
_UPDATED = view_parser(LegUpdated._whole)
_HUNG_UP = parser(DELETE_LEG, type(None), lambda _: None)


def _ids(account_id: object, call_id: object, leg_id: object) -> tuple[str, str, str]:
    return (
        _validate.path_id(account_id, "account_id"),
        _validate.path_id(call_id, "call_id"),
        _validate.path_id(leg_id, "leg_id"),
    )


def _act(
    ids: tuple[str, str, str], body: _LegAction, timeout: object, max_retries: object
) -> Request[LegUpdated]:
    kwargs = UPDATE_LEG.request(*ids, body=body)
    return Request(kwargs, _UPDATED, CallOptions.of(timeout, max_retries))


def _list(
    account_id: str,
    call_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[list[Leg]]:
    """Every leg of the call (one answer: this list is not paginated)."""
    kwargs = LIST_LEGS.request(
        _validate.path_id(account_id, "account_id"), _validate.path_id(call_id, "call_id")
    )
    return Request(kwargs, _LEGS, CallOptions.of(timeout, max_retries))


def _get(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[Leg]:
    """One leg of the call, with its current state."""
    kwargs = GET_LEG.request(*_ids(account_id, call_id, leg_id))
    return Request(kwargs, _LEG, CallOptions.of(timeout, max_retries))


def _hold(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Put the leg on hold."""
    body = api.HoldLeg(state=api.HoldLegState.HELD)
    return _act(_ids(account_id, call_id, leg_id), body, timeout, max_retries)


def _unhold(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Take the leg off hold."""
    body = api.UnholdLeg(state=api.UnholdLegState.ACTIVE)
    return _act(_ids(account_id, call_id, leg_id), body, timeout, max_retries)


def _send_dtmf(
    account_id: str,
    call_id: str,
    leg_id: str,
    digits: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Send DTMF tones: 1 to 64 of ``0-9``, ``A-D``, ``*`` and ``#``."""
    ids = _ids(account_id, call_id, leg_id)
    return _act(ids, api.SendDtmf(dtmf=_validate.dtmf(digits)), timeout, max_retries)


def _play(
    account_id: str,
    call_id: str,
    leg_id: str,
    url: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Play the audio file at ``url`` (http or https) to the leg."""
    ids = _ids(account_id, call_id, leg_id)
    body = api.PlayAudio(stream=True, stream_url=_validate.audio_url(url))
    return _act(ids, body, timeout, max_retries)


def _stop_audio(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Stop the audio playing to the leg."""
    ids = _ids(account_id, call_id, leg_id)
    return _act(ids, api.StopAudio(stream=False), timeout, max_retries)


def _transfer(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    to: ContactLike,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Transfer the leg to ``to``.

    Blind transfer: ``to`` is a device, extension or pstn contact. Attended transfer: ``to``
    is another leg, ``Contact.leg(other_leg_id)`` or ``{"type": "leg", "destination": …}``.
    """
    ids = _ids(account_id, call_id, leg_id)
    target = to.get("type") if isinstance(to, Mapping) else getattr(to, "type", None)
    body: api.AttendedTransfer | api.BlindTransfer
    if target == "leg":
        leg = contact_model(to, "to", api.LegTargetType, api.LegTarget.from_dict)
        other_leg = _validate.path_id(leg.destination, "to (the other leg's id)")
        body = api.AttendedTransfer(
            state=api.AttendedTransferState.ACTIVE,
            to=api.LegTarget(destination=other_leg, type_=api.LegTargetType.LEG),
        )
    else:
        contact = contact_model(to, "to", api.ContactType, api.Contact.from_dict)
        body = api.BlindTransfer(state=api.BlindTransferState.ACTIVE, to=contact)
    return _act(ids, body, timeout, max_retries)


def _start_recording(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    service: str,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Start recording the leg with ``service`` ``"ccr"`` or ``"ocr"``."""
    return _recording(
        api.RecordingRecording.START, (account_id, call_id, leg_id), service, timeout, max_retries
    )


def _stop_recording(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    service: str,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[LegUpdated]:
    """Stop the ``service`` (``"ccr"`` or ``"ocr"``) recording of the leg."""
    return _recording(
        api.RecordingRecording.STOP, (account_id, call_id, leg_id), service, timeout, max_retries
    )


def _recording(
    recording: api.RecordingRecording,
    ids: tuple[object, object, object],
    service: object,
    timeout: object,
    max_retries: object,
) -> Request[LegUpdated]:
    body = api.Recording(
        recording=recording,
        service=_validate.choice(service, "service", api.RecordingService),
    )
    return _act(_ids(*ids), body, timeout, max_retries)


def _delete(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    timeout: TimeoutLike | None = None,
    max_retries: int | None = None,
) -> Request[None]:
    """Hang up the leg; the rest of the call goes on."""
    kwargs = DELETE_LEG.request(*_ids(account_id, call_id, leg_id))
    return Request(kwargs, _HUNG_UP, CallOptions.of(timeout, max_retries))


def _wait_for(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    status: str | Collection[str] = "on-call",
    timeout: float | None = WAIT_TIMEOUT,
    interval: float = POLL_INTERVAL,
) -> Wait[Leg]:
    """The leg, once it has ``status`` (or one of several), read every ``interval`` seconds.

    ``NotFoundError`` if the leg (or its call) ends first; ``WaitTimeoutError`` (an
    ``APITimeoutError``) after ``timeout`` seconds (None: no limit).
    """
    ids = _ids(account_id, call_id, leg_id)
    return Wait.of(_get(*ids), f"leg {ids[2]!r} of call {ids[1]!r}", status, timeout, interval)


class Legs(Resource[S]):
    """The legs of an active call (``client.legs``)."""

    list = Method(_list)
    get = Method(_get)
    hold = Method(_hold)
    unhold = Method(_unhold)
    send_dtmf = Method(_send_dtmf)
    play = Method(_play)
    stop_audio = Method(_stop_audio)
    transfer = Method(_transfer)
    start_recording = Method(_start_recording)
    stop_recording = Method(_stop_recording)
    delete = Method(_delete)
    wait_for = WaitMethod(_wait_for)
