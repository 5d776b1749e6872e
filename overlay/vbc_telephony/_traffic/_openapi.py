"""What the traffic tools take from the bundled spec and the sandbox's reader of it.

The one module that says where those live: the spec's path in the installed package, the
parsed document, each operation with its parameters, OpenAPI schemas as JSON Schema (every
``$ref`` resolved), and the sandbox's compiled request validator with its refusal.
"""

from __future__ import annotations

from ..testing._sandbox._errors import Refused
from ..testing._sandbox._spec import load, operations, resolve, to_json_schema
from ..testing._sandbox._validation import RequestValidator, compile_schema
from ..testing._spec import bundled_spec

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
