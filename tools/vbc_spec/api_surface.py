"""The public Python API of a package, read by griffe, and what changed between two versions.

The surface is what a user can reach by name, each thing under the path they reach it by:

- public modules (no ``_`` in their path) and, in each, its ``__all__`` (names it imports
  lazily through a module ``__getattr__`` included: griffe reads their ``TYPE_CHECKING``
  imports), or, without ``__all__``, the public names it defines;
- classes with their public members, inherited ones included;
- a name re-exported from a private module (``vbc_telephony.Telephony``, defined in
  ``_client``) is described where it is exported; one re-exported from another public module
  (``models.Call``) is an alias of the path it is defined at;
- what a public attribute holds when the package makes it: ``client.calls`` is an instance of
  ``Calls`` (its members are listed under ``Telephony.calls``), and ``Calls.list`` is a
  descriptor around a function (``list = ListMethod(_list)``: the function's signature is
  what a user calls).

:func:`surface` flattens it to JSON-ready entries (a release snapshot stores them), and
:func:`diff_surfaces` rebuilds griffe objects from two of them for
``griffe.find_breaking_changes``; what griffe leaves out it completes: additions (new names,
new optional parameters), changed annotations and values, and docstring-only changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import griffe

from vbc_spec.errors import ProjectError

# path -> entry: {"kind": ..., "doc": ..., "parameters": [[name, kind, annotation, default]],
# "returns": ..., "annotation": ..., "value": ..., "bases": [...], "target": ...}
Surface = dict[str, dict[str, Any]]
Kind = Literal["added", "removed", "changed"]
# What a change is worth: breaking (major), an addition (minor), documentation only (patch).
Weight = Literal["breaking", "addition", "docs"]


@dataclass(frozen=True)
class ApiChange:
    """One change to a package's public API."""

    kind: Kind
    path: str  # "vbc_telephony.Telephony.calls.list" or "vbc_telephony_api.models.call.Call"
    member: str  # a parameter name, "->" for the return value, "" for the object itself
    detail: str
    weight: Weight

    @property
    def breaking(self) -> bool:
        return self.weight == "breaking"

    @property
    def name(self) -> str:
        """The name code that uses it would spell: an api module, a model, or the last name."""
        parts = self.path.split(".")
        if "api" in parts[:2] and len(parts) > parts.index("api") + 2:
            return parts[parts.index("api") + 2]  # vbc_telephony_api.api.calls.list_calls…
        if "models" in parts[:2]:
            rest = parts[parts.index("models") + 1 :]  # models.call.Call… or models.Call
            return rest[1] if len(rest) > 1 else rest[0] if rest else "models"
        return parts[-1]

    @property
    def where(self) -> str:
        return f"{self.path}({self.member})" if self.member not in ("", RETURNS) else self.path


RETURNS = "->"


def load_surface(package: str, search_path: Path) -> Surface:
    """The surface of ``package`` as the sources under ``search_path`` define it."""
    if not (search_path / package / "__init__.py").is_file():
        raise ProjectError(f"{search_path} holds no package {package}")
    loader = griffe.GriffeLoader(search_paths=[str(search_path)], allow_inspection=False)
    try:
        module = loader.load(package)
    except (griffe.GriffeError, OSError, SyntaxError) as error:
        raise ProjectError(f"cannot read the package {package}: {error}") from error
    loader.resolve_aliases(implicit=False, external=False)
    if not isinstance(module, griffe.Module):
        raise ProjectError(f"{package} is not a package")
    return _Walker(module, loader.modules_collection).run()


