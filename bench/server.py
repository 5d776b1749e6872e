"""The benchmarks' HTTP server: pre-rendered answers on 127.0.0.1, in a process of its own.

Every response (status line, headers, body) is built once at start-up, so serving is a
dictionary lookup and a socket write, and the server runs on its own core instead of
sharing the measured process's GIL. It is a minimal HTTP/1.1 keep-alive server on asyncio,
which serves any number of connections at once, as benchmark 2 needs:

- ``GET {PREFIX}/cc/accounts/{account}/calls[?page=N…]``: page N (default 1) of a listing;
- ``GET {PREFIX}/cc/accounts/{account}/calls/{call_id}``: one call, after ``GET_LATENCY``.

``running()`` starts it on a free port and stops it on exit; the server also stops when its
standard input closes, so it cannot outlive the script.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

from workload import (
    GET_COUNT,
    GET_LATENCY,
    LIST_ACCOUNT,
    LIST_PAGES,
    PREFIX,
    STREAM_ACCOUNT,
    STREAM_PAGES,
    render_calls,
    render_pages,
)

HOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 5.0
_ACCOUNTS = PREFIX + "/cc/accounts/"
_NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


class _Answers:
    """Every response the server can give, rendered before the first request."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], bytes] = {}
        for account, count in ((LIST_ACCOUNT, LIST_PAGES), (STREAM_ACCOUNT, STREAM_PAGES)):
            for number, body in enumerate(render_pages(account, count), start=1):
                self.pages[str(account), str(number)] = _response(body)
        self.calls = {
            (str(LIST_ACCOUNT), call_id): _response(body)
            for call_id, body in render_calls(LIST_ACCOUNT, GET_COUNT).items()
        }

    def route(self, target: str) -> tuple[bytes, float]:
        """The response to a GET of ``target``, and how long to wait before sending it."""
        path, _, query = target.partition("?")
        if not path.startswith(_ACCOUNTS):
            return _NOT_FOUND, 0.0
        match path[len(_ACCOUNTS) :].split("/"):
            case [account, "calls"]:
                page = parse_qs(query).get("page", ["1"])[0]
                return self.pages.get((account, page), _NOT_FOUND), 0.0
            case [account, "calls", call_id]:
                return self.calls.get((account, call_id), _NOT_FOUND), GET_LATENCY
        return _NOT_FOUND, 0.0


async def _serve(answers: _Answers) -> None:
    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("ascii")
                response, delay = answers.route(target)
                if delay:
                    await asyncio.sleep(delay)
                writer.write(response)
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass  # the client closed the connection, or sent a head too long to be a GET
        except IndexError:
            pass  # a request line without a target: not HTTP
        except asyncio.CancelledError:
            pass  # shutting down with the connection still open: nothing is left to do
        finally:
            writer.close()

    # A deep backlog: benchmark 2 opens its 200 connections at once.
    server = await asyncio.start_server(connection, HOST, 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        # Blocks until the parent closes our stdin (or dies).
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the server in a subprocess; yield its base URL (path prefix included)."""
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            raise RuntimeError(f"the bench server did not start within {START_TIMEOUT:.0f} s")
        yield f"http://{HOST}:{int(line)}{PREFIX}"
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    asyncio.run(_serve(_Answers()))
