"""The code blocks of the docs (``docs/**/*.md`` and ``README.md``), and how each is run.

A page runs from top to bottom against the sandbox (docs/about.md tells readers the rules):

- a Python block runs in the page's namespace, as written for production: requests to the
  vendor's host go to the sandbox (``routed_to_sandbox``), and the credentials the block reads
  from the environment are the sandbox's (``sandbox_environment``);
- a Python block whose first line names a file (``# myapp/dialer.py``) is written into a new
  project, and the project's tests run by pytest once the page has run;
- a shell block (``console`` with ``$`` prompts, or ``sh``) runs in bash with the same
  environment; ``make`` is dry-run (``make -n``), ``pip install`` checks the extras it names,
  and ``export`` of a placeholder (``VAR=…``) keeps the sandbox's value;
- a block whose first line is ``# live API: <reason>`` is not run (a Python one must still
  compile).

Whatever a block raises or a command exits with fails the page's test, naming the block.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from markdown_it import MarkdownIt

from vbc_telephony.testing import Sandbox

ROOT = Path(__file__).resolve().parents[1]
PYTHON = frozenset({"python", "py"})
SHELL = frozenset({"console", "sh", "bash", "shell"})
# What a block may be written in besides those (not run): the fence must say which.
OTHER = frozenset({"text", "yaml", "toml", "json", "ini"})
LIVE = re.compile(r"# live API: (?P<reason>\S.*)")
FILE = re.compile(r"# (?P<path>[\w./-]+\.py)\b")
VENDOR_HOST = "api.vonage.com"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
PLACEHOLDER = "…"


def pages() -> list[Path]:
    """Every page whose examples must run: the docs' Markdown and the README."""
    docs = sorted(path for path in (ROOT / "docs").rglob("*.md") if "_build" not in path.parts)
    return [*docs, ROOT / "README.md"]


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, from 1
    language: str
    code: str

    @property
    def where(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page
        return f"{page}:{self.line}"

    @property
    def _first_line(self) -> str:
        return self.code.split("\n", 1)[0].strip()

    @property
    def live_reason(self) -> str | None:
        match = LIVE.fullmatch(self._first_line)
        return match["reason"] if match else None

    @property
    def file_path(self) -> str | None:
        match = FILE.match(self._first_line) if self.language in PYTHON else None
        return match["path"] if match else None


class UnrunnableBlock(Exception):
    """A block the runner cannot run and that is not marked as needing the live API."""


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of ``page``; MyST directives (```` ```{name} ````) are not code."""
    found = []
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    for token in tokens:
        if token.type != "fence":
            continue
        language = token.info.split()[0] if token.info.strip() else ""
        if language.startswith("{"):
            continue
        assert token.map is not None
        block = Block(page, token.map[0] + 1, language, token.content)
        if language not in PYTHON | SHELL | OTHER:
            raise UnrunnableBlock(
                f"{block.where}: a code block must name its language"
                f" ({', '.join(sorted(PYTHON | SHELL | OTHER))}), not {language!r}"
            )
        found.append(block)
    return found


# Python blocks.


@contextlib.contextmanager
def routed_to_sandbox(server_url: str) -> Iterator[None]:
    """Every request httpx sends to the vendor's host goes to ``server_url`` instead (the
    sandbox serves the API and ``/token`` where the live service does); a request to any other
    host than loopback fails, so no example can reach the network."""
    target = httpx.URL(server_url)
    originals = httpx.Client._send_single_request, httpx.AsyncClient._send_single_request

    def reroute(request: httpx.Request) -> None:
        if request.url.host == VENDOR_HOST:
            request.url = request.url.copy_with(
                scheme=target.scheme, host=target.host, port=target.port
            )
            request.headers["Host"] = target.netloc.decode()
        if request.url.host not in LOOPBACK:
            raise AssertionError(f"an example sent a request to {request.url.host}")

    def send(self: httpx.Client, request: httpx.Request) -> httpx.Response:
        reroute(request)
        return originals[0](self, request)

    async def send_async(self: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        reroute(request)
        return await originals[1](self, request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.Client, "_send_single_request", send)
        patch.setattr(httpx.AsyncClient, "_send_single_request", send_async)
        yield


def sandbox_environment(sandbox: Sandbox) -> dict[str, str]:
    """What the examples read from the environment, pointing at ``sandbox``."""
    credentials = sandbox.credentials
    return {
        "VBC_BASE_URL": sandbox.base_url,
        "VBC_TOKEN_URL": sandbox.token_url,
        "VBC_TOKEN": sandbox.static_token,
        "VBC_USERNAME": credentials["username"],
        "VBC_PASSWORD": credentials["password"],
        "VBC_CLIENT_ID": credentials["client_id"],
        "VBC_CLIENT_SECRET": credentials["client_secret"],
    }


@contextlib.contextmanager
def logging_restored() -> Iterator[None]:
    """Logging as it was before the page (an example may turn on the package's logger)."""
    manager = logging.root.manager
    levels = {
        name: logger.level
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    root = logging.root.level, list(logging.root.handlers)
    try:
        yield
    finally:
        for name, logger in list(manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))
        logging.root.setLevel(root[0])
        logging.root.handlers[:] = root[1]


def run_python(block: Block, namespace: dict[str, object]) -> None:
    code = compile(block.code, block.where, "exec")
    try:
        exec(code, namespace)
    except Exception as exc:
        raise AssertionError(f"{block.where}: the example raised {exc!r}") from exc


# Shell blocks.

# Run before every shell block: the stand-ins that check rather than run, and strict mode.
_PRELUDE = r"""
set -euo pipefail
make() { command make --no-print-directory -n -C "$DOCS_REPO" "$@" > /dev/null; }
pip() { "$DOCS_PYTHON" "$DOCS_CHECK_PIP" "$DOCS_REPO" "$@"; }
export() {
    local assignment
    for assignment in "$@"; do
        case "$assignment" in *=…) ;; *) builtin export "$assignment" ;; esac
    done
}
"""

_CHECK_PIP = r'''
"""pip install ARGS: every requirement is this project, with extras it declares."""
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

repo = Path(sys.argv[1])
args = sys.argv[2:]
if args[:1] != ["install"]:
    sys.exit(f"the docs run only `pip install`, not {args!r}")
project = tomllib.loads((repo / "pyproject.toml").read_text())["project"]
extras = set(project["optional-dependencies"])
for arg in args[1:]:
    if arg.startswith("-"):
        continue
    name = project["name"] + arg[1:] if arg.startswith(".") else arg
    requirement = Requirement(name)
    if requirement.name != project["name"]:
        sys.exit(f"the docs install only {project['name']}, not {arg}")
    unknown = requirement.extras - extras
    if unknown:
        sys.exit(f"{arg}: no such extra {sorted(unknown)}; the extras: {sorted(extras)}")
'''


def shell_script(block: Block) -> str:
    """The commands of ``block``: after each ``$`` prompt (with its ``\\`` continuations) in a
    console block, every line of an ``sh`` block."""
    if block.language != "console":
        return block.code
    commands: list[str] = []
    continued = False
    for line in block.code.splitlines():
        if continued:
            commands[-1] += "\n" + line
        elif line.startswith("$ "):
            commands.append(line[2:])
        else:
            continue  # a command's output, or a comment
        continued = line.endswith("\\")
    return "\n".join(commands) + "\n"


def run_shell(block: Block, environment: dict[str, str], cwd: Path) -> None:
    check_pip = cwd / "check_pip.py"
    check_pip.write_text(_CHECK_PIP, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VBC_", "MAKE"))}
    env |= environment
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        "DOCS_REPO": str(ROOT),
        "DOCS_PYTHON": sys.executable,
        "DOCS_CHECK_PIP": str(check_pip),
    }
    script = _PRELUDE + shell_script(block)
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{block.where}: the commands exited {result.returncode}\n"
            f"--- commands\n{shell_script(block)}--- stdout\n{result.stdout[-3000:]}"
            f"--- stderr\n{result.stderr[-3000:]}"
        )


# A page.


def run_page(page: Path, sandbox: Sandbox, pytester: pytest.Pytester, workdir: Path) -> list[Block]:
    """Run every block of ``page`` against ``sandbox``; the blocks that were not run (live)."""
    environment = sandbox_environment(sandbox)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    skipped = []
    project_tests = []
    with (
        routed_to_sandbox(sandbox.server_url),
        logging_restored(),
        pytest.MonkeyPatch.context() as patch,
    ):
        for key in [key for key in os.environ if key.startswith("VBC_")]:
            patch.delenv(key)
        for key, value in environment.items():
            patch.setenv(key, value)
        for block in blocks(page):
            if block.language not in PYTHON | SHELL:
                continue
            if block.live_reason is not None:
                if block.language in PYTHON:
                    compile(block.code, block.where, "exec")
                skipped.append(block)
            elif block.file_path is not None:
                path = pytester.path / block.file_path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(block.code, encoding="utf-8")
                if Path(block.file_path).name.startswith("test_"):
                    project_tests.append(block)
            elif block.language in PYTHON:
                run_python(block, namespace)
            else:
                run_shell(block, environment, workdir)
    if project_tests:
        pytester.syspathinsert()
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:xdist")
        outcomes = result.parseoutcomes()
        where = ", ".join(block.where for block in project_tests)
        output = result.stdout.str()[-4000:]
        assert result.ret == 0, f"the tests of {where} did not pass:\n{output}"
        assert outcomes.get("passed", 0) > 0, f"the tests of {where} ran nothing:\n{output}"
    return skipped
