"""``python bench/from_dict.py``: what our templates (``templates/``) save in ``from_dict``.

Times ``CallsPage.from_dict`` over the pages benchmark 1 lists, already decoded, as the
pinned generator makes it by itself (generated into a temporary folder under another
package name) and as ``generated/`` has it, alternating after a warm-up run each, best of
``ROUNDS``. Both must parse every page back to the same body, or the timings mean nothing.
"""

from __future__ import annotations

import gc
import importlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from workload import LIST_ACCOUNT, LIST_PAGES, PAGE_SIZE, render_pages

from vbc_telephony_api.models import CallsPage

ROOT = Path(__file__).resolve().parent.parent
STOCK_PACKAGE = "stock_vbc_telephony_api"
ROUNDS = 15


def _stock_from_dict(folder: Path) -> Callable[[Mapping[str, Any]], Any]:
    """``CallsPage.from_dict`` as the generator's own templates make it, built in ``folder``."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "generate.py"),
            "--stock-templates",
            "--output",
            str(folder / STOCK_PACKAGE),
        ],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(folder))
    from_dict: Callable[[Mapping[str, Any]], Any] = importlib.import_module(
        f"{STOCK_PACKAGE}.models"
    ).CallsPage.from_dict
    return from_dict


def main() -> None:
    decoded = [json.loads(body) for body in render_pages(LIST_ACCOUNT, LIST_PAGES)]
    with tempfile.TemporaryDirectory() as folder:
        stock_from_dict = _stock_from_dict(Path(folder))
        parsers: dict[str, Callable[[], list[Any]]] = {
            "stock": lambda: [stock_from_dict(page) for page in decoded],
            "ours": lambda: [CallsPage.from_dict(page) for page in decoded],
        }
        times: dict[str, list[float]] = {name: [] for name in parsers}
        for name, parse in parsers.items():  # also the warm-up run
            if [page.to_dict() for page in parse()] != decoded:
                raise RuntimeError(f"the {name} CallsPage.from_dict does not round-trip")
        for _ in range(ROUNDS):
            for name, parse in parsers.items():
                gc.collect()
                started = time.perf_counter()
                parse()
                times[name].append(time.perf_counter() - started)
    stock, ours = min(times["stock"]), min(times["ours"])
    print(
        f"CallsPage.from_dict over {LIST_PAGES} decoded pages of {PAGE_SIZE} calls,"
        f" best of {ROUNDS} alternating runs each:"
    )
    print(f"  stock templates {stock * 1000:7.1f} ms")
    print(f"  templates/      {ours * 1000:7.1f} ms  ({ours / stock:.2f}x the time)")


if __name__ == "__main__":
    main()
