"""Output formats: JSON lines (the default when piped), CSV and a rich table show the same
fields; a listing prints every page; progress goes to its own console, never to stdout."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
import respx
from cli_support import API
from rich.console import Console

import vbc_telephony as vbc
from vbc_telephony.cli._output import items_of

CALLS_PATH = "/cc/accounts/self/calls"


def _call(number: int) -> dict:
    # As the live API sends it: numbers for ids and parties, epoch seconds for times.
    return {
        "call_id": f"call-{number:04d}-0000-0000-0000-000000000000",
        "account_id": 1234,
        "direction": "outbound",
        "from": 1000 + number,
        "to": 15550000000 + number,
        "status": "parked" if number % 2 else "on-call",
        "start_time": 1_700_000_000 + number,
        "legs": [{"leg_id": f"leg-{number}-a"}, {"leg_id": f"leg-{number}-b"}],
    }


def _page(calls: list[dict], current: int, pages: int, link: str | None) -> dict:
    return {
        "calls": calls,
        "current_page": current,
        "pages": pages,
        "page_size": len(calls),
        "next_page_uri": link,
    }


@pytest.fixture
def two_pages():
    """The API with three calls on two pages."""
    with respx.mock(base_url=API, assert_all_called=False) as router:
        router.get(CALLS_PATH, params={"page": "2"}).respond(json=_page([_call(3)], 2, 2, None))
        router.get(CALLS_PATH).respond(
            json=_page([_call(1), _call(2)], 1, 2, f"{CALLS_PATH}?page=2")
        )
        yield router


EXPECTED = [
    {
        "call_id": f"call-{n:04d}-0000-0000-0000-000000000000",
        "status": "parked" if n % 2 else "on-call",
        "direction": "outbound",
        "from": str(1000 + n),
        "to": str(15550000000 + n),
        "start_time": f"2023-11-14T22:13:{20 + n:02d}Z",
        "legs": [f"leg-{n}-a", f"leg-{n}-b"],
    }
    for n in (1, 2, 3)
]


def test_json_lines_are_the_default_when_piped_and_cover_every_page(on_api, two_pages):
    piped = on_api("calls", "list")
    assert piped.exit_code == 0
    assert piped.records() == EXPECTED
    assert on_api("calls", "list", "--format", "json").stdout == piped.stdout


def test_csv_has_a_header_and_the_same_values_as_text(on_api, two_pages):
    run = on_api("calls", "list", "--format", "csv")
    assert run.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert rows == [{**record, "legs": " ".join(record["legs"])} for record in EXPECTED]


def test_table_has_a_title_every_column_and_whole_ids(on_api, two_pages):
    run = on_api("calls", "list", "--format", "table")
    assert run.exit_code == 0
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert lines[0].strip() == "Active calls"
    assert lines[1].split() == list(EXPECTED[0])
    for record in EXPECTED:
        (row,) = (line for line in lines if record["call_id"] in line)
        assert row.split() == [*(v for k, v in record.items() if k != "legs"), *record["legs"]]


def test_max_stops_the_listing_early(on_api, two_pages):
    run = on_api("calls", "list", "--max", "2")
    assert [record["call_id"] for record in run.records()] == [r["call_id"] for r in EXPECTED[:2]]
    assert two_pages.calls.call_count == 1


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("json", ""), ("csv", "call_id,status,direction,from,to,start_time,legs\n")],
)
def test_an_empty_listing_prints_no_records(on_api, fmt, expected):
    with respx.mock(base_url=API) as router:
        router.get(CALLS_PATH).respond(json=_page([], 1, 1, None))
        run = on_api("calls", "list", "--format", fmt)
    assert (run.exit_code, run.stdout) == (0, expected)


def test_list_filters_reach_the_request(on_api):
    with respx.mock(base_url=API) as router:
        route = router.get(CALLS_PATH).respond(json=_page([], 1, 1, None))
        run = on_api(
            "calls", "list", "--order", "asc", "--since", "2024-05-01T12:00:00+02:00",
            "--until", "1714600000", "--extension", "1001", "--page-size", "25",
        )  # fmt: skip
    assert run.exit_code == 0
    assert dict(route.calls.last.request.url.params) == {
        "order": "asc",
        "start_time": "1714557600",
        "end_time": "1714600000",
        "extension": "1001",
        "page_size": "25",
    }


def _pages(*sizes: int):
    number = 0
    for index, size in enumerate(sizes, start=1):
        items = list(range(number, number + size))
        number += size
        yield vbc.Page(items, index, len(sizes), size, None, None, httpx.Response(200))


def test_progress_is_drawn_on_its_console_while_every_item_passes_through(capsys):
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    assert list(items_of(_pages(2, 3, 1), "calls", console)) == list(range(6))
    assert "Listing calls" in console.file.getvalue()
    assert capsys.readouterr().out == ""


def test_without_a_console_there_is_no_progress_and_the_same_items():
    assert list(items_of(_pages(2, 3, 1), "calls", None)) == list(range(6))


def test_json_output_keeps_non_ascii_text_readable(on_api):
    with respx.mock(base_url=API) as router:
        router.get(f"{CALLS_PATH}/c1").respond(json={**_call(1), "call_id": "c1", "to": "Zoë"})
        run = on_api("calls", "get", "c1")
    assert '"to": "Zoë"' in run.stdout
    assert json.loads(run.stdout)["to"] == "Zoë"
