"""Every Python and shell example of the docs runs against the sandbox (docs_examples.py).

One test per page: the page's blocks run in order, in one namespace, so a later block uses
what an earlier one made, as a reader does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_examples import ROOT, pages, run_page

from vbc_telephony.testing import Sandbox


@pytest.mark.parametrize("page", pages(), ids=lambda page: str(page.relative_to(ROOT)))
def test_every_example_of_the_page_runs(
    page: Path, vbc_sandbox: Sandbox, pytester: pytest.Pytester, tmp_path: Path
) -> None:
    run_page(page, vbc_sandbox, pytester, tmp_path)
