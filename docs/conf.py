"""Sphinx configuration of the docs site (``make docs``, ``make docs-serve``).

Sphinx with MyST Markdown and the furo theme; the API reference is autodoc, driven by
``_ext/vbc_reference.py`` from the package's public names. Why this generator:
``about-these-docs.md``. The build runs with warnings as errors, nitpicky (every reference to
one of our names must resolve); see ``nitpick_ignore_regex`` for what cannot.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "vbc-telephony"
author = "vbc-telephony contributors"
copyright = "vbc-telephony contributors"
release = _version("vbc-telephony")
version = release

extensions = ["myst_parser", "sphinx.ext.autodoc", "vbc_reference"]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_static"]

autodoc_inherit_docstrings = False  # not httpx's docstrings on our transports and auth

# MyST: anchors for headings, so pages can link to a section (page.md#section).
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

# autodoc: the reference reads the installed package; names shown without their module.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
add_module_names = False
python_use_unqualified_type_names = True
python_maximum_signature_line_length = 88

# Nitpicky: every cross-reference must resolve. The site has no network at build time, so
# there is no intersphinx inventory for Python, httpx or pytest: references to their names
# stay plain text. Type variables (S, T, …) and our private helper types are not documented
# objects either.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(httpx|typing|collections|datetime|pathlib|enum|_pytest|pytest|typer|click)\..*"),
    (r"py:.*", r"(abc|types|io|os|builtins|contextlib|dataclasses)\..*"),
    (r"py:.*", r"(str|int|float|bool|bytes|object|None|dict|list|tuple|set|type|Any)"),
    (
        r"py:.*",
        r"(IO|Self|Any|Literal|Mapping|Callable|Iterator|AsyncIterator|Sequence|Collection)",
    ),
    (r"py:.*", r"[A-Z]"),  # type variables
    (r"py:.*", r"vbc_telephony(_api)?\.(.*\.)?_\w+(\..*)?"),  # private modules and names
    (r"py:.*", r"vbc_telephony_api\..*"),  # the generated package (``.raw``)
    (r"py:class", r"Request"),  # RawResponse's private request type, imported for typing only
]

# Option names such as --sandbox stay as typed (no en dashes), quotes stay straight.
smartquotes = False

html_theme = "furo"
html_title = f"vbc-telephony {release}"
html_copy_source = False
html_show_sourcelink = False
