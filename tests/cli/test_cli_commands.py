"""Every subcommand against the Prism mock: it exits 0 and prints its result's fields.

Prism validates each request against openapi.yaml (400 otherwise, and the CLI would exit
1), so a pass also says the CLI sent what the spec allows. Values are checked against the
spec's own examples, which is what Prism answers with.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import typer.main
from spec_tools import spec

import vbc_telephony as vbc
from vbc_telephony.cli import app

CALL = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
LEG_ID = "0d0a16ab-a508-4d58-bf24-5dc3cb248f3e"
MAC = "79-5C-7D-28-1B-B3"


def _columns(view: type) -> list[str]:
    """What the CLI prints of a view: every field its repr shows, ``from_`` as ``from``."""
    return [name.rstrip("_") for name in view._fields]


CALL_FIELDS = _columns(vbc.Call)
LEG_FIELDS = _columns(vbc.Leg)
DEVICE_FIELDS = _columns(vbc.Device)
CALL_UPDATED_FIELDS = _columns(vbc.CallUpdated)
LEG_UPDATED_FIELDS = _columns(vbc.LegUpdated)

ON_LEG = f"{CALL} {LEG_ID}"
# Each subcommand's arguments (as typed; none contains a space) and the fields it prints.
CASES = {
    "calls list": ("calls list", CALL_FIELDS),
    "calls list (filters)": (
        "calls list --order desc --since 2020-07-28T00:00:00Z --until 1595999999"
        " --extension 1001 --page-size 10 --max 5",
        CALL_FIELDS,
    ),
    "calls get": (f"calls get {CALL}", CALL_FIELDS),
    "calls create": (
        "calls create --from extension:1001 --to pstn:15551234567 --type click2dial",
        ["call_id"],
    ),
    "calls answer": (f"calls answer {CALL} --to device:2001", CALL_UPDATED_FIELDS),
    "calls transfer": (
        f"calls transfer {CALL} --from extension:1234 --to pstn:15551234567",
        CALL_UPDATED_FIELDS,
    ),
    "calls park": (f"calls park {CALL} --from extension:1234", CALL_UPDATED_FIELDS),
    "calls hangup": (f"calls hangup {CALL}", CALL_UPDATED_FIELDS),
    "legs list": (f"legs list {CALL}", LEG_FIELDS),
    "legs get": (f"legs get {ON_LEG}", LEG_FIELDS),
    "legs hold": (f"legs hold {ON_LEG}", LEG_UPDATED_FIELDS),
    "legs unhold": (f"legs unhold {ON_LEG}", LEG_UPDATED_FIELDS),
    "legs dtmf": (f"legs dtmf {ON_LEG} 123#", LEG_UPDATED_FIELDS),
    "legs play": (f"legs play {ON_LEG} https://example.com/hello.wav", LEG_UPDATED_FIELDS),
    "legs stop-audio": (f"legs stop-audio {ON_LEG}", LEG_UPDATED_FIELDS),
    "legs transfer (blind)": (f"legs transfer {ON_LEG} --to pstn:15551234567", LEG_UPDATED_FIELDS),
    "legs transfer (attended)": (
        f"legs transfer {ON_LEG} --to leg:other-leg-1",
        LEG_UPDATED_FIELDS,
    ),
    "legs record": (f"legs record {ON_LEG} --service ccr", LEG_UPDATED_FIELDS),
    "legs record --stop": (f"legs record {ON_LEG} --service ocr --stop", LEG_UPDATED_FIELDS),
    "devices list": ("devices list", DEVICE_FIELDS),
    "devices list (filters)": (
        "devices list --order asc --since 1595000000 --page-size 5 --max 1",
        DEVICE_FIELDS,
    ),
    "devices get": (f"devices get {MAC}", DEVICE_FIELDS),
}


@pytest.mark.parametrize(("args", "fields"), CASES.values(), ids=CASES.keys())
def test_each_subcommand_prints_its_result_as_json_lines(on_mock, args, fields):
    run = on_mock(*args.split(), "--format", "json")
    assert (run.exit_code, run.stderr) == (0, "")
    records = run.records()
    assert records
    for record in records:
        assert list(record) == fields
        ids = [value for name, value in record.items() if name.endswith("_id")]
        assert all(isinstance(value, str) and value for value in ids)


def test_leg_hangup_prints_no_data_and_says_what_it_did(on_mock):
    run = on_mock("legs", "hangup", *ON_LEG.split())
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"hung up leg {LEG_ID} of call {CALL}\n"


def _commands(group, prefix=()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name))


def test_every_subcommand_has_a_case_here():
    tested = {name.split(" (")[0].removesuffix(" --stop") for name in CASES}
    tested |= {"legs hangup", "mock", "sandbox", "conformance", "calls watch", "proxy", "replay"}
    assert set(_commands(typer.main.get_command(app))) == tested


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_calls_list_shows_the_spec_example_as_text_and_iso_times(on_mock):
    (example,) = spec()["components"]["schemas"]["CallsPage"]["example"]["calls"]
    (record,) = on_mock("calls", "list").records()
    assert record == {
        "call_id": example["call_id"],
        "status": example["status"],
        "direction": example["direction"],
        "from": str(example["from"]),
        "to": str(example["to"]),
        "start_time": _iso(example["start_time"]),
        "legs": [leg["leg_id"] for leg in example["legs"]],
    }


def test_devices_get_shows_the_spec_example(on_mock):
    example = spec()["components"]["schemas"]["DevicesPage"]["example"]["devices"][0]
    (record,) = on_mock("devices", "get", MAC).records()
    assert record == {
        "mac_address": example["mac_address"],
        "account_id": str(example["account_id"]),
        "device_ip": example["device_ip"],
        "last_request": _iso(example["last_request"]),
        "last_success": _iso(example["last_success"]),
    }


def test_calls_create_prints_the_new_call_id(on_mock):
    expected = spec()["components"]["schemas"]["CreatedCallId"]["example"]
    run = on_mock("calls", "create", "--from", "extension:1", "--to", "pstn:15551234567")
    assert run.records() == [{"call_id": expected}]
