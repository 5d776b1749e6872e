"""The sandbox's domain without sockets: calls and legs, tokens, paging, faults, the journal,
devices and the seed, driven as plain Python objects."""

from __future__ import annotations

import pytest

from vbc_telephony.sandbox import SandboxConfig
from vbc_telephony.sandbox._domain.call_records import (
    BUSY,
    HELD,
    ON_CALL,
    PARKED,
    RINGING,
    UNANSWERED,
    Party,
)
from vbc_telephony.sandbox._domain.clock import Clock
from vbc_telephony.sandbox._domain.faults import Fault, Faults
from vbc_telephony.sandbox._domain.journal import Entry, Journal
from vbc_telephony.sandbox._domain.listing import PageRequest, paginate
from vbc_telephony.sandbox._domain.refusals import (
    Conflict,
    GrantRefused,
    NotAllowed,
    NotFound,
    Refused,
)
from vbc_telephony.sandbox._domain.state import SandboxState

NOW = 1_800_000_000.0
ALICE = Party("extension", "1001")
BOB = Party("pstn", "15551234567")
CAROL = Party("extension", "1002")
PASSWORD_FORM = {
    "grant_type": "password",
    "username": "sandbox@vbc.prod",
    "password": "sandbox",
    "client_id": "sandbox",
    "client_secret": "sandbox",
}


class FakeTime:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def time_source() -> FakeTime:
    return FakeTime()


@pytest.fixture
def state(time_source: FakeTime) -> SandboxState:
    return SandboxState(SandboxConfig(seed=1), Clock(time_source))


def connected_call(state: SandboxState) -> tuple[str, str, str]:
    call = state.calls.place(ALICE, BOB)
    state.calls.answer(call.call_id)
    first, second = call.legs
    return call.call_id, first, second


# Calls.


def test_a_placed_call_rings_with_two_legs_until_answered(state: SandboxState) -> None:
    call = state.calls.place(ALICE, BOB)
    assert (call.direction, call.status, call.start_time) == ("outbound", RINGING, int(NOW))
    assert [(leg.side, leg.party, leg.status) for leg in call.legs.values()] == [
        ("from", ALICE, RINGING),
        ("to", BOB, RINGING),
    ]
    state.calls.answer(call.call_id)
    assert call.status == ON_CALL
    assert {leg.status for leg in call.legs.values()} == {ON_CALL}


def test_every_change_moves_the_versions_on(state: SandboxState) -> None:
    call_id, leg_id, _ = connected_call(state)
    seen = {(state.calls.version, state.calls.get(call_id).version)}
    for change in (
        lambda: state.calls.hold(call_id, leg_id),
        lambda: state.calls.transfer(call_id, CAROL),
        lambda: state.calls.park(call_id),
        lambda: state.calls.drop_leg(call_id, leg_id),
    ):
        change()
        seen.add((state.calls.version, state.calls.get(call_id).version))
    assert len(seen) == 5
    before = state.calls.version
    state.calls.hang_up(call_id)
    assert state.calls.version > before


def test_park_then_answer_takes_the_call_back(state: SandboxState) -> None:
    call_id, _, _ = connected_call(state)
    assert state.calls.park(call_id).status == PARKED
    assert state.calls.answer(call_id).status == ON_CALL


def test_transfer_changes_the_far_party(state: SandboxState) -> None:
    call_id, _, to_leg = connected_call(state)
    call = state.calls.transfer(call_id, CAROL)
    assert (call.from_, call.to, call.legs[to_leg].party) == (ALICE, CAROL, CAROL)


def test_a_hung_up_call_and_its_legs_are_gone(state: SandboxState) -> None:
    call_id, leg_id, _ = connected_call(state)
    state.calls.hang_up(call_id)
    assert state.calls.all() == []
    for action in (
        lambda: state.calls.get(call_id),
        lambda: state.calls.hold(call_id, leg_id),
        lambda: state.calls.hang_up(call_id),
        lambda: state.calls.drop_leg(call_id, leg_id),
    ):
        with pytest.raises(NotFound):
            action()


def test_the_far_end_answers_only_a_ringing_call(state: SandboxState) -> None:
    call = state.calls.ring(BOB, ALICE)
    assert call.direction == "inbound"
    state.calls.far_end_answers(call.call_id)
    with pytest.raises(Conflict, match="not ringing"):
        state.calls.far_end_answers(call.call_id)


