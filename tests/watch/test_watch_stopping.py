"""Stopping a watch is clean: after ``break``, ``close()``/``aclose()``, leaving its ``with``
block or cancelling the task that iterates it, nothing more is sent. (Ctrl-C: see
tests/cli/test_cli_watch.py, which interrupts ``vbc calls watch``.)"""

from __future__ import annotations

import asyncio
import time

import pytest
from watch_support import ALICE, BOB, PATIENCE, list_statuses, until

import vbc_telephony as vbc
from vbc_telephony.testing import Sandbox

pytestmark = pytest.mark.waits  # mostly waiting: run early (tests/conftest.py)

INTERVAL = 0.05


def _settled(sandbox: Sandbox) -> int:
    """How many polls the sandbox received, checked again after many intervals."""
    polls = len(list_statuses(sandbox))
    time.sleep(INTERVAL * 6)
    assert len(list_statuses(sandbox)) == polls, "the watch went on polling"
    return polls


def test_break_and_the_with_block_stop_a_sync_watch(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.ring(from_=BOB, to=ALICE)
    with vbc_sandbox.client() as client:
        for event in client.calls.watch("self", interval=INTERVAL, timeout=PATIENCE):
            assert event.type == "call.added"
            break
        assert _settled(vbc_sandbox) == 1

        with client.calls.watch("self", interval=INTERVAL, timeout=PATIENCE) as watch:
            next(watch)
        with pytest.raises(StopIteration):
            next(watch)
        assert _settled(vbc_sandbox) == 2


def test_cancelling_the_task_stops_an_async_watch(vbc_sandbox: Sandbox) -> None:
    async def scenario() -> None:
        async with vbc_sandbox.async_client() as client:
            seen: list[vbc.WatchEvent] = []

            async def consume() -> None:
                async for event in client.calls.watch("self", interval=INTERVAL):
                    seen.append(event)

            task = asyncio.create_task(consume())
            await asyncio.to_thread(until, lambda: len(list_statuses(vbc_sandbox)) >= 3, "polls")
            task.cancel()
            await asyncio.wait({task}, timeout=PATIENCE)
            assert task.cancelled()
            assert seen == []
            await asyncio.to_thread(_settled, vbc_sandbox)

    asyncio.run(scenario())


def test_break_aclose_and_async_with_stop_an_async_watch(vbc_sandbox: Sandbox) -> None:
    vbc_sandbox.ring(from_=BOB, to=ALICE)

    async def scenario() -> None:
        async with vbc_sandbox.async_client() as client:
            watch = client.calls.watch("self", interval=INTERVAL, timeout=PATIENCE)
            async for event in watch:
                assert event.type == "call.added"
                break
            await watch.aclose()
            with pytest.raises(StopAsyncIteration):
                await anext(watch)
            assert await asyncio.to_thread(_settled, vbc_sandbox) == 1

            async with client.calls.watch("self", interval=INTERVAL, timeout=PATIENCE) as watch:
                await anext(watch)
            with pytest.raises(StopAsyncIteration):
                await anext(watch)
            assert await asyncio.to_thread(_settled, vbc_sandbox) == 2

    asyncio.run(scenario())
