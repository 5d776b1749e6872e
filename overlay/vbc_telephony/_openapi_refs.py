"""Local ``$ref``s in an OpenAPI document: what each points at, by JSON Pointer.

The one resolver of the package and of the checkout's tools (the sandbox's spec reader, the
vendor diff, the tests). The pointer itself is read by ``referencing`` (the library under
jsonschema): percent-decoding of the URI fragment, then RFC 6901's ``~1`` → ``/`` and
``~0`` → ``~`` per token. Only references into the same document (``#/…``) are followed:
nothing here fetches a file or a URL, so any other ``$ref`` is :class:`UnresolvableRef`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from referencing import Registry, Resource
from referencing.exceptions import Unresolvable


class UnresolvableRef(LookupError):
    """A ``$ref`` that points nowhere in the document, out of it, or round in a circle."""


def lookup(document: Mapping[str, Any], ref: str) -> Any:  # noqa: ANN401 - any YAML node
    """The node the local reference ``ref`` (``#/components/schemas/Call``) points at."""
    return _reader(document)(ref)


def follow(document: Mapping[str, Any], node: Any) -> Any:  # noqa: ANN401 - any YAML node
    """``node``, or, when it is a ``{"$ref": …}``, the node its chain of references ends at."""
    read = _reader(document)
    seen: list[str] = []
    while isinstance(node, Mapping) and "$ref" in node:
        ref = _ref(node)
        if ref in seen:
            raise UnresolvableRef(f"$ref {ref!r} refers to itself: {' → '.join([*seen, ref])}")
        seen.append(ref)
        node = read(ref)
    return node


def inline(document: Mapping[str, Any], node: Any) -> Any:  # noqa: ANN401 - any YAML node
    """A copy of ``node`` with every local ``$ref`` in it replaced by what it points at.

    A schema that contains itself cannot be written out: its ``$ref`` is
    :class:`UnresolvableRef`, naming the cycle.
    """
    read = _reader(document)

    def copy(node: Any, refs: tuple[str, ...]) -> Any:  # noqa: ANN401 - any YAML node
        if isinstance(node, Mapping):
            if "$ref" in node:
                ref = _ref(node)
                if ref in refs:
                    cycle = " → ".join([*refs[refs.index(ref) :], ref])
                    raise UnresolvableRef(f"$ref {ref!r} contains itself: {cycle}")
                return copy(read(ref), (*refs, ref))
            return {key: copy(value, refs) for key, value in node.items()}
        if isinstance(node, list):
            return [copy(item, refs) for item in node]
        return node

    return copy(node, ())


def ref_name(ref: str) -> str:
    """The last token of a reference, unescaped: ``Call`` for ``#/components/schemas/Call``."""
    return unquote(ref.rsplit("/", 1)[-1]).replace("~1", "/").replace("~0", "~")


def _reader(document: Mapping[str, Any]) -> Callable[[str], Any]:
    """What each local reference into ``document`` points at."""
    # An opaque resource: the document is not a JSON Schema, so no `$id` or anchor in it
    # changes what a pointer means.
    resource: Resource[Any] = Resource.opaque(document)
    resolver = Registry().with_resource("", resource).resolver()

    def read(ref: str) -> Any:  # noqa: ANN401 - any YAML node
        if not ref.startswith("#"):
            raise UnresolvableRef(f"$ref {ref!r} is not a reference into this document (#/…)")
        try:
            return resolver.lookup(ref).contents
        # referencing raises ValueError for a token that is no index into a list (or a string).
        except (Unresolvable, ValueError, TypeError) as error:
            raise UnresolvableRef(f"$ref {ref!r} points at nothing in the document") from error

    return read


def _ref(node: Mapping[str, Any]) -> str:
    ref = node["$ref"]
    if not isinstance(ref, str):
        raise UnresolvableRef(f"$ref {ref!r} is not a string")
    return ref
