"""Benchmark 7: start-up, as a program or a shell runs it, against httpx's own import.

Each command is launched as a fresh process, the commands taking turns (so that a busy
moment of the machine falls on all of them alike), ``LAUNCHES`` times each; a row is the ratio
of the medians. Bytecode caches are used, as an installed package has them: the environment's
``PYTHONDONTWRITEBYTECODE`` is dropped for these launches and one warm-up launch of each
command writes them.

- ``import vbc_telephony`` against ``import httpx``; the package's names load when first read,
  so this loads little: the row after it is what a program pays,
  ``from vbc_telephony import BearerToken, Telephony`` (the client, without the generated
  models, which its first request loads);
- ``vbc --version`` against ``python -c "import httpx"``;
- beside them, a command's help, ``vbc calls --help``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from result import Result

LAUNCHES = 15
TARGET = 1.3
_VBC = str(Path(sys.executable).with_name("vbc"))

_COMMANDS = {
    "httpx": [sys.executable, "-c", "import httpx"],
    "import": [sys.executable, "-c", "import vbc_telephony"],
    "version": [_VBC, "--version"],
    "client": [sys.executable, "-c", "from vbc_telephony import BearerToken, Telephony"],
    "help": [_VBC, "calls", "--help"],
}


def _medians() -> dict[str, float]:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in _COMMANDS}
    for launch in range(LAUNCHES + 1):
        for name, command in _COMMANDS.items():
            started = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True, timeout=60)
            if launch:  # the first launch is the warm-up
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def startup_rows() -> list[Result]:
    medians = _medians()
    httpx_s = medians["httpx"]
    rows = []
    for name, label in (
        ("import", "7. start-up: import vbc_telephony vs import httpx"),
        ("client", "7. start-up: from vbc_telephony import Telephony, BearerToken, the same"),
        ("version", '7. start-up: vbc --version vs python -c "import httpx"'),
    ):
        ratio = medians[name] / httpx_s
        rows.append(
            Result(
                label,
                f"{medians[name] * 1000:.0f} ms",
                f"{httpx_s * 1000:.0f} ms",
                f"{ratio:.2f}x the time",
                f"≤ {TARGET:.1f}x",
                ratio <= TARGET,
                "",
            )
        )
    note = (
        f"7: median of {LAUNCHES} launches each, taking turns, bytecode cached. Beside them:"
        f" vbc calls --help, {medians['help'] * 1000:.0f} ms"
        f" ({medians['help'] / httpx_s:.2f}x import httpx)."
    )
    rows[0] = replace(rows[0], note=note)
    return rows
