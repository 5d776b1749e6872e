"""What the watch tests share: the client flavours (sync, and async on an event loop of its
own, behind the same sync-looking methods, so that one scenario tests both), a transport that
records when each request started and ended, and waiting on the sandbox's journal.

Times are read on the client's side (the sandbox's journal has statuses, not times), and only
ever as lower bounds: a loaded machine makes gaps longer, never shorter.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import httpx
import loopback

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

T = TypeVar("T")

ALICE = vbc.Contact.extension("1001")
BOB = vbc.Contact.pstn("15551234567")

# Every blocking step of a test gives up after this long: a hang guard, not a timing claim.
PATIENCE = 60.0
# Clock granularity, for lower bounds on gaps between requests.
SLACK = 0.02

CALLS_PATH = "/cc/accounts/*/calls"


@dataclass(frozen=True)
class Sent:
    """One request as the client's transport saw it (monotonic seconds)."""

    method: str
    path: str
    started: float
    ended: float
    status: int | None


class _Log:
    def __init__(self) -> None:
        self._sent: list[Sent] = []
        self._lock = threading.Lock()

    def add(self, request: httpx.Request, started: float, status: int | None) -> None:
        sent = Sent(request.method, request.url.path, started, time.monotonic(), status)
        with self._lock:
            self._sent.append(sent)

    def list_requests(self) -> list[Sent]:
        """The requests for the list of calls, oldest first."""
        return self.reads("/calls")

    def reads(self, path_end: str) -> list[Sent]:
        """The GETs of a path ending so, oldest first."""
        with self._lock:
            return [s for s in self._sent if s.method == "GET" and s.path.endswith(path_end)]


class Recorder(httpx.BaseTransport):
    def __init__(self, log: _Log) -> None:
        self._log = log
        self._transport = loopback.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        try:
            response = self._transport.handle_request(request)
        except httpx.TransportError:
            self._log.add(request, started, None)
            raise
        self._log.add(request, started, response.status_code)
        return response

    def close(self) -> None:
        self._transport.close()


class AsyncRecorder(httpx.AsyncBaseTransport):
    def __init__(self, log: _Log) -> None:
        self._log = log
        self._transport = loopback.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        try:
            response = await self._transport.handle_async_request(request)
        except httpx.TransportError:
            self._log.add(request, started, None)
            raise
        self._log.add(request, started, response.status_code)
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


class Watcher(Protocol):
    """A watch, driven the same way in either flavour."""

    @property
    def snapshot(self) -> vbc.Snapshot | None: ...
    def take(self, count: int) -> list[vbc.WatchEvent]: ...
    def rest(self) -> list[vbc.WatchEvent]: ...
    def close(self) -> None: ...


class Flavour(Protocol):
    name: str
    log: _Log

    def watch(self, **kwargs: Any) -> Watcher: ...
    def wait_for_call(self, call_id: str, **kwargs: Any) -> concurrent.futures.Future[vbc.Call]: ...
    def wait_for_leg(
        self, call_id: str, leg_id: str, **kwargs: Any
    ) -> concurrent.futures.Future[vbc.Leg]: ...
    def close(self) -> None: ...


def _watch_args(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"interval": 0.05, "timeout": PATIENCE, **kwargs}


