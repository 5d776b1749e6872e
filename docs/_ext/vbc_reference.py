"""The API reference, read from the installed package: every public name, grouped by what it is.

A *public module* is ``vbc_telephony`` or one of its modules whose dotted path has no part
starting with ``_``. Its public names are its ``__all__`` (lazy exports included), or, without
one, what it defines under a name without a leading underscore. Each object is documented once,
under the public module that holds it most closely (the longest public prefix of its
``__module__``), so a re-export does not document it twice. The resource classes behind
``client.calls``, ``client.legs`` and ``client.devices`` are documented too, though users only
reach them through a client.

A page says ``{vbc-reference} GROUP`` and gets every object of that group, in the order of the
modules' exports; ``GROUPS`` below decides, for each object, the first group that claims it, and
``rest`` collects whatever no group claims. So a new public name appears in the reference without
editing a page, and ``tests/docs/test_site.py`` checks that every one did.
"""

from __future__ import annotations

import collections
import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles
from sphinx.util.typing import stringify_annotation

ROOT_PACKAGE = "vbc_telephony"


@dataclass(frozen=True)
class Documented:
    """One object of the reference: where users import it from, and what it is."""

    home: str  # the dotted name it is documented under
    obj: Any
    exported_as: tuple[str, ...]  # every public dotted name that reaches it

    @property
    def module(self) -> str:
        return self.home.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.home.rpartition(".")[2]


def _is_public(dotted: str) -> bool:
    return not any(part.startswith("_") for part in dotted.split("."))


def public_modules() -> list[ModuleType]:
    """``vbc_telephony`` and its public modules, parents before children."""
    root = importlib.import_module(ROOT_PACKAGE)
    found = [root]
    queue = [root]
    while queue:
        package = queue.pop(0)
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if not _is_public(info.name):
                continue
            module = importlib.import_module(info.name)
            found.append(module)
            if info.ispkg:
                queue.append(module)
    return found


def _is_fixture(obj: object) -> bool:
    return type(obj).__name__ == "FixtureFunctionDefinition"


def public_names(module: ModuleType) -> list[str]:
    """The names ``module`` offers its users."""
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return list(exported)
    names = []
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, ModuleType | typing.TypeVar):
            continue
        defined_here = getattr(value, "__module__", None) == module.__name__
        if defined_here or _is_fixture(value):
            names.append(name)
    return names


def _resource_classes() -> list[type]:
    from vbc_telephony._resource import Resource

    found: list[type] = []
    queue = list(Resource.__subclasses__())
    while queue:
        cls = queue.pop(0)
        if cls not in found:
            found.append(cls)
            queue.extend(cls.__subclasses__())
    return found


def _home_module(obj: object, exporters: list[str]) -> str:
    """The public module ``obj`` is documented under: of those exporting it, the one that is the
    longest prefix of where it is defined, else the first."""
    defined_in = getattr(obj, "__module__", None) or ""
    holding = [m for m in exporters if defined_in == m or defined_in.startswith(m + ".")]
    return max(holding, key=len) if holding else exporters[0]


def documented() -> list[Documented]:
    """Every object of the reference, each once, in the order the modules export them."""
    exporters: dict[int, list[str]] = {}
    objects: dict[int, tuple[Any, str]] = {}
    for module in public_modules():
        for name in public_names(module):
            obj = getattr(module, name)
            exporters.setdefault(id(obj), []).append(module.__name__)
            objects.setdefault(id(obj), (obj, name))
    entries = []
    for key, (obj, name) in objects.items():
        modules = exporters[key]
        home = f"{_home_module(obj, modules)}.{name}"
        entries.append(Documented(home, obj, tuple(f"{m}.{name}" for m in modules)))
    for cls in _resource_classes():
        entries.append(Documented(f"{cls.__module__}.{cls.__qualname__}", cls, ()))
    return entries


# Groups: (name, claims). The first group whose test accepts an object documents it.


def _subclass_of(*bases: type) -> Callable[[Documented], bool]:
    return lambda entry: isinstance(entry.obj, type) and issubclass(entry.obj, bases)