def test_a_call_answers_itself_after_answer_after_seconds(time_source: FakeTime) -> None:
    state = SandboxState(SandboxConfig(seed=1, answer_after=30), Clock(time_source))
    call = state.calls.place(ALICE, BOB)
    time_source.now += 29
    assert state.calls.get(call.call_id).status == RINGING
    state.clock.advance(1)
    assert state.calls.get(call.call_id).status == ON_CALL


@pytest.mark.parametrize("ending", [BUSY, UNANSWERED])
def test_a_ringing_call_ends_busy_or_unanswered_and_stays_listed_so_a_while(
    time_source: FakeTime, ending: str
) -> None:
    state = SandboxState(SandboxConfig(seed=1, ended_visible_for=10), Clock(time_source))
    call = state.calls.place(ALICE, BOB)
    before = state.calls.version
    state.calls.far_end_ends(call.call_id, ending)
    assert state.calls.version > before
    listed = state.calls.all()
    assert [(c.call_id, c.status) for c in listed] == [(call.call_id, ending)]
    assert {leg.status for leg in listed[0].legs.values()} == {ending}
    assert state.calls.next_change_in() == 10
    time_source.now += 9.5
    assert state.calls.get(call.call_id).status == ending
    assert state.calls.next_change_in() == 0.5
    before = state.calls.version
    time_source.now += 0.5
    assert state.calls.all() == []
    assert state.calls.version > before  # its going is a change, as a hang-up is
    assert state.calls.next_change_in() is None
    with pytest.raises(NotFound):
        state.calls.get(call.call_id)


def test_a_call_nobody_answers_rings_out_unanswered_then_goes(time_source: FakeTime) -> None:
    config = SandboxConfig(seed=1, unanswered_after=30, ended_visible_for=10)
    state = SandboxState(config, Clock(time_source))
    call = state.calls.place(ALICE, BOB)
    assert state.calls.next_change_in() == 30
    time_source.now += 29.5
    assert state.calls.get(call.call_id).status == RINGING
    time_source.now += 0.5
    rang_out = state.calls.get(call.call_id)
    assert rang_out.status == UNANSWERED
    assert {leg.status for leg in rang_out.legs.values()} == {UNANSWERED}
    assert state.calls.next_change_in() == 10
    with pytest.raises(Conflict, match="ended unanswered"):
        state.calls.answer(call.call_id)
    time_source.now += 10
    assert state.calls.all() == []


def test_a_call_rung_out_long_ago_is_gone_at_the_next_look(time_source: FakeTime) -> None:
    """It rang out when it was due, not when someone looked: its time listed ran from then."""
    config = SandboxConfig(seed=1, unanswered_after=30, ended_visible_for=10)
    state = SandboxState(config, Clock(time_source))
    state.calls.place(ALICE, BOB)
    state.clock.advance(45)
    assert state.calls.all() == []


@pytest.mark.parametrize(
    ("answer_after", "unanswered_after", "status"),
    [(20, 30, ON_CALL), (30, 30, ON_CALL), (30, 20, UNANSWERED), (None, 20, UNANSWERED)],
)
def test_the_first_of_answering_and_ringing_out_wins_and_a_tie_answers(
    time_source: FakeTime, answer_after: float | None, unanswered_after: float, status: str
) -> None:
    config = SandboxConfig(
        seed=1,
        answer_after=answer_after,
        unanswered_after=unanswered_after,
        ended_visible_for=100,
    )
    state = SandboxState(config, Clock(time_source))
    call = state.calls.place(ALICE, BOB)
    time_source.now += 35
    assert state.calls.get(call.call_id).status == status


def test_an_ended_call_refuses_every_action_but_a_hang_up(state: SandboxState) -> None:
    call = state.calls.ring(BOB, ALICE)
    leg_id = next(iter(call.legs))
    other_id, other_leg, _ = connected_call(state)
    state.calls.far_end_ends(call.call_id, BUSY)
    for action in (
        lambda: state.calls.answer(call.call_id),
        lambda: state.calls.far_end_answers(call.call_id),
        lambda: state.calls.far_end_ends(call.call_id, UNANSWERED),
        lambda: state.calls.park(call.call_id),
        lambda: state.calls.transfer(call.call_id, CAROL),
        lambda: state.calls.hold(call.call_id, leg_id),
        lambda: state.calls.send_dtmf(call.call_id, leg_id, "1"),
        lambda: state.calls.blind_transfer(call.call_id, leg_id, CAROL),
        lambda: state.calls.attended_transfer(other_id, other_leg, leg_id),
    ):
        with pytest.raises(Conflict, match="ended busy"):
            action()
    assert state.calls.get(call.call_id).status == BUSY  # as it was
    state.calls.hang_up(call.call_id)
    assert [c.call_id for c in state.calls.all()] == [other_id]


