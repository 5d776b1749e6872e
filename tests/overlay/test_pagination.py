"""Listings: link following under the base path, the page-number fallback, every last-page
style, filters on every page, laziness, max_items; and the invariant that any sequence of
page shapes yields each item exactly once and ends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import pytest
from fakes import BASE_URL, DEVICE, PREFIX, TOKEN, Recorder, json_response
from hypothesis import given, settings
from hypothesis import strategies as st

import vbc_telephony as vbc
from vbc_telephony._constants import LISTING_REMEMBERED_PAGES

CALLS = "/cc/accounts/1234/calls"


def link(page: int, *, style: str = "relative", extra: str = "") -> str:
    path = f"{CALLS}?page={page}{extra}"
    return {"relative": path, "prefixed": PREFIX + path, "absolute": BASE_URL + path}[style]


def calls_page(ids: list[str], **paging: Any) -> dict[str, Any]:
    return {"calls": [{"call_id": call_id} for call_id in ids], **paging}


class PagedAPI(Recorder):
    """Serves ``pages[n - 1]`` for ``?page=n`` (no ``page``: the first)."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        super().__init__(self._serve)
        self.pages = pages

    def _serve(self, request: httpx.Request) -> httpx.Response:
        assert len(self.requests) <= 3 * len(self.pages) + 3, "the paginator does not stop"
        number = int(request.url.params.get("page", "1"))
        if not 1 <= number <= len(self.pages):
            return json_response(404, {"code": 404, "message": "no such page"})
        return json_response(200, self.pages[number - 1])

    @property
    def pages_requested(self) -> list[int]:
        return [int(r.url.params.get("page", "1")) for r in self.requests]


def client_for(api: PagedAPI) -> vbc.Telephony:
    return vbc.Telephony(
        base_url=BASE_URL,
        auth=vbc.BearerToken(TOKEN),
        transport=httpx.MockTransport(api),
        max_retries=0,
    )


def ids(items: Any) -> list[str]:
    return [item.call_id for item in items]


def test_next_page_uri_is_joined_under_the_base_path(make_client):
    api = PagedAPI(
        [
            calls_page(["a"], next_page_uri=link(2)),
            calls_page(["b"], next_page_uri=link(3, style="prefixed")),
            calls_page(["c"], next_page_uri=link(4, style="absolute")),
            calls_page(["d"], next_page_uri=None),
        ]
    )
    assert ids(make_client(api).calls.list("1234")) == ["a", "b", "c", "d"]
    assert api.paths == [PREFIX + CALLS] * 4
    assert api.pages_requested == [1, 2, 3, 4]


def test_filters_are_sent_with_every_page_without_overriding_the_links(make_client):
    api = PagedAPI(
        [
            calls_page(["a"], next_page_uri=link(2)),
            calls_page(["b"], next_page_uri=link(3, extra="&page_size=50")),
            calls_page(["c"], current_page=3, pages=4),
            calls_page(["d"]),
        ]
    )
    start = datetime(2020, 7, 28, 16, 0, tzinfo=UTC)
    listing = make_client(api).calls.list(
        "1234", order="desc", extension="1001", start_time=start, end_time=1595959736, page_size=2
    )
    assert ids(listing) == ["a", "b", "c", "d"]
    expected = {
        "order": "desc",
        "extension": "1001",
        "start_time": "1595952000",
        "end_time": "1595959736",
    }
    for request in api.requests:
        assert expected.items() <= dict(request.url.params).items()
    assert [r.url.params["page_size"] for r in api.requests] == ["2", "2", "50", "2"]


def test_without_a_link_the_page_number_is_counted_on(make_client):
    api = PagedAPI(
        [
            calls_page(["a"], current_page=1, pages=3),
            calls_page(["b"], current_page="2", pages="3", next_page_uri=""),
            calls_page(["c"], current_page=3, pages=3),
        ]
    )
    assert ids(make_client(api).calls.list("1234")) == ["a", "b", "c"]
    assert api.pages_requested == [1, 2, 3]