class _Walker:
    def __init__(self, root: griffe.Module, modules: griffe.ModulesCollection) -> None:
        self.root = root
        self.modules = modules
        self.found: Surface = {}

    def run(self) -> Surface:
        self._visit(self.root.path, self.root, ())
        return dict(sorted(self.found.items()))

    def _visit(self, path: str, obj: griffe.Object | griffe.Alias, stack: tuple[str, ...]) -> None:
        target = _target(obj)
        if target is None:  # a re-export of something outside the package
            self.found[path] = {"kind": "alias", "target": getattr(obj, "target_path", "")}
            return
        if target.canonical_path != path and self._is_public_path(target):
            self.found[path] = {"kind": "alias", "target": target.canonical_path}
            return
        if target.canonical_path in stack:
            return
        stack = (*stack, target.canonical_path)
        if isinstance(target, griffe.Attribute):
            self._attribute(path, target, stack)
            return
        self.found[path] = _entry(target)
        if isinstance(target, griffe.Module):
            for name, member in self._module_members(target):
                self._visit(f"{path}.{name}", member, stack)
        elif isinstance(target, griffe.Class):
            for name, member in sorted(target.all_members.items()):
                if _public_member(name, member):
                    self._visit(f"{path}.{name}", member, stack)

    def _module_members(self, module: griffe.Module) -> Iterator[tuple[str, Any]]:
        exports = [str(name) for name in module.exports or ()]
        for name in exports or sorted(module.members):
            member = module.members.get(name)
            if member is None:  # exported lazily, with no import griffe can read
                self.found[f"{module.path}.{name}"] = {"kind": "export"}
            elif exports or member.is_public:
                yield name, member
        if exports:  # submodules are reached by import, whatever __all__ says
            for name, member in sorted(module.members.items()):
                submodule = not member.is_alias and member.is_module
                if submodule and name not in exports and not name.startswith("_"):
                    yield name, member

    def _attribute(self, path: str, attribute: griffe.Attribute, stack: tuple[str, ...]) -> None:
        made = self._made_by(attribute.value)
        if isinstance(made, griffe.Class):
            wrapped = self._wrapped_function(attribute.value)
            if wrapped is not None:  # name = Descriptor(function): the function is called
                self.found[path] = _entry(wrapped)
                return
            # An instance the package makes (client.calls): its class's members, here.
            self.found[path] = {"kind": "instance", "doc": _doc(made), "class": made.name}
            for name, member in sorted(made.all_members.items()):
                # Users get the instance; they do not construct it.
                if name != "__init__" and _public_member(name, member):
                    self._visit(f"{path}.{name}", member, stack)
            return
        self.found[path] = _entry(attribute)

    def _made_by(self, value: object) -> griffe.Object | None:
        if isinstance(value, griffe.ExprCall) and isinstance(value.function, griffe.ExprName):
            return self._resolve(value.function)
        return None

    def _wrapped_function(self, value: object) -> griffe.Function | None:
        assert isinstance(value, griffe.ExprCall)
        first = value.arguments[0] if value.arguments else None
        found = self._resolve(first) if isinstance(first, griffe.ExprName) else None
        return found if isinstance(found, griffe.Function) else None

    def _resolve(self, name: griffe.ExprName) -> griffe.Object | None:
        path = name.canonical_path
        if not path.startswith(f"{self.root.path}."):
            return None
        try:
            found = self.modules.get_member(path)
        except (KeyError, ValueError, griffe.AliasResolutionError):
            return None
        return _target(found)

    def _is_public_path(self, target: griffe.Object) -> bool:
        parts = target.canonical_path.split(".")
        if not target.canonical_path.startswith(self.root.path) or any(
            part.startswith("_") for part in parts
        ):
            return False
        parent = target.parent
        return isinstance(parent, griffe.Module) and target.is_public


