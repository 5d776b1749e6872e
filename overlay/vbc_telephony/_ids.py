"""Path ids (account, call, leg, device): checked before they reach a URL.

The generated functions percent-encode every path parameter with ``quote(..., safe="")``,
so ``/``, ``?``, ``#`` and ``%`` in an id stay inside its own path segment. What encoding
cannot stop is refused here: an empty id (``/calls/`` is another resource), the dot
segments ``.`` and ``..`` (URL normalisation resolves them, so ``call_id=".."`` would reach
the account itself), and whitespace or control characters, which no id of this API has.
"""

from __future__ import annotations

_DOT_SEGMENTS = frozenset({".", ".."})


def path_id(value: object, name: str) -> str:
    """``value`` as the text of one path segment; TypeError or ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    text = str(value)
    if not text:
        raise ValueError(f"{name} must not be empty")
    if text in _DOT_SEGMENTS:
        raise ValueError(f"{name} must not be {text!r}: it would address another resource")
    if not text.isprintable() or any(char.isspace() for char in text):
        raise ValueError(f"{name} must not contain whitespace or control characters: {text!r}")
    return text
