"""The public Python API of a generated client package, and what changed between two of them.

Read from the source with ``ast`` (nothing is imported): the api functions (module, name,
parameters with their annotations and defaults, return annotation) and the models (attrs
classes with their fields and types, enums with their members). Then: which modules of the
hand-written ``overlay/vbc_telephony/`` mention a changed module or class by name.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vbc_spec.errors import ProjectError

# item ("api.calls.list_calls.sync", "models.Call") -> member (parameter, field) -> signature
PublicApi = dict[str, dict[str, str]]
RETURNS = "->"


@dataclass(frozen=True)
class ApiChange:
    """One change in the generated package's public API."""

    kind: Literal["added", "removed", "changed"]
    item: str  # "api.calls.list_calls.sync" or "models.Call"
    member: str  # a parameter or field name, "->" for the return type, "" for the item itself
    detail: str

    @property
    def name(self) -> str:
        """The name overlay code would use for the item: its module or its class."""
        parts = self.item.split(".")
        return parts[-2] if parts[0] == "api" else parts[-1]


def public_api(package: Path) -> PublicApi:
    """The public API of the generated package in folder ``package``."""
    if not (package / "api").is_dir() or not (package / "models").is_dir():
        raise ProjectError(f"{package} is not a generated client package (no api/ and models/)")
    api: PublicApi = {}
    for source in sorted((package / "api").rglob("*.py")):
        if source.name.startswith("_"):
            continue
        module = ".".join(source.relative_to(package).with_suffix("").parts)
        for node in _parse(source).body:
            if isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef
            ) and not node.name.startswith("_"):
                api[f"{module}.{node.name}"] = _signature(node)
    for source in sorted((package / "models").glob("*.py")):
        for node in _parse(source).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                api[f"models.{node.name}"] = _members(node)
    return api


def diff_api(old: PublicApi, new: PublicApi) -> list[ApiChange]:
    """Items and members added, removed or changed from ``old`` to ``new``."""
    changes = [ApiChange("removed", item, "", "") for item in sorted(old.keys() - new.keys())]
    changes += [ApiChange("added", item, "", "") for item in sorted(new.keys() - old.keys())]
    for item in sorted(old.keys() & new.keys()):
        was, now = old[item], new[item]
        changes += [ApiChange("removed", item, m, was[m]) for m in was if m not in now]
        changes += [ApiChange("added", item, m, now[m]) for m in now if m not in was]
        changes += [
            ApiChange("changed", item, m, f"{was[m]} → {now[m]}")
            for m in was
            if m in now and was[m] != now[m]
        ]
    return changes


def references(sources: Path, names: set[str]) -> dict[str, list[str]]:
    """For each name, the modules under ``sources`` that mention it as a whole word."""
    found: dict[str, list[str]] = {}
    for source in sorted(sources.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for name in sorted(names):
            if re.search(rf"\b{re.escape(name)}\b", text):
                found.setdefault(name, []).append(source.relative_to(sources).as_posix())
    return found


def _parse(source: Path) -> ast.Module:
    try:
        return ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    except (OSError, SyntaxError, UnicodeDecodeError) as error:
        raise ProjectError(f"cannot read the generated module {source}: {error}") from error


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(args.kwonlyargs, args.kw_defaults, strict=True),
    ]
    members = {arg.arg: _annotation(arg.annotation, default) for arg, default in pairs}
    members[RETURNS] = _annotation(node.returns, None)
    return members


def _members(node: ast.ClassDef) -> dict[str, str]:
    is_enum = any(ast.unparse(base).endswith("Enum") for base in node.bases)
    members: dict[str, str] = {}
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            members[statement.target.id] = _annotation(statement.annotation, statement.value)
        elif is_enum and isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    members[target.id] = ast.unparse(statement.value)
    return members


def _annotation(annotation: ast.expr | None, default: ast.expr | None) -> str:
    text = ast.unparse(annotation) if annotation is not None else ""
    return f"{text} = {ast.unparse(default)}" if default is not None else text
