"""What the traffic tools take from the bundled spec and the sandbox's reader of it.

The one module that says where those live: the spec's path in the installed package, the
parsed document, each operation with its parameters, OpenAPI schemas as JSON Schema (every
``$ref`` resolved), and the sandbox's compiled request validator with its refusal.
"""

from __future__ import annotations

from .._local_servers import bundled_spec
from ..sandbox._domain.refusals import Refused
from ..sandbox._http.openapi import load, operations, resolve, to_json_schema
from ..sandbox._http.validation import RequestValidator, compile_schema

__all__ = [
    "Refused",
    "RequestValidator",
    "bundled_spec",
    "compile_schema",
    "load",
    "operations",
    "resolve",
    "to_json_schema",
]
