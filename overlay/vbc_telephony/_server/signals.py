"""Ctrl-C and SIGTERM for a server in the foreground (``vbc mock``, ``vbc sandbox``).

Signals are ours, not uvicorn's: uvicorn re-raises the signal that stopped it from inside its
event loop, where the loop may swallow it, so a Ctrl-C sometimes ended with status 0.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType
from typing import Any, Self

import uvicorn


class Interrupted(BaseException):
    """A stop signal arrived before anything served (while Prism started, say)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignals:
    """Ctrl-C and SIGTERM in the main thread, while entered: what stops a foreground server.

    Before a server serves (``serving``), a signal raises ``Interrupted`` where the main
    thread is; while one serves, it stops the server (a second Ctrl-C: without waiting for
    the requests in flight). Leaving restores the handlers there were before, then hands them
    the signal, outside any event loop: Ctrl-C becomes ``KeyboardInterrupt`` (the CLI's 130)
    every time; SIGTERM is a stop asked for, so serving just returns (the CLI's 0), unless a
    handler of the caller's was set for it, which is then called.
    ``stop()`` stops the server without a signal, from any thread (Prism died for good).
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self._server: uvicorn.Server | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._handle) for sig in _STOP_SIGNALS}
        return self

    def serving(self, server: uvicorn.Server | None) -> None:
        self._server = server

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.received is None
        self.received = self.received or signum
        server = self._server
        if server is None:
            raise Interrupted(signum)
        if not first and signum == signal.SIGINT:
            server.force_exit = True
        server.should_exit = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signum = self.received
        if signum is None or not (exc is None or isinstance(exc, Interrupted)):
            return False
        previous = self._previous.get(signum, signal.SIG_DFL)
        if previous is signal.default_int_handler:
            raise KeyboardInterrupt
        if callable(previous):
            previous(signum, None)
        elif previous == signal.SIG_DFL and signum != signal.SIGTERM:
            signal.raise_signal(signum)  # the default action: the process ends here
        return True
