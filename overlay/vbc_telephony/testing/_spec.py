"""Where the spec every server and check of ours reads comes from: the installed package."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def bundled_spec() -> Path:
    """The ``openapi.yaml`` shipped inside the installed generated package."""
    return Path(str(importlib.resources.files("vbc_telephony_api").joinpath("openapi.yaml")))