def test_only_a_ringing_call_ends_unconnected(state: SandboxState) -> None:
    call_id, _, _ = connected_call(state)
    with pytest.raises(Conflict, match="on-call, not ringing"):
        state.calls.far_end_ends(call_id, BUSY)
    ringing = state.calls.place(ALICE, BOB)
    with pytest.raises(Refused, match="busy or unanswered, not 'declined'"):
        state.calls.far_end_ends(ringing.call_id, "declined")
    assert state.calls.get(ringing.call_id).status == RINGING


def test_the_next_change_is_the_first_of_an_answer_and_a_going(time_source: FakeTime) -> None:
    config = SandboxConfig(seed=1, answer_after=30, ended_visible_for=10)
    state = SandboxState(config, Clock(time_source))
    assert state.calls.next_change_in() is None
    state.calls.place(ALICE, BOB)
    time_source.now += 25
    ended = state.calls.place(ALICE, CAROL)
    state.calls.far_end_ends(ended.call_id, UNANSWERED)
    assert state.calls.next_change_in() == 5  # the first call answers itself
    time_source.now += 5
    assert [c.status for c in state.calls.all()] == [ON_CALL, UNANSWERED]
    assert state.calls.next_change_in() == 5  # the ended one goes


# Legs.


def test_hold_and_unhold_and_the_conflicts_between(state: SandboxState) -> None:
    call_id, leg_id, _ = connected_call(state)
    with pytest.raises(Conflict, match="not held"):
        state.calls.unhold(call_id, leg_id)
    assert state.calls.hold(call_id, leg_id).status == HELD
    with pytest.raises(Conflict, match="held already"):
        state.calls.hold(call_id, leg_id)
    assert state.calls.unhold(call_id, leg_id).status == ON_CALL


def test_a_ringing_leg_takes_no_action(state: SandboxState) -> None:
    call = state.calls.place(ALICE, BOB)
    leg_id = next(iter(call.legs))
    for action in (
        lambda: state.calls.hold(call.call_id, leg_id),
        lambda: state.calls.send_dtmf(call.call_id, leg_id, "1"),
        lambda: state.calls.play(call.call_id, leg_id, "https://example.com/a.wav"),
        lambda: state.calls.start_recording(call.call_id, leg_id, "ccr"),
        lambda: state.calls.blind_transfer(call.call_id, leg_id, CAROL),
    ):
        with pytest.raises(Conflict, match="still ringing"):
            action()


def test_dtmf_audio_and_recordings_change_the_leg(state: SandboxState) -> None:
    call_id, leg_id, _ = connected_call(state)
    assert state.calls.send_dtmf(call_id, leg_id, "12").dtmf == "12"
    assert state.calls.send_dtmf(call_id, leg_id, "#").dtmf == "12#"
    assert state.calls.play(call_id, leg_id, "https://example.com/a.wav").audio is not None
    assert state.calls.stop_audio(call_id, leg_id).audio is None
    with pytest.raises(Conflict, match="no audio"):
        state.calls.stop_audio(call_id, leg_id)
    assert state.calls.start_recording(call_id, leg_id, "ccr").recordings == {"ccr"}
    assert state.calls.start_recording(call_id, leg_id, "ocr").recordings == {"ccr", "ocr"}
    with pytest.raises(Conflict, match="by ccr already"):
        state.calls.start_recording(call_id, leg_id, "ccr")
    assert state.calls.stop_recording(call_id, leg_id, "ccr").recordings == {"ocr"}
    with pytest.raises(Conflict, match="not being recorded by ccr"):
        state.calls.stop_recording(call_id, leg_id, "ccr")


def test_blind_transfer_replaces_the_legs_party(state: SandboxState) -> None:
    call_id, _, to_leg = connected_call(state)
    state.calls.hold(call_id, to_leg)
    leg = state.calls.blind_transfer(call_id, to_leg, CAROL)
    assert (leg.party, leg.status, state.calls.get(call_id).to) == (CAROL, ON_CALL, CAROL)


def test_attended_transfer_joins_the_other_calls_leg(state: SandboxState) -> None:
    # Alice talks to Bob (first call) and to Carol (second); Bob's leg is joined with Carol's.
    first_id, _, first_to = connected_call(state)
    second = state.calls.place(ALICE, CAROL)
    state.calls.answer(second.call_id)
    second_from, second_to = second.legs
    state.calls.attended_transfer(first_id, first_to, second_to)
    joined = state.calls.get(first_id)
    assert second_to in joined.legs
    assert (joined.legs[second_to].side, joined.from_, joined.to) == ("from", CAROL, BOB)
    assert list(state.calls.get(second.call_id).legs) == [second_from]
    # The other call's last leg joins too: that call is over.
    state.calls.attended_transfer(first_id, first_to, second_from)
    with pytest.raises(NotFound):
        state.calls.get(second.call_id)


