"""generated/ is exactly what the pinned generator makes of openapi.yaml, and it says nothing."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from spec_tools import ROOT

GENERATED = ROOT / "generated" / "vbc_telephony_api"


def _files(root: Path) -> set[Path]:
    return {
        p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    }


def test_regenerating_changes_nothing_and_prints_no_warning(tmp_path: Path) -> None:
    out = tmp_path / "vbc_telephony_api"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate.py"), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert said == [f"Generating {out}"], said
    assert _files(out) == _files(GENERATED), "generated/ is stale: run `make generate`"
    stale = [str(f) for f in _files(out) if not filecmp.cmp(out / f, GENERATED / f, shallow=False)]
    assert not stale, f"generated/ is stale ({stale}): run `make generate`"


def test_the_packaged_spec_is_openapi_yaml() -> None:
    assert (GENERATED / "openapi.yaml").read_bytes() == (ROOT / "openapi.yaml").read_bytes()
