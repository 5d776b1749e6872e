"""The recording proxy, through the public client, against the fake live gateway: the app's
answers unchanged, every exchange recorded and checked, drift named as it happens and at exit,
no secret and no phone number written anywhere, and the recording judged offline after."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import loopback
from cli_support import SECRET_CLIENT_SECRET, SECRET_PASSWORD, run_script
from live_gateway import CLIENT_ID, PREFIX, USERNAME, RunningGateway
from traffic_support import CALLER, DIALLED, app_session, assert_clean, har_entries

from vbc_telephony.proxy import RecordingProxy


def _run(gateway: RunningGateway, folder: Path) -> tuple[RecordingProxy, io.StringIO, dict]:
    out = io.StringIO()
    proxy = RecordingProxy(
        gateway.server_url,
        record=folder / "traffic.har",
        report=folder / "report.md",
        junit_xml=folder / "junit.xml",
        out=out,
    )
    with proxy:
        seen = app_session(proxy.server_url)
        proxy.live_lines = out.getvalue()  # type: ignore[attr-defined]
    return proxy, out, seen


def test_a_clean_session_passes_through_unchanged_and_is_recorded(gateway, tmp_path):
    proxy, out, seen = _run(gateway, tmp_path)
    assert proxy.exit_status == 0, out.getvalue()
    assert seen["status"] == "on-call"
    assert len(seen["legs"]) == 2
    assert seen["rejected"] == "busy"
    entries = har_entries(tmp_path / "traffic.har")
    answers = gateway.gateway.answers
    # Every exchange, the token endpoint's and the far end's included, in order.
    assert len(entries) == len(answers) >= 14
    assert any(e["request"]["url"].endswith("/token") for e in entries)
    for entry, (method, _target, status, _body) in zip(entries, answers, strict=True):
        assert entry["request"]["method"] == method
        assert entry["response"]["status"] == status
    assert "0 finding(s)" in out.getvalue()
    assert "No findings." in (tmp_path / "report.md").read_text()
    for written in (tmp_path / "traffic.har", tmp_path / "report.md", tmp_path / "junit.xml"):
        assert_clean(written.read_text(), issued=gateway.gateway.issued_tokens)
    assert_clean(out.getvalue(), issued=gateway.gateway.issued_tokens)


def test_answers_reach_the_app_byte_for_byte(gateway):
    proxy = RecordingProxy(gateway.server_url, out=io.StringIO())
    paths = (
        "/cc/accounts/self/calls",
        "/registration/accounts/self/devices",
        "/cc/accounts/self/calls/nope%2Flegs",
        "/cc/accounts/1234/calls",
    )
    with proxy, loopback.Client(base_url=proxy.server_url) as http:
        grant = {
            "grant_type": "password",
            "username": USERNAME,
            "password": SECRET_PASSWORD,
            "client_id": CLIENT_ID,
            "client_secret": SECRET_CLIENT_SECRET,
        }
        token = http.post("/token", data=grant).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
        for path in paths:
            answer = http.get(PREFIX + path, headers=headers)
            _method, target, status, body = gateway.gateway.answers[-1]
            assert target.decode() == PREFIX + path  # the path as sent: %2F stays
            assert (answer.status_code, answer.content) == (status, body)


def test_drift_is_named_live_and_at_exit_and_fails_the_run(gateway, tmp_path):
    gateway.gateway.drift = "type"
    proxy, out, _ = _run(gateway, tmp_path)
    assert proxy.exit_status == 1
    live = proxy.live_lines  # type: ignore[attr-defined]
    drift = "vbc: drift: GET /cc/accounts/{account_id}/calls/{call_id}: "
    assert f"{drift}response_schema_conformance at status: 3 is not of type" in live
    at_exit = out.getvalue()[len(live) :]
    assert f"{drift}response_schema_conformance at status:" in at_exit
    assert (
        "| GET /cc/accounts/{account_id}/calls/{call_id} | response_schema_conformance | status |"
        in (tmp_path / "report.md").read_text()
    )
    assert "<failure" in (tmp_path / "junit.xml").read_text()


def test_recordings_are_judged_offline(gateway, tmp_path):
    clean, drifted = tmp_path / "clean", tmp_path / "drifted"
    clean.mkdir(), drifted.mkdir()
    _run(gateway, clean)
    gateway.gateway.drift = "type"
    _run(gateway, drifted)
    ok = run_script("conformance", "--recording", str(clean / "traffic.har"), timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "0 finding(s)" in ok.stderr
    bad = run_script(
        "conformance", "--recording", str(drifted / "traffic.har"), "--report",
        str(tmp_path / "offline.md"), "--junit-xml", str(tmp_path / "offline.xml"), timeout=60,
    )  # fmt: skip
    assert bad.returncode == 1
    assert (
        "vbc: finding: GET /cc/accounts/{account_id}/calls: response_schema_conformance at"
        ' calls/0/status: 3 is not of type "string"'
    ) in bad.stderr
    report = (tmp_path / "offline.md").read_text()
    assert "| response_schema_conformance | calls/0/status |" in report
    assert "<failure" in (tmp_path / "offline.xml").read_text()


def test_dialled_numbers_are_masked_consistently_and_the_recording_still_validates(
    gateway, tmp_path
):
    _run(gateway, tmp_path)
    entries = har_entries(tmp_path / "traffic.har")

    def path(entry: dict) -> str:
        return urlsplit(entry["request"]["url"]).path

    create = next(
        e for e in entries if e["request"]["method"] == "POST" and path(e).endswith("/calls")
    )
    masked = json.loads(create["request"]["postData"]["text"])["to"]["destination"]
    assert masked != DIALLED
    assert len(masked) == len(DIALLED)
    assert masked.isdigit()
    listed = next(
        e for e in entries if path(e).endswith("/calls") and e["request"]["method"] == "GET"
    )
    call = json.loads(listed["response"]["content"]["text"])["calls"][0]
    assert call["to"] == int(masked)  # same number, same mask; a number stays a number
    assert call["from"] == 1001  # an extension is kept
    inbound = next(e for e in entries if path(e).endswith("/_sandbox/calls"))  # ringing in
    caller = json.loads(inbound["request"]["postData"]["text"])["from"]["destination"]
    assert caller != CALLER
    assert [c.isdigit() for c in caller] == [c.isdigit() for c in CALLER]  # the format kept
    assert [c for c in caller if not c.isdigit()] == [c for c in CALLER if not c.isdigit()]


def test_keep_numbers_records_them_in_clear(gateway, tmp_path):
    record = tmp_path / "t.har"
    with RecordingProxy(
        gateway.server_url, record=record, keep_numbers=True, out=io.StringIO()
    ) as proxy:
        app_session(proxy.server_url)
    assert DIALLED in record.read_text()
    assert_clean(record.read_text().replace(DIALLED, "").replace("010-4477", ""), issued=set())