@pytest.mark.parametrize(
    "last",
    [
        calls_page(["z"]),
        calls_page(["z"], next_page_uri=None),
        calls_page(["z"], next_page_uri=""),
        calls_page(["z"], current_page=2, pages=2, next_page_uri=link(3)),
        calls_page(["z"], current_page=5, pages=2, next_page_uri=link(3)),
        calls_page(["z"], next_page_uri=link(2)),
        calls_page(["z"], next_page_uri=link(1)),
        calls_page(["z"], next_page_uri=f"{CALLS}?page_size=100&page=1"),
        calls_page(["z"], next_page_uri=CALLS),
    ],
    ids=[
        "missing link",
        "null link",
        "empty link",
        "current_page == pages",
        "current_page > pages",
        "link to itself",
        "link to the first page",
        "link to the first page, reordered",
        "link to the first page, no page number",
    ],
)
def test_every_last_page_style_ends_the_listing(make_client, last):
    api = PagedAPI([calls_page(["a"], next_page_uri=link(2, extra="&page_size=100")), last])
    assert ids(make_client(api).calls.list("1234", page_size=100)) == ["a", "z"]
    assert api.pages_requested == [1, 2]


def test_the_prism_example_page_is_listed_once(make_client):
    page = calls_page(["only"], current_page=1, pages=1, next_page_uri=link(1))
    api = PagedAPI([page])
    assert ids(make_client(api).calls.list("1234")) == ["only"]
    assert len(api.requests) == 1


def test_an_empty_page_with_a_link_does_not_end_the_listing(make_client):
    api = PagedAPI(
        [
            calls_page([], next_page_uri=link(2)),
            calls_page([], next_page_uri=link(3)),
            calls_page(["c"]),
        ]
    )
    assert ids(make_client(api).calls.list("1234")) == ["c"]


def test_pages_are_fetched_lazily_one_at_a_time(make_client):
    api = PagedAPI(
        [calls_page(["a", "b"], next_page_uri=link(2)), calls_page(["c"], next_page_uri=None)]
    )
    listing = make_client(api).calls.list("1234")
    assert api.requests == []
    items = iter(listing)
    assert next(items).call_id == "a"
    assert next(items).call_id == "b"
    assert len(api.requests) == 1
    assert next(items).call_id == "c"
    assert len(api.requests) == 2


def test_max_items_stops_mid_page_and_sends_nothing_more(make_client):
    api = PagedAPI(
        [
            calls_page(["a", "b"], next_page_uri=link(2)),
            calls_page(["c", "d"], next_page_uri=link(3)),
            calls_page(["e"]),
        ]
    )
    client = make_client(api)
    assert ids(client.calls.list("1234", max_items=3)) == ["a", "b", "c"]
    assert api.pages_requested == [1, 2]
    api.requests.clear()
    pages = list(client.calls.list("1234", max_items=2).pages())
    assert [ids(page.items) for page in pages] == [["a", "b"]]
    assert api.pages_requested == [1]
    api.requests.clear()
    assert list(client.calls.list("1234", max_items=0)) == []
    assert api.requests == []


def test_pages_tell_where_they_stand(make_client):
    api = PagedAPI(
        [
            calls_page(["a"], current_page=1, pages="2", page_size=1, next_page_uri=link(2)),
            calls_page(["b"], current_page="2", pages=2, page_size="1"),
        ]
    )
    first, second = make_client(api).calls.list("1234").pages()
    assert (first.current_page, first.pages, first.page_size) == (1, 2, 1)
    assert first.next_page_uri == link(2)
    assert (second.current_page, second.pages, second.next_page_uri) == (2, 2, None)
    assert ids(first.items) == ["a"]
    assert isinstance(first.items[0], vbc.Call)
    assert first.raw.calls[0].call_id == "a"
    assert first.http_response.request.url.params.get("page") is None
    assert second.http_response.request.url.params["page"] == "2"


def test_each_pass_over_a_listing_starts_afresh(make_client):
    api = PagedAPI([calls_page(["a"], next_page_uri=link(2)), calls_page(["b"])])
    listing = make_client(api).calls.list("1234")
    assert ids(listing) == ids(listing) == ["a", "b"]
    assert api.pages_requested == [1, 2, 1, 2]


def test_a_link_to_another_origin_is_refused_before_it_is_followed(make_client):
    api = PagedAPI([calls_page(["a"], next_page_uri="https://evil.test/cc/accounts/1234/calls")])
    with pytest.raises(vbc.APIResponseValidationError, match=r"evil\.test"):
        list(make_client(api).calls.list("1234"))
    assert [r.url.host for r in api.requests] == ["api.test"]


def test_devices_are_listed_the_same_way(make_client):
    pages = [
        {"devices": [DEVICE], "next_page_uri": "/registration/accounts/self/devices?page=2"},
        {"devices": [{**DEVICE, "mac_address": "00-11"}], "current_page": 2, "pages": 2},
    ]
    api = PagedAPI(pages)
    devices = list(make_client(api).devices.list("self", order="asc", page_size=1))
    assert [device.mac_address for device in devices] == ["79-5C-7D-28-1B-B3", "00-11"]
    assert [r.url.params["order"] for r in api.requests] == ["asc", "asc"]
    assert api.paths == [PREFIX + "/registration/accounts/self/devices"] * 2


