"""The errors ``vbc_spec`` raises: one base class, one subclass per kind of bad input."""

from __future__ import annotations


class SpecToolError(Exception):
    """Something the spec tooling was given cannot be used; the message says what and where."""


class OverlayError(SpecToolError):
    """The overlay document is malformed, or an action cannot be applied to the document."""


class ProjectError(SpecToolError):
    """A project file is missing or unreadable (wrong ``--root``, unparsable YAML, …)."""