def in_thread(call: Callable[..., T], *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
    """``call(*args, **kwargs)`` in a daemon thread: a test that waits on it with a time limit
    fails, rather than hangs, when the code under test never returns."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(call(*args, **kwargs))
        except BaseException as exc:  # handed to the test as it is
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    return future


class _SyncWatcher:
    def __init__(self, watch: vbc.CallWatch) -> None:
        self._watch = watch

    @property
    def snapshot(self) -> vbc.Snapshot | None:
        return self._watch.snapshot

    def take(self, count: int) -> list[vbc.WatchEvent]:
        return in_thread(lambda: [next(self._watch) for _ in range(count)]).result(PATIENCE)

    def rest(self) -> list[vbc.WatchEvent]:
        return in_thread(list, self._watch).result(PATIENCE)

    def close(self) -> None:
        self._watch.close()


class SyncFlavour:
    name = "sync"

    def __init__(self, sandbox: Sandbox) -> None:
        self.log = _Log()
        self.client = vbc.Telephony(
            base_url=sandbox.base_url,
            auth=vbc.BearerToken(sandbox.static_token or ""),
            transport=Recorder(self.log),
        )

    def watch(self, **kwargs: Any) -> Watcher:
        return _SyncWatcher(self.client.calls.watch("self", **_watch_args(kwargs)))

    def wait_for_call(self, call_id: str, **kwargs: Any) -> concurrent.futures.Future[vbc.Call]:
        return in_thread(self.client.calls.wait_for, "self", call_id, **kwargs)

    def wait_for_leg(
        self, call_id: str, leg_id: str, **kwargs: Any
    ) -> concurrent.futures.Future[vbc.Leg]:
        return in_thread(self.client.legs.wait_for, "self", call_id, leg_id, **kwargs)

    def close(self) -> None:
        self.client.close()


class _Loop:
    """An event loop in a thread of its own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.submit(coroutine).result(PATIENCE)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(PATIENCE)
        self.loop.close()


class _AsyncWatcher:
    def __init__(self, loop: _Loop, watch: vbc.AsyncCallWatch) -> None:
        self._loop = loop
        self._watch = watch

    @property
    def snapshot(self) -> vbc.Snapshot | None:
        return self._watch.snapshot

    def take(self, count: int) -> list[vbc.WatchEvent]:
        async def take() -> list[vbc.WatchEvent]:
            return [await anext(self._watch) for _ in range(count)]

        return self._loop.run(take())

    def rest(self) -> list[vbc.WatchEvent]:
        async def rest() -> list[vbc.WatchEvent]:
            return [event async for event in self._watch]

        return self._loop.run(rest())

    def close(self) -> None:
        self._loop.run(self._watch.aclose())


class AsyncFlavour:
    name = "async"

    def __init__(self, sandbox: Sandbox) -> None:
        self.log = _Log()
        self._loop = _Loop()

        async def make() -> vbc.AsyncTelephony:
            return vbc.AsyncTelephony(
                base_url=sandbox.base_url,
                auth=vbc.BearerToken(sandbox.static_token or ""),
                transport=AsyncRecorder(self.log),
            )

        self.client = self._loop.run(make())

    def watch(self, **kwargs: Any) -> Watcher:
        return _AsyncWatcher(self._loop, self.client.calls.watch("self", **_watch_args(kwargs)))

    def wait_for_call(self, call_id: str, **kwargs: Any) -> concurrent.futures.Future[vbc.Call]:
        return self._loop.submit(self.client.calls.wait_for("self", call_id, **kwargs))

    def wait_for_leg(
        self, call_id: str, leg_id: str, **kwargs: Any
    ) -> concurrent.futures.Future[vbc.Leg]:
        return self._loop.submit(self.client.legs.wait_for("self", call_id, leg_id, **kwargs))

    def close(self) -> None:
        self._loop.run(self.client.aclose())
        self._loop.close()


def flavours(sandbox: Sandbox, name: str) -> Iterator[Flavour]:
    flavour: Flavour = SyncFlavour(sandbox) if name == "sync" else AsyncFlavour(sandbox)
    try:
        yield flavour
    finally:
        flavour.close()


def list_statuses(sandbox: Sandbox) -> list[int | None]:
    """The statuses the sandbox answered to the list of calls, oldest first."""
    return [
        entry.status
        for entry in sandbox.requests
        if entry.method == "GET" and entry.path.endswith("/calls")
    ]


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait until ``condition()``; fail after ``PATIENCE`` seconds saying ``what`` never came."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {PATIENCE} s"
        time.sleep(0.01)


def reads_of(sandbox: Sandbox, path_end: str) -> int:
    """How many GETs of a path ending so the sandbox answered."""
    return sum(
        1 for entry in sandbox.requests if entry.method == "GET" and entry.path.endswith(path_end)
    )