@pytest.mark.anyio
async def test_async_listings_iterate_items_and_pages(make_async_client):
    api = PagedAPI(
        [
            calls_page(["a", "b"], next_page_uri=link(2)),
            calls_page(["c"], current_page=2, pages=3),
            calls_page(["d"], next_page_uri=link(3)),
        ]
    )
    async with make_async_client(api) as client:
        assert [call.call_id async for call in client.calls.list("1234")] == ["a", "b", "c", "d"]
        pages = [page async for page in client.calls.list("1234", max_items=3).pages()]
        assert [ids(page.items) for page in pages] == [["a", "b"], ["c"]]
        raw_listing = client.with_raw_response.calls.list("1234", max_items=1)
        assert [call.call_id async for call in raw_listing] == ["a"]
    assert api.pages_requested == [1, 2, 3, 1, 2, 1]


@settings(max_examples=150, deadline=None)
@given(next_page_uri=st.text(max_size=30))
def test_any_next_page_uri_is_followed_or_refused_with_a_typed_error(next_page_uri):
    api = PagedAPI([calls_page(["a"], next_page_uri=next_page_uri), calls_page(["b"])])
    with client_for(api) as client:
        try:
            listed = ids(client.calls.list("1234"))
        except vbc.VBCError:
            return
    assert listed[0] == "a"
    assert len(api.requests) <= 2
    assert all(request.url.host == "api.test" for request in api.requests)
    assert all(request.url.path.startswith(PREFIX + "/") for request in api.requests)


# The invariant, over generated page sequences.

_NEXT_STYLES = ["relative", "prefixed", "absolute", "page_number"]
_LAST_STYLES = ["missing", "null", "empty", "counted", "repeat"]