def test_attended_transfer_refusals(state: SandboxState) -> None:
    call_id, from_leg, to_leg = connected_call(state)
    with pytest.raises(Conflict, match="in this call already"):
        state.calls.attended_transfer(call_id, from_leg, to_leg)
    with pytest.raises(NotFound, match="to transfer to"):
        state.calls.attended_transfer(call_id, from_leg, "no-such-leg")
    ringing = state.calls.place(ALICE, CAROL)
    with pytest.raises(Conflict, match="still ringing"):
        state.calls.attended_transfer(call_id, from_leg, next(iter(ringing.legs)))


def test_dropping_the_last_leg_ends_the_call(state: SandboxState) -> None:
    call_id, first, second = connected_call(state)
    state.calls.drop_leg(call_id, first)
    assert list(state.calls.get(call_id).legs) == [second]
    state.calls.drop_leg(call_id, second)
    with pytest.raises(NotFound):
        state.calls.get(call_id)


# Accounts and tokens.


def test_self_and_the_accounts_id_are_the_account(state: SandboxState) -> None:
    assert state.account("self") == state.account("1000") == "1000"
    with pytest.raises(NotAllowed):
        state.account("1001")


def test_the_password_grant_issues_a_token_that_expires(state: SandboxState) -> None:
    issued = state.tokens.grant(PASSWORD_FORM)
    assert (issued.expires_in, issued.token_type) == (86400, "Bearer")
    assert state.tokens.is_valid(issued.access_token)
    state.clock.advance(86399)
    assert state.tokens.is_valid(issued.access_token)
    state.clock.advance(1)
    assert not state.tokens.is_valid(issued.access_token)


def test_refresh_tokens_rotate_and_work_once(state: SandboxState) -> None:
    first = state.tokens.grant(PASSWORD_FORM)
    refresh = {**PASSWORD_FORM, "grant_type": "refresh_token", "refresh_token": first.refresh_token}
    second = state.tokens.grant(refresh)
    assert second.refresh_token != first.refresh_token
    assert state.tokens.is_valid(second.access_token)
    assert not state.tokens.is_valid(first.access_token)  # revoked by the refresh
    with pytest.raises(GrantRefused) as refused:
        state.tokens.grant(refresh)
    assert refused.value.error == "invalid_grant"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"password": "wrong"}, "invalid_grant"),
        ({"username": "someone@vbc.prod"}, "invalid_grant"),
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"password": None}, "invalid_request"),
    ],
)
def test_grants_are_refused_with_the_oauth_error(
    state: SandboxState, change: dict[str, str | None], error: str
) -> None:
    form = {k: v for k, v in {**PASSWORD_FORM, **change}.items() if v is not None}
    with pytest.raises(GrantRefused) as refused:
        state.tokens.grant(form)
    assert refused.value.error == error


def test_client_credentials_may_come_from_basic_auth(state: SandboxState) -> None:
    form = {k: v for k, v in PASSWORD_FORM.items() if not k.startswith("client_")}
    assert state.tokens.grant(form, ("sandbox", "sandbox")).access_token


def test_the_static_token_is_valid_unless_switched_off(time_source: FakeTime) -> None:
    assert SandboxState(SandboxConfig(), Clock(time_source)).tokens.is_valid("sandbox-token")
    off = SandboxState(SandboxConfig(static_token=None), Clock(time_source))
    assert not off.tokens.is_valid("sandbox-token")


# Lists.


