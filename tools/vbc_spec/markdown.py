"""Markdown helpers shared by the generated deviations page and the update report."""

from __future__ import annotations


def cell(text: object) -> str:
    """``text`` for one Markdown table cell: on one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")