def _under(*parts: str) -> Callable[[Documented], bool]:
    """Defined in a module with one of these dotted parts (``sandbox``, ``_sandbox``…)."""

    def claims(entry: Documented) -> bool:
        where = entry.module.split(".")
        if isinstance(entry.obj, type) or inspect.isfunction(entry.obj):
            where += entry.obj.__module__.split(".")  # an instance's would be its class's
        return any(part in where for part in parts)

    return claims


def _groups() -> list[tuple[str, Callable[[Documented], bool]]]:
    import vbc_telephony as vbc
    from vbc_telephony._client import _Resources
    from vbc_telephony._models import _View
    from vbc_telephony._resource import Resource

    return [
        ("fixtures", lambda entry: _is_fixture(entry.obj) or _under("pytest_plugin")(entry)),
        ("sandbox", _under("sandbox")),
        ("mock", _under("mock")),
        ("proxy", _under("proxy")),
        ("cli", _under("cli")),
        ("clients", _subclass_of(_Resources)),
        ("resources", _subclass_of(Resource)),
        ("watching", _under("_watch", "_watch_events")),
        ("views", lambda entry: _subclass_of(_View)(entry) or entry.obj is vbc.Contact),
        ("auth", lambda entry: _subclass_of(httpx.Auth)(entry) or _under("_auth")(entry)),
        ("errors", _subclass_of(vbc.VBCError)),
        ("responses", _under("_pagination", "_page", "_response")),
        ("transports", _subclass_of(httpx.BaseTransport, httpx.AsyncBaseTransport)),
    ]


def group_of(entry: Documented) -> str:
    for name, claims in _groups():
        if claims(entry):
            return name
    return "rest"


def groups() -> list[str]:
    return [name for name, _ in _groups()] + ["rest"]


# Rendering, as reStructuredText for autodoc and the Python domain.


def _qualify(annotation: object, homes: dict[str, str]) -> str:
    """``annotation`` as text, each of our types under the name it is documented by."""
    text = stringify_annotation(annotation, "fully-qualified-except-typing")
    text = text.replace("collections.abc.", "")  # as the code spells them
    return re.sub(r"vbc_telephony(?:\.\w+)+", lambda match: homes.get(match[0], match[0]), text)


def _doc_lines(obj: object) -> list[str]:
    return inspect.cleandoc(inspect.getdoc(obj) or "").splitlines()


def _indented(lines: list[str], by: str = "   ") -> list[str]:
    return [by + line if line else "" for line in lines]


def _parameter(parameter: inspect.Parameter, hints: dict[str, Any], homes: dict[str, str]) -> str:
    text = f"{parameter.name}: {_qualify(hints[parameter.name], homes)}"
    if parameter.default is not inspect.Parameter.empty:
        text += f" = {parameter.default!r}"
    return text


def _resource_method(name: str, method: object, homes: dict[str, str]) -> list[str]:
    """A resource method: the builder's signature, as ``Telephony`` takes it and with what it
    returns there."""
    from vbc_telephony._resource import ListMethod
    from vbc_telephony._watch import WatchMethod

    build = method._build  # type: ignore[attr-defined]
    hints = typing.get_type_hints(build)
    parameters = []
    for parameter in inspect.signature(build).parameters.values():
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and "*" not in parameters:
            parameters.append("*")
        parameters.append(_parameter(parameter, hints, homes))
    if isinstance(method, WatchMethod):
        returns = "vbc_telephony.CallWatch"  # it builds a Watch, which the session iterates
    else:
        (result,) = typing.get_args(hints["return"])  # Request[T], Listing[T] or Wait[T]
        returns = _qualify(result, homes)
    if isinstance(method, ListMethod):
        returns = f"vbc_telephony.SyncPaginator[{returns}]"
    signature = f"{name}({', '.join(parameters)}) -> {returns}"
    return [f".. py:method:: {signature}", "", *_indented(_doc_lines(build)), ""]


