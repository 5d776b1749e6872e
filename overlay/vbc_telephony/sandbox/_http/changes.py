"""How the sandbox's event stream learns that the state changed: a version that grows with
every change, and the waits for the next one.

Every change happens in a request (the API's, the token endpoint's, the control API's) on
the server's one event loop, so ``Notifying`` counts one when a request ends: its change and
its journal entry are in the state by then. The gateway counts one earlier for a request a
latency fault holds (it took its fault on arrival). The page's own requests (the page, its
files, the event stream) change nothing and are not counted, or each stream would wake
itself. Counting too often costs a stream a render that turns out unchanged, never a stale
page.
"""

from __future__ import annotations

import asyncio
import enum

from ..._server.asgi import ASGIApp, Receive, Scope, Send


class Wake(enum.Enum):
    """Why ``Changes.wait`` returned."""

    CHANGED = enum.auto()
    TIMEOUT = enum.auto()
    STOPPED = enum.auto()


class Changes:
    """The state's version, and the waits for the next. Use on one event loop."""

    def __init__(self) -> None:
        self.version = 0
        self.stopped = False
        self._next: asyncio.Future[None] | None = None
        self._stopping: asyncio.Future[None] | None = None

    def notify(self) -> None:
        """The state changed."""
        self.version += 1
        self._next = _wake(self._next)

    def stop(self) -> None:
        """The server is stopping: every wait ends now, and every later one at once."""
        self.stopped = True
        self._next = _wake(self._next)
        self._stopping = _wake(self._stopping)

    async def wait(self, seen: int, timeout: float) -> Wake:
        """Until the version is past ``seen``, ``timeout`` seconds pass, or serving stops."""
        if not self.stopped and self.version == seen:
            if self._next is None:
                self._next = asyncio.get_running_loop().create_future()
            # asyncio.wait, not wait_for: the future is shared, a timeout must not cancel it.
            await asyncio.wait({self._next}, timeout=timeout)
        if self.stopped:
            return Wake.STOPPED
        return Wake.CHANGED if self.version != seen else Wake.TIMEOUT

    async def settle(self, seconds: float) -> None:
        """Sleep ``seconds`` (changes meanwhile are taken together), less if serving stops."""
        if self.stopped:
            return
        if self._stopping is None:
            self._stopping = asyncio.get_running_loop().create_future()
        await asyncio.wait({self._stopping}, timeout=seconds)


def _wake(future: asyncio.Future[None] | None) -> asyncio.Future[None] | None:
    """Wake whoever waits on ``future``; what to hold instead (none: the next wait makes
    a new one)."""
    if future is not None and not future.done():
        future.set_result(None)
    return None


class Notifying:
    """``app``, counting a change in ``changes`` whenever a request ends, except requests
    whose path starts with one of ``quiet``."""

    def __init__(self, app: ASGIApp, changes: Changes, *, quiet: tuple[str, ...]) -> None:
        self._app = app
        self._changes = changes
        self._quiet = quiet

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"].startswith(self._quiet):
            await self._app(scope, receive, send)
            return
        try:
            await self._app(scope, receive, send)
        finally:
            self._changes.notify()