def _target(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    if not isinstance(obj, griffe.Alias):
        return obj
    try:
        target = obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    return target if isinstance(target, griffe.Object) else None


def _public_member(name: str, member: griffe.Object | griffe.Alias) -> bool:
    if name == "__init__":
        return True
    return not name.startswith("_") and not (member.is_alias and member.is_imported)


def _doc(obj: griffe.Object) -> str:
    return obj.docstring.value if obj.docstring else ""


def _text(expr: object) -> str | None:
    return None if expr is None else str(expr)


def _entry(obj: griffe.Object) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": obj.kind.value}
    if _doc(obj):
        entry["doc"] = _doc(obj)
    if isinstance(obj, griffe.Function):
        entry["parameters"] = [
            [p.name, p.kind.value if p.kind else "", _text(p.annotation), _text(p.default)]
            for p in obj.parameters
            if p.name not in ("self", "cls")
        ]
        entry["returns"] = _text(obj.returns)
    elif isinstance(obj, griffe.Attribute):
        entry["annotation"] = _text(obj.annotation)
        entry["value"] = _text(obj.value)
    elif isinstance(obj, griffe.Class):
        entry["bases"] = [str(base) for base in obj.bases]
    return entry


# -- the diff --------------------------------------------------------------------------------


def diff_surfaces(old: Surface, new: Surface) -> list[ApiChange]:
    """What changed from ``old`` to ``new``: griffe's breakages, then what it leaves out."""
    changes = [_breakage(b) for b in griffe.find_breaking_changes(_tree(old), _tree(new))]
    reported = {(c.path, c.member) for c in changes}
    for path in sorted(new.keys() - old.keys()):
        if _parent(path) in new.keys() - old.keys():
            continue  # within something added: the addition says it
        changes.append(ApiChange("added", path, "", _describe(new[path]), "addition"))
    for path in sorted(old.keys() & new.keys()):
        for change in _entry_changes(path, old[path], new[path]):
            if (change.path, change.member) not in reported:
                changes.append(change)
    return sorted(changes, key=lambda c: (c.weight != "breaking", c.path, c.member))


def _tree(surface: Surface) -> griffe.Module:
    """The surface as griffe objects, each at its user-facing path, all public."""
    roots = {path for path in surface if "." not in path}
    if len(roots) != 1:
        raise ProjectError(f"a surface has one root package, not {sorted(roots)}")
    (root_name,) = roots
    root = griffe.Module(root_name)
    objects: dict[str, griffe.Object] = {root_name: root}
    for path in sorted(surface, key=lambda p: p.count(".")):
        if path == root_name or _parent(path) not in objects:
            continue
        entry = surface[path]
        name = path.rsplit(".", 1)[1]
        obj = _griffe_object(name, entry)
        obj.public = True
        parent = objects[_parent(path)]
        parent.set_member(name, obj)
        objects[path] = obj
    return root


def _griffe_object(name: str, entry: dict[str, Any]) -> griffe.Object:
    kind = entry["kind"]
    if kind == "module":
        return griffe.Module(name)
    if kind in ("class", "instance"):
        return griffe.Class(name)
    if kind == "function":
        parameters = griffe.Parameters(
            *(
                griffe.Parameter(
                    p_name,
                    kind=griffe.ParameterKind(p_kind) if p_kind else None,
                    annotation=annotation,
                    default=default,
                )
                for p_name, p_kind, annotation, default in entry["parameters"]
            )
        )
        return griffe.Function(name, parameters=parameters, returns=entry.get("returns"))
    return griffe.Attribute(name, value=entry.get("value"), annotation=entry.get("annotation"))


def _breakage(breakage: griffe.Breakage) -> ApiChange:
    path = breakage.obj.path
    old, new = breakage.old_value, breakage.new_value
    kind = breakage.kind
    if kind is griffe.BreakageKind.OBJECT_REMOVED:
        return ApiChange("removed", path, "", "", "breaking")
    if isinstance(old, griffe.Parameter) or isinstance(new, griffe.Parameter):
        member = (old or new).name
        what = {
            griffe.BreakageKind.PARAMETER_REMOVED: ("removed", "parameter removed"),
            griffe.BreakageKind.PARAMETER_ADDED_REQUIRED: ("added", "required parameter added"),
        }.get(kind, ("changed", kind.value.lower()))
        detail = what[1]
        if kind is griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT:
            detail = f"default: {old.default} → {new.default}"
        elif kind is griffe.BreakageKind.PARAMETER_CHANGED_KIND:
            detail = f"{old.kind.value} → {new.kind.value}"
        return ApiChange(what[0], path, member, detail, "breaking")  # type: ignore[arg-type]
    return ApiChange("changed", path, "", f"{kind.value.lower()}: {old} → {new}", "breaking")


def _entry_changes(path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[ApiChange]:
    """What griffe does not report: additions, annotations, values, docstrings."""
    if old["kind"] != new["kind"]:
        return  # griffe reports the change of kind
    if old.get("target") != new.get("target"):
        detail = f"now {new.get('target')} (was {old.get('target')})"
        yield ApiChange("changed", path, "", detail, "breaking")
    if old["kind"] == "function":
        was = {p[0]: p for p in old["parameters"]}
        for name, kind, annotation, default in new["parameters"]:
            if name not in was:
                if default is not None or kind in ("variadic positional", "variadic keyword"):
                    yield ApiChange("added", path, name, "optional parameter", "addition")
            elif annotation != was[name][2] and not _widens(was[name][2], annotation):
                detail = f"type: {was[name][2]} → {annotation}"
                yield ApiChange("changed", path, name, detail, "breaking")
        if old.get("returns") != new.get("returns") and not _widens(
            new.get("returns"), old.get("returns")
        ):
            detail = f"returns {new.get('returns')} (was {old.get('returns')})"
            yield ApiChange("changed", path, RETURNS, detail, "breaking")
    if old["kind"] == "attribute":
        if old.get("annotation") != new.get("annotation") and old.get("annotation"):
            detail = f"type: {old.get('annotation')} → {new.get('annotation')}"
            yield ApiChange("changed", path, "", detail, "breaking")
        elif old.get("value") != new.get("value"):
            detail = f"value: {old.get('value')} → {new.get('value')}"
            yield ApiChange("changed", path, "", detail, "breaking")
    if old.get("doc", "") != new.get("doc", ""):
        yield ApiChange("changed", path, "", "documentation", "docs")


def _widens(narrow: str | None, wide: str | None) -> bool:
    """Whether the union ``wide`` has every member of the union ``narrow`` (and more)."""
    if narrow is None or wide is None:
        return False
    members = re.compile(r"\s*\|\s*")
    return set(members.split(narrow)) < set(members.split(wide))


def _parent(path: str) -> str:
    return path.rsplit(".", 1)[0]


def _describe(entry: dict[str, Any]) -> str:
    kind = str(entry["kind"])
    return {"instance": "attribute", "export": "name"}.get(kind, kind)