def _resource(entry: Documented, homes: dict[str, str]) -> list[str]:
    from vbc_telephony._resource import Descriptor

    cls = entry.obj
    lines = [
        f".. py:class:: {entry.name}",
        "",
        *_indented(_doc_lines(cls)),
        "",
        "   On ``AsyncTelephony`` each method is awaited, except that a listing is an"
        " ``AsyncPaginator`` and a watch an ``AsyncCallWatch`` (both read with ``async for``);"
        " under ``client.with_raw_response`` a method that sends one request returns a"
        " ``RawResponse`` of its result.",
        "",
    ]
    for name, member in vars(cls).items():
        if isinstance(member, Descriptor):
            lines += _indented(_resource_method(name, member, homes))
    return lines


def _client_attributes(cls: type, homes: dict[str, str]) -> list[str]:
    """The resources a client class declares (``calls: Calls[S]``), as attributes."""
    from vbc_telephony._resource import Resource

    lines: list[str] = []
    for name, hint in typing.get_type_hints(cls).items():
        origin = typing.get_origin(hint) or hint
        if isinstance(origin, type) and issubclass(origin, Resource):
            lines += [
                f".. py:attribute:: {name}",
                f"   :type: {homes[f'{origin.__module__}.{origin.__qualname__}']}",
                "",
                *_indented(_doc_lines(origin)),
                "",
            ]
    return lines


def _fixture(entry: Documented, homes: dict[str, str]) -> list[str]:
    function = entry.obj._get_wrapped_function()
    scope = entry.obj._fixture_function_marker.scope
    # Its annotation names types imported for type checking only: read it as text.
    returns = str(inspect.get_annotations(function)["return"])
    returns = re.sub(
        r"^(?:typing\.|collections\.abc\.)?(?:Iterator|Generator)\[(\w+).*\]$", r"\1", returns
    )
    by_name = {home.rpartition(".")[2]: home for home in homes.values()}
    return [
        f".. py:data:: {entry.name}",
        f"   :type: {by_name.get(returns, returns)}",
        "",
        f"   A pytest fixture (scope: ``{scope}``): ask for it by this name as an argument of a"
        " test function.",
        "",
        *_indented(_doc_lines(function)),
        "",
    ]


def render(entry: Documented, homes: dict[str, str]) -> list[str]:
    """The reStructuredText that documents ``entry``."""
    from vbc_telephony._resource import Resource

    obj = entry.obj
    if _is_fixture(obj):
        return _fixture(entry, homes)
    if isinstance(obj, type) and issubclass(obj, Resource):
        return _resource(entry, homes)
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return [f".. autoexception:: {entry.home}", "   :members:", ""]
    if isinstance(obj, type):
        return [
            f".. autoclass:: {entry.home}",
            "   :members:",
            "   :undoc-members:",
            # What our own bases give (a client's resources, a sandbox's client()), not httpx's.
            "   :inherited-members: BaseTransport, AsyncBaseTransport, Auth, BaseException",
            "",
            *_indented(_client_attributes(obj, homes)),
        ]
    if inspect.isfunction(obj):
        return [f".. autofunction:: {entry.home}", ""]
    return [
        f".. py:data:: {entry.name}",
        f"   :type: {_qualify(type(obj), homes)}",
        "",
        *_indented(_attribute_doc(entry)),
        "",
    ]


def _attribute_doc(entry: Documented) -> list[str]:
    """The ``#:`` comment above the assignment of an object that has no docstring of its own
    (an application object, say), found in the module that exports it or one under it."""
    import sys

    from sphinx.pycode import ModuleAnalyzer

    for exporter in entry.exported_as:
        package = exporter.rpartition(".")[0]
        for module in sorted(m for m in sys.modules if m == package or m.startswith(package + ".")):
            docs = ModuleAnalyzer.for_module(module).find_attr_docs()
            if ("", entry.name) in docs:
                return list(docs["", entry.name])
    raise ValueError(f"{entry.home} has no docstring: give it a #: comment where it is assigned")


