"""The requests the sandbox is handling, against resets and stopping.

A reset starts a new generation. A request is stamped with the generation it arrived in
(``stamp``); one that outlives its generation has no effect: every wait it is in (a latency
fault) ends at once, and ``check``, called just before it would change or read the state,
answers it 503 instead. So a POST held by a latency fault across a reset creates no call and
takes no seeded id. Stopping the server (``stop``) ends every wait the same way, so that
Ctrl-C or SIGTERM does not sit out a 60-second latency fault.
"""

from __future__ import annotations

import asyncio

from ..._server.asgi import HTTPProblem, Scope

_STAMP = "vbc.sandbox.generation"


class InFlight:
    """The current generation, and the waits that end when it does. Use on one event loop."""

    def __init__(self) -> None:
        self._generation = 0
        self._stopping = False
        self._ended: asyncio.Future[None] | None = None

    def stamp(self, scope: Scope) -> None:
        """Mark the request as arriving now."""
        scope[_STAMP] = self._generation

    def check(self, scope: Scope) -> None:
        """503 unless the request's generation is still the current one, and serving goes on."""
        if self._stopping:
            raise HTTPProblem(503, "The sandbox is stopping")
        if scope.get(_STAMP, self._generation) != self._generation:
            raise HTTPProblem(
                503, "The sandbox was reset while this request was in flight; it had no effect"
            )

    async def wait(self, seconds: float) -> None:
        """Sleep ``seconds``, or less if a reset or stopping comes first."""
        if self._ended is None:
            self._ended = asyncio.get_running_loop().create_future()
        await asyncio.wait({self._ended}, timeout=seconds)

    def new_generation(self) -> None:
        """A reset: every request in flight is now stale."""
        self._generation += 1
        self._end_waits()

    def stop(self) -> None:
        """The server is stopping: every request in flight ends now."""
        self._stopping = True
        self._end_waits()

    def _end_waits(self) -> None:
        ended, self._ended = self._ended, None
        if ended is not None and not ended.done():
            ended.set_result(None)