@st.composite
def page_sequences(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Pages 1..n with unique items, each pointing at the next in one of the ways the API
    might, the last ending the listing in one of the ways it might."""
    count = draw(st.integers(1, 6))
    pages = []
    for number in range(1, count + 1):
        size = draw(st.integers(0, 3))
        page: dict[str, Any] = calls_page([f"p{number}-{i}" for i in range(size)])
        style = draw(st.sampled_from(_NEXT_STYLES if number < count else _LAST_STYLES))
        counters = draw(st.sampled_from(["none", "int", "str"]))
        if style in ("page_number", "counted") and counters == "none":
            counters = "int"
        if counters != "none":
            cast = int if counters == "int" else str
            page["current_page"], page["pages"] = cast(number), cast(count)
        if style in ("relative", "prefixed", "absolute"):
            extra = draw(st.sampled_from(["", "&order=desc"]))
            page["next_page_uri"] = link(number + 1, style=style, extra=extra)
        elif style == "null":
            page["next_page_uri"] = None
        elif style == "empty":
            page["next_page_uri"] = ""
        elif style == "counted":
            page["next_page_uri"] = link(number + 1)  # a page the server does not have
        elif style == "repeat":
            page["next_page_uri"] = link(draw(st.integers(1, count)))
        pages.append(page)
    return pages


@settings(max_examples=150, deadline=None)
@given(pages=page_sequences())
def test_any_page_sequence_yields_each_item_once_and_ends(pages):
    api = PagedAPI(pages)
    with client_for(api) as client:
        listed = ids(client.calls.list("1234", order="desc"))
    assert listed == [call["call_id"] for page in pages for call in page["calls"]]
    assert api.pages_requested == list(range(1, len(pages) + 1))
    assert all(request.url.params["order"] == "desc" for request in api.requests)


@settings(max_examples=30, deadline=None)
@given(pages=page_sequences(), max_items=st.integers(0, 8))
def test_any_page_sequence_lists_the_same_asynchronously(pages, max_items):
    api = PagedAPI(pages)

    async def listed() -> list[str]:
        async with vbc.AsyncTelephony(
            base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(api)
        ) as client:
            return [call.call_id async for call in client.calls.list("1234", max_items=max_items)]

    everything = [call["call_id"] for page in pages for call in page["calls"]]
    assert anyio.run(listed) == everything[:max_items]


# A server that relinks a page under another query.


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_page_relinked_with_other_filters_is_listed_once(flavour):
    # Page 1 links page 2 with the server's default order spelled out; page 2 links itself
    # without it. Both name page 2: the order is a filter of the listing, not of the page.
    api = PagedAPI(
        [
            calls_page(["a"], next_page_uri=link(2, extra="&order=desc")),
            calls_page(["b"], next_page_uri=link(2)),
        ]
    )
    if flavour == "sync":
        with client_for(api) as client:
            listed = ids(client.calls.list("1234"))
    else:

        async def run() -> list[str]:
            async with vbc.AsyncTelephony(
                base_url=BASE_URL, auth=vbc.BearerToken(TOKEN), transport=httpx.MockTransport(api)
            ) as client:
                return [call.call_id async for call in client.calls.list("1234")]

        listed = anyio.run(run)
    assert listed == ["a", "b"]
    assert api.pages_requested == [1, 2]


def test_a_query_parameter_the_operation_does_not_define_names_another_page():
    # A server that pages by cursor: same page number, another cursor, another page.
    api = PagedAPI(
        [
            calls_page(["a"], next_page_uri=f"{CALLS}?page=1&cursor=x"),
            calls_page(["b"]),
        ]
    )
    with client_for(api) as client:
        # This fake answers page 1 again: its call, already yielded, is not yielded twice.
        assert ids(client.calls.list("1234")) == ["a"]
    assert [r.url.params.get("cursor") for r in api.requests] == [None, "x"]


# Lazy items: ids checked when the page arrives, every other field when it is read.


def test_an_item_without_its_id_fails_the_page_naming_it():
    api = PagedAPI([{"calls": [{"call_id": "a"}, {"status": "ringing"}]}])
    with client_for(api) as client, pytest.raises(vbc.APIResponseValidationError) as caught:
        list(client.calls.list("1234"))
    assert "call.call_id" in str(caught.value)
    assert caught.value.response is not None


def test_a_malformed_field_of_an_item_fails_when_it_is_read():
    api = PagedAPI([{"calls": [{"call_id": "a", "start_time": "yesterday", "legs": 5}]}])
    with client_for(api) as client:
        (call,) = client.calls.list("1234")
    assert call.call_id == "a"
    with pytest.raises(vbc.APIResponseValidationError, match=r"call\.start_time"):
        _ = call.start_time
    with pytest.raises(vbc.APIResponseValidationError, match=r"call\.legs"):
        _ = call.legs
    with pytest.raises(vbc.APIResponseValidationError, match="call does not match the spec"):
        _ = call.raw


def test_raw_models_of_a_page_and_its_items_are_built_on_first_read():
    api = PagedAPI([calls_page(["a"], current_page=1, pages=1)])
    with client_for(api) as client:
        (page,) = client.calls.list("1234").pages()
    assert page._raw is None
    assert page.raw.calls[0].call_id == "a"
    assert page.raw is page.raw
    item = page.items[0]
    assert item._raw is None
    assert item.raw.call_id == "a"


# Pages that shift while calls come and go.


def _numbered(pages: list[list[str]]) -> PagedAPI:
    count = len(pages)
    return PagedAPI(
        [calls_page(page, current_page=n, pages=count) for n, page in enumerate(pages, 1)]
    )


def test_a_call_pushed_onto_the_next_page_is_not_yielded_again():
    # b is pushed from page 1 to page 2 by a new call; c from page 2 to 3, twice over.
    api = _numbered([["a", "b"], ["b", "c"], ["c", "c", "d"]])
    with client_for(api) as client:
        pages = list(client.calls.list("1234").pages())
    assert [ids(page.items) for page in pages] == [["a", "b"], ["c"], ["d"]]
    assert [len(page.raw.calls) for page in pages] == [2, 2, 3]  # raw: the page as sent


def test_a_repeat_from_as_far_back_as_the_remembered_pages_is_dropped():
    pages = [[f"c{n}"] for n in range(LISTING_REMEMBERED_PAGES)] + [["c0"]]
    with client_for(_numbered(pages)) as client:
        assert ids(client.calls.list("1234")) == [f"c{n}" for n in range(LISTING_REMEMBERED_PAGES)]


def test_a_repeat_from_further_back_is_yielded_again():
    # Churn of more than a page per page read: documented as beyond what a listing handles.
    pages = [[f"c{n}"] for n in range(LISTING_REMEMBERED_PAGES + 1)] + [["c0"]]
    with client_for(_numbered(pages)) as client:
        assert ids(client.calls.list("1234"))[-1] == "c0"


def test_max_items_counts_the_calls_yielded():
    api = _numbered([["a", "b"], ["b", "c"], ["d"]])
    with client_for(api) as client:
        assert ids(client.calls.list("1234", max_items=3)) == ["a", "b", "c"]