def _also(entry: Documented) -> list[str]:
    others = [name for name in entry.exported_as if name != entry.home]
    if not others:
        return []
    names = ", ".join(f"``{name}``" for name in others)
    return [f"   Also importable as {names}.", ""]


class ReferenceDirective(SphinxDirective):
    """``{vbc-reference} GROUP``: every object of the group, each under its own heading."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        group = self.arguments[0]
        if group not in groups():
            raise self.error(f"no reference group {group!r}; the groups are {groups()}")
        entries = documented()
        homes = {}
        for entry in entries:
            obj = entry.obj
            defined = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
            homes[defined] = entry.home
            for name in entry.exported_as:
                homes[name] = entry.home
        mine = [entry for entry in entries if group_of(entry) == group]
        counts = collections.Counter(entry.name for entry in entries)
        lines: list[str] = []
        if not mine:
            lines = ["Every public name is documented on the other pages of this reference.", ""]
        for entry in mine:
            # A name several modules define (``serve``) is titled with its module: a title is
            # also a label, and labels are unique across the site.
            shown = (
                entry.home.removeprefix(ROOT_PACKAGE + ".")
                if counts[entry.name] > 1
                else entry.name
            )
            title = f"``{shown}``"
            lines += [title, "-" * len(title), "", f".. py:currentmodule:: {entry.module}", ""]
            lines += render(entry, homes)
            lines += [line.removeprefix("   ") for line in _also(entry)]
        content = StringList(lines, source=f"<vbc-reference {group}>")
        section = nodes.section()
        section.document = self.state.document
        nested_parse_with_titles(self.state, content, section)
        return list(section.children)


class CLIReferenceDirective(SphinxDirective):
    """``{vbc-cli-reference}``: every command and option of ``vbc``, as typer documents them
    (its ``typer … utils docs``), from the installed command: never out of date."""

    def run(self) -> list[nodes.Node]:
        import typer.main
        from typer.cli import get_docs_for_click

        from vbc_telephony.cli import app

        command = typer.main.get_command(app)
        context = typer.Context(command, info_name="vbc")
        # Headings from level 2 (the page has the title); MyST parses what typer writes.
        text = get_docs_for_click(obj=command, ctx=context, name="vbc", indent=1)
        content = StringList(text.splitlines(), source="<vbc-cli-reference>")
        section = nodes.section()
        section.document = self.state.document
        nested_parse_with_titles(self.state, content, section)
        return list(section.children)


def _resource_attributes() -> set[str]:
    """The names under which the clients declare their resources (``calls``…)."""
    from vbc_telephony._client import _Resources

    return set(typing.get_type_hints(_Resources))


def _skip_resource_attributes(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: object
) -> bool | None:
    # ``_client_attributes`` documents them, with the resource's docstring and its plain type.
    if what == "class" and name in _resource_attributes() and not callable(obj):
        return True
    return None


def _types_in(hint: object) -> Iterator[object]:
    yield typing.get_origin(hint) or hint
    for argument in typing.get_args(hint):
        yield from _types_in(argument)


def _hide_private_constructors(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    # A class whose constructor takes types users cannot import (a session, a listing) is
    # made by the client, never by its users: its page shows no constructor to call.
    if what != "class" or not isinstance(obj, type):
        return None
    public = {id(entry.obj) for entry in documented()}
    try:
        hints = typing.get_type_hints(obj.__init__)
    except NameError:  # an annotation imported for type checking only: not a public type
        return "", return_annotation
    for hint in hints.values():
        for found in _types_in(hint):
            ours = getattr(found, "__module__", "").startswith(ROOT_PACKAGE)
            if ours and isinstance(found, type) and id(found) not in public:
                return "", return_annotation
    return None


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("vbc-reference", ReferenceDirective)
    app.add_directive("vbc-cli-reference", CLIReferenceDirective)
    app.connect("autodoc-skip-member", _skip_resource_attributes)
    app.connect("autodoc-process-signature", _hide_private_constructors)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
