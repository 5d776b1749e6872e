"""``make vendor-update`` judges every recording of ``spec/recordings/`` against the new spec,
and its report says how many exchanges no longer conform, naming them."""

from __future__ import annotations

import io
from pathlib import Path

from spec_tools import SPEC_PATH, write_yaml
from traffic_support import app_session

from vbc_spec.project import read_yaml
from vbc_spec.report import render_markdown
from vbc_telephony._traffic._recordings import check_recordings
from vbc_telephony.proxy import RecordingProxy


def _narrowed_spec(folder: Path) -> Path:
    """openapi.yaml where a call's ``status`` must be a number: no real answer has one."""
    document = read_yaml(SPEC_PATH)
    document["components"]["schemas"]["State"] = {"type": "integer"}
    path = folder / "openapi.yaml"
    write_yaml(path, document)
    return path


def test_recordings_are_judged_against_a_new_spec_and_reported(gateway, tmp_path):
    recordings = tmp_path / "spec" / "recordings"
    recordings.mkdir(parents=True)
    with RecordingProxy(
        gateway.server_url, record=recordings / "app.har", out=io.StringIO()
    ) as proxy:
        app_session(proxy.server_url)
    (recordings / "broken.har").write_text("{")

    same = check_recordings(SPEC_PATH, recordings)
    assert same is not None
    assert same.nonconforming == []
    assert same.exchanges == len(gateway.gateway.answers)

    verdict = check_recordings(_narrowed_spec(tmp_path), recordings)
    assert verdict is not None
    assert verdict.exchanges == same.exchanges
    assert verdict.nonconforming, verdict
    assert all(line.startswith("app.har #") for line in verdict.nonconforming)
    assert any(
        "GET /cc/accounts/{account_id}/calls/{call_id}: response_schema_conformance at status:"
        in line
        for line in verdict.nonconforming
    )
    assert "broken.har" in verdict.errors[0]

    data = {
        "old": {"path": "spec/vendor/telephony.yml", "version": "1"},
        "new": {"path": "new.yml", "version": "2"},
        "no_change": False,
        "summary": {"breaking": 0, "non_breaking": 0, "unhealthy_actions": 0,
                    "actions": {s: 0 for s in ("target gone", "conflicts", "now redundant",
                                               "applies")}, "api_changes": 0},
        "bump": {"level": "none", "from": "0.1.0", "to": "0.1.0"},
        "vendor_diff": [], "overlay_health": [],
        "client_impact": None, "accepted": False, "accept_refused": None,
        "recorded_traffic": verdict.to_json(),
    }  # fmt: skip
    markdown = render_markdown(data)
    assert (
        f"recorded traffic: {verdict.exchanges} exchanges,"
        f" {len(verdict.nonconforming)} no longer conform to the new spec"
    ) in markdown
    assert verdict.nonconforming[0].split(":")[0] in markdown


def test_without_recordings_there_is_no_section(tmp_path):
    assert check_recordings(SPEC_PATH, tmp_path / "none") is None
