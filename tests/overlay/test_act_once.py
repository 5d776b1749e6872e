"""Through the public client against the sandbox: an operation that acts, slowed past the
client's read timeout, is sent exactly once, and the caller gets ``APITimeoutError`` saying
the action may have happened: never a second DTMF, a false 409 from a repeated hold or a
false 404 from a repeated hang-up. Sync and async.

Each case prepares the state its action needs (a connected call; audio playing before it is
stopped…), asks the sandbox to hold the next matching request for ``LATENCY_MS``, acts with
a client whose read timeout is shorter, waits for the sandbox to serve the held request,
and then reads the journal (one request, answered 2xx) and the state (the effect, once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from against_sandbox import (
    ALICE,
    BOB,
    CAROL,
    LATENCY_MS,
    SHORT,
    Connected,
    Mark,
    connected_call,
    mark,
    settled,
    static_auth,
)

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)

LEG = "/cc/accounts/self/calls/{call}/legs/{leg}"
CALL = "/cc/accounts/self/calls/{call}"
URL = "https://example.com/hold-music.wav"


@dataclass(frozen=True)
class Scene:
    """The calls an action acts on: ``call`` and, for an attended transfer, ``other``."""

    call: Connected
    other: Connected | None = None

    @property
    def leg(self) -> str:
        return self.call.legs[0]


def _nothing(client: vbc.Telephony, scene: Scene) -> None:
    pass


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: str  # relative to the API prefix; {call} and {leg} are the scene's
    act: Callable[[Any, Scene], Any]  # sync or async client
    # What the action's single effect leaves behind, read with a plain client.
    check: Callable[[vbc.Telephony, Scene], None]
    prepare: Callable[[vbc.Telephony, Scene], None] = _nothing
    needs_other_call: bool = False

    def fault_path(self) -> str:
        return self.path.replace("self", "*").replace("{call}", "*").replace("{leg}", "*")

    def concrete_path(self, scene: Scene) -> str:
        return self.path.format(call=scene.call.call_id, leg=scene.leg)


def _leg_status(expected: str) -> Callable[[vbc.Telephony, Scene], None]:
    def check(client: vbc.Telephony, scene: Scene) -> None:
        assert client.legs.get("self", scene.call.call_id, scene.leg).status == expected

    return check


def _still_connected(client: vbc.Telephony, scene: Scene) -> None:
    legs = client.legs.list("self", scene.call.call_id)
    assert [leg.status for leg in legs] == ["on-call", "on-call"]


def _transferred_to_carol(client: vbc.Telephony, scene: Scene) -> None:
    assert client.calls.get("self", scene.call.call_id).from_ == CAROL.destination


def _joined_by_the_other_leg(client: vbc.Telephony, scene: Scene) -> None:
    assert scene.other is not None
    legs = {leg.leg_id for leg in client.legs.list("self", scene.call.call_id)}
    assert scene.other.legs[0] in legs


def _one_leg_left(client: vbc.Telephony, scene: Scene) -> None:
    assert [leg.leg_id for leg in client.legs.list("self", scene.call.call_id)] == [
        scene.call.legs[1]
    ]


def _hung_up(client: vbc.Telephony, scene: Scene) -> None:
    with pytest.raises(vbc.NotFoundError):
        client.calls.get("self", scene.call.call_id)


def _two_calls(client: vbc.Telephony, scene: Scene) -> None:
    assert len(list(client.calls.list("self"))) == 2  # the scene's, and the one placed


ACTIONS = [
    Action(
        "DTMF",
        "PUT",
        LEG,
        lambda c, s: c.legs.send_dtmf("self", s.call.call_id, s.leg, "*123#"),
        _still_connected,
    ),
    Action(
        "play",
        "PUT",
        LEG,
        lambda c, s: c.legs.play("self", s.call.call_id, s.leg, URL),
        _still_connected,
    ),
    Action(
        "stop audio",
        "PUT",
        LEG,
        lambda c, s: c.legs.stop_audio("self", s.call.call_id, s.leg),
        _still_connected,
        prepare=lambda c, s: c.legs.play("self", s.call.call_id, s.leg, URL),
    ),
    Action(
        "blind transfer",
        "PUT",
        LEG,
        lambda c, s: c.legs.transfer("self", s.call.call_id, s.leg, to=CAROL),
        _transferred_to_carol,
    ),
    Action(
        "attended transfer",
        "PUT",
        LEG,
        lambda c, s: c.legs.transfer(
            "self", s.call.call_id, s.leg, to=vbc.Contact.leg(s.other.legs[0])
        ),
        _joined_by_the_other_leg,
        needs_other_call=True,
    ),
    Action(
        "record start",
        "PUT",
        LEG,
        lambda c, s: c.legs.start_recording("self", s.call.call_id, s.leg, service="ccr"),
        _still_connected,
    ),
    Action(
        "record stop",
        "PUT",
        LEG,
        lambda c, s: c.legs.stop_recording("self", s.call.call_id, s.leg, service="ccr"),
        _still_connected,
        prepare=lambda c, s: c.legs.start_recording("self", s.call.call_id, s.leg, service="ccr"),
    ),
    Action(
        "hold",
        "PUT",
        LEG,
        lambda c, s: c.legs.hold("self", s.call.call_id, s.leg),
        _leg_status("held"),
    ),
    Action(
        "unhold",
        "PUT",
        LEG,
        lambda c, s: c.legs.unhold("self", s.call.call_id, s.leg),
        _leg_status("on-call"),
        prepare=lambda c, s: c.legs.hold("self", s.call.call_id, s.leg),
    ),
    Action(
        "leg delete",
        "DELETE",
        LEG,
        lambda c, s: c.legs.delete("self", s.call.call_id, s.leg),
        _one_leg_left,
    ),
    Action(
        "call delete",
        "DELETE",
        CALL,
        lambda c, s: c.calls.delete("self", s.call.call_id),
        _hung_up,
    ),
    Action(
        "call create",
        "POST",
        "/cc/accounts/self/calls",
        lambda c, s: c.calls.create("self", from_=ALICE, to=BOB),
        _two_calls,
    ),
]


def _scene(sandbox: Sandbox, client: vbc.Telephony, action: Action) -> Scene:
    other = connected_call(sandbox, client) if action.needs_other_call else None
    scene = Scene(connected_call(sandbox, client), other)
    action.prepare(client, scene)
    return scene


def _slow_next(sandbox: Sandbox, action: Action) -> Mark:
    sandbox.fail(action.method, action.fault_path(), latency_ms=LATENCY_MS, count=1)
    return mark(sandbox)


def _sent_once_and_acted_once(
    sandbox: Sandbox, client: vbc.Telephony, action: Action, scene: Scene, since: Mark
) -> None:
    sent = settled(sandbox, action.method, action.concrete_path(scene), since=since)
    assert [entry.status for entry in sent] == [204 if action.name == "leg delete" else 200]
    action.check(client, scene)


def _says_it_may_have_happened(error: vbc.APITimeoutError, action: Action) -> None:
    assert str(error).endswith("; the action may have happened, and was not repeated")
    assert str(error).startswith(action.method)


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_an_action_slowed_past_the_read_timeout_is_sent_once(vbc_sandbox, action):
    auth = static_auth(vbc_sandbox)
    with (
        vbc_sandbox.client(auth=auth) as setup,
        vbc_sandbox.client(auth=auth, timeout=SHORT) as client,
    ):
        scene = _scene(vbc_sandbox, setup, action)
        since = _slow_next(vbc_sandbox, action)
        with pytest.raises(vbc.APITimeoutError) as caught:
            action.act(client, scene)
        _says_it_may_have_happened(caught.value, action)
        _sent_once_and_acted_once(vbc_sandbox, setup, action, scene, since)


@pytest.mark.anyio
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
async def test_an_async_action_slowed_past_the_read_timeout_is_sent_once(vbc_sandbox, action):
    auth = static_auth(vbc_sandbox)
    with vbc_sandbox.client(auth=auth) as setup:
        scene = _scene(vbc_sandbox, setup, action)
        async with vbc_sandbox.async_client(auth=auth, timeout=SHORT) as client:
            since = _slow_next(vbc_sandbox, action)
            with pytest.raises(vbc.APITimeoutError) as caught:
                await action.act(client, scene)
        _says_it_may_have_happened(caught.value, action)
        _sent_once_and_acted_once(vbc_sandbox, setup, action, scene, since)


def test_a_slow_read_is_retried_and_succeeds(vbc_sandbox):
    auth = static_auth(vbc_sandbox)
    with (
        vbc_sandbox.client(auth=auth) as setup,
        vbc_sandbox.client(auth=auth, timeout=SHORT) as client,
    ):
        scene = Scene(connected_call(vbc_sandbox, setup))
        path = LEG.format(call=scene.call.call_id, leg=scene.leg)
        vbc_sandbox.fail("GET", "/cc/accounts/*/calls/*/legs/*", latency_ms=LATENCY_MS)
        since = mark(vbc_sandbox)
        assert client.legs.get("self", scene.call.call_id, scene.leg).leg_id == scene.leg
        assert [e.status for e in settled(vbc_sandbox, "GET", path, since=since)] == [200, 200]