def _times(items: list[int], request: PageRequest) -> tuple[list[int], object, object]:
    page = paginate(items, lambda item: item // 10, request, "/things")
    return page.items, page.next_page_uri, page.previous_page_uri


def test_pages_sort_and_link() -> None:
    items = [10, 30, 20, 31, 40]  # times 1, 3, 2, 3, 4 (item // 10)
    assert _times(items, PageRequest(order="asc", page_size=2)) == (
        [10, 20],
        "/things?page=2&page_size=2&order=asc",
        None,
    )
    assert _times(items, PageRequest(order="desc", page_size=2, page=2)) == (
        [30, 20],
        "/things?page=3&page_size=2&order=desc",
        "/things?page=1&page_size=2&order=desc",
    )
    page = paginate(items, lambda item: item // 10, PageRequest(page=3, page_size=2), "/t")
    assert (page.items, page.pages, page.next_page_uri) == ([10], 3, None)


def test_newest_first_keeps_ties_newest_first() -> None:
    assert _times([30, 31, 32], PageRequest(order="desc"))[0] == [32, 31, 30]


def test_time_filters_and_filters_in_links() -> None:
    request = PageRequest(start_time=2, end_time=3, filters={"extension": "1001"}, page_size=1)
    items, next_uri, _ = _times([10, 20, 30, 40], request)
    assert items == [30]  # desc by default
    assert next_uri == (
        "/things?page=2&page_size=1&order=desc&extension=1001&start_time=2&end_time=3"
    )


def test_a_page_past_the_last_is_empty() -> None:
    page = paginate([1], lambda item: item, PageRequest(page=5), "/t")
    assert (page.items, page.pages, page.next_page_uri) == ([], 1, None)
    assert page.previous_page_uri == "/t?page=1&page_size=100&order=desc"


# Faults and the journal.


def test_faults_match_method_and_path_segments_and_run_out() -> None:
    faults = Faults()
    faults.add(Fault("GET", "/cc/accounts/*/calls", status=429, count=2))
    assert faults.take("POST", "/cc/accounts/1/calls") is None
    assert faults.take("GET", "/cc/accounts/1/calls/x") is None
    assert faults.take("get", "/cc/accounts/1/calls") is not None
    assert faults.take("GET", "/cc/accounts/self/calls") is not None
    assert faults.take("GET", "/cc/accounts/self/calls") is None


def test_the_oldest_matching_fault_applies_and_clear_removes_all() -> None:
    faults = Faults()
    faults.add(Fault("*", "/token", status=503))
    faults.add(Fault("POST", "/token", drop=True))
    assert faults.take("POST", "/token") == Fault("*", "/token", status=503)
    faults.clear()
    assert faults.take("POST", "/token") is None


def test_the_journal_keeps_the_last_entries() -> None:
    journal = Journal(limit=2)
    for status in (200, 201, 202):
        journal.record(Entry("GET", "/x", {}, None, status, True, 0.0), journal.ticket())
    assert [entry.status for entry in journal.entries()] == [201, 202]
    assert [entry.status for entry in journal.latest(5)] == [202, 201]
    assert len(journal) == 2


def test_a_request_from_before_a_clear_is_not_recorded_after_it() -> None:
    journal = Journal(limit=10)
    before = journal.ticket()
    journal.clear()
    journal.record(Entry("GET", "/late", {}, None, 200, True, 0.0), before)
    journal.record(Entry("GET", "/new", {}, None, 200, True, 0.0), journal.ticket())
    assert [entry.path for entry in journal.entries()] == ["/new"]


# Devices, the seed and reset.


def test_devices_are_seeded(time_source: FakeTime) -> None:
    def devices(seed: int) -> list[object]:
        return SandboxState(SandboxConfig(seed=seed, devices=5), Clock(time_source)).devices.all()

    assert devices(7) == devices(7) != devices(8)
    assert len(devices(7)) == 5


def test_a_seed_fixes_every_id_and_reset_replays_them(time_source: FakeTime) -> None:
    def ids(state: SandboxState) -> list[str]:
        call = state.calls.place(ALICE, BOB)
        return [call.call_id, *call.legs]

    first = SandboxState(SandboxConfig(seed=3), Clock(time_source))
    second = SandboxState(SandboxConfig(seed=3), Clock(time_source))
    assert ids(first) == ids(second)
    assert ids(first) != ids(SandboxState(SandboxConfig(seed=4), Clock(time_source)))
    before = [call.call_id for call in first.calls.all()]
    first.clock.advance(10)
    first.reset()
    assert first.calls.all() == []
    assert first.clock.now() == NOW
    assert ids(first)[0] == before[0]


@pytest.mark.parametrize(
    "settings",
    [
        {"token_ttl": 0},
        {"devices": -1},
        {"devices": 10_001},
        {"answer_after": -1},
        {"answer_after": float("nan")},
        {"ended_visible_for": -0.5},
        {"ended_visible_for": None},
        {"ended_visible_for": True},
        {"unanswered_after": -1},
        {"unanswered_after": float("inf")},
        {"account_id": "self"},
        {"account_id": "a/b"},
        {"username": " "},
        {"static_token": "has space"},
        {"seed": "1"},
    ],
)
def test_bad_settings_are_refused_by_name(settings: dict[str, object]) -> None:
    name = next(iter(settings))
    with pytest.raises((ValueError, TypeError), match=name):
        SandboxConfig(**settings)  # type: ignore[arg-type]
