"""The line ``vbc --version`` prints: the package's version and the spec's it is built from."""

from __future__ import annotations

from importlib.metadata import version

from .._constants import SPEC_VERSION


def version_line() -> str:
    return (
        f"vbc-telephony {version('vbc-telephony')}"
        f" (Vonage Business Telephony API v3, spec {SPEC_VERSION})\n"
    )
