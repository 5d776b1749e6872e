"""Try a new vendor file: diff it, check the overlay against it, rebuild the client aside.

Everything happens in a temporary folder; the project is written only when asked to accept,
and only when the overlay still applies (no action's target is gone, so ``make spec`` works).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Literal

from vbc_spec import build
from vbc_spec.api_surface import ApiChange, diff_surfaces, load_surface
from vbc_spec.errors import ProjectError, SpecToolError
from vbc_spec.health import UNHEALTHY, Health, check_overlay
from vbc_spec.overlay import Overlay
from vbc_spec.project import (
    GENERATE_SCRIPT,
    GENERATED,
    OVERLAY_SOURCES,
    VENDOR,
    Project,
    parse_yaml,
    read_yaml,
)
from vbc_spec.release import BUMPS, Bump, api_bump, next_version, project_version, spec_bump
from vbc_spec.vendor_diff import Change, diff_vendor
from vbc_telephony._traffic._recordings import RecordingsVerdict, check_recordings

FailOn = Literal["breaking", "never"]
# Recordings of real traffic (``vbc proxy --record``), judged against every new spec.
RECORDINGS = Path("spec/recordings")
_GENERATE_TIMEOUT = 300  # seconds; the generator and ruff take a few on this project


@dataclass(frozen=True)
class ClientImpact:
    """What the new file does to the generated package, and where the overlay uses it."""

    api: list[ApiChange] = field(default_factory=list)
    references: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class UpdateReport:
    """Everything ``update`` (make vendor-update) found out about a new vendor file."""

    old_path: str
    new_path: str
    old_version: str | None
    new_version: str | None
    package_version: str  # pyproject.toml's, which the bump applies to
    no_change: bool
    vendor_changes: list[Change]
    health: list[Health]
    client: ClientImpact | None
    accepted: bool = False
    accept_refused: str | None = None
    recorded_traffic: RecordingsVerdict | None = None

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.vendor_changes if change.breaking]

    @property
    def unhealthy(self) -> list[Health]:
        return [h for h in self.health if h.status in UNHEALTHY]

    @property
    def bump(self) -> Bump:
        """The version bump a release with only this vendor file would need."""
        levels = [spec_bump(change) for change in self.vendor_changes]
        if self.client is not None:
            levels += [api_bump(change) for change in self.client.api]
        return max(levels, key=BUMPS.index, default="none")

    def failed(self, fail_on: FailOn) -> bool:
        """Whether the command should exit 1."""
        if self.accept_refused:
            return True
        return fail_on == "breaking" and bool(self.breaking or self.unhealthy)


def vendor_update(project: Project, new_vendor: Path, *, accept: bool = False) -> UpdateReport:
    """Report what ``new_vendor`` changes; with ``accept``, take it into ``project``."""
    old_path = project.path(VENDOR)
    try:
        new_bytes = new_vendor.read_bytes()
        new = parse_yaml(new_bytes.decode("utf-8"), str(new_vendor))
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"cannot read the new vendor file {new_vendor}: {error}") from error
    old = read_yaml(old_path)
    version = project_version(project)
    if not isinstance(new, dict) or "paths" not in new:
        raise ProjectError(f"{new_vendor} is not an OpenAPI document (no `paths`)")
    overlay = build.read_overlay(project)
    report = partial(
        UpdateReport,
        old_path=str(VENDOR),
        new_path=str(new_vendor),
        old_version=_version(old),
        new_version=_version(new),
        package_version=version,
    )
    if old == new:
        return report(no_change=True, vendor_changes=[], health=[], client=None)
    health = check_overlay(old, new, overlay)
    with tempfile.TemporaryDirectory(prefix="vbc-spec-") as scratch:
        client, built, package = _rebuild(project, new, overlay, Path(scratch))
        traffic = None
        if built is not None:
            traffic = check_recordings(Path(scratch) / "openapi.yaml", project.path(RECORDINGS))
        found = report(
            no_change=False,
            vendor_changes=diff_vendor(old, new),
            health=health,
            client=client,
            recorded_traffic=traffic,
        )
        if not accept:
            return found
        refused = _why_not_accept(found)
        if refused or built is None or package is None:
            return replace(found, accept_refused=refused or "the client could not be rebuilt")
        old_path.write_bytes(new_bytes)
        build.write(project, build.build(new, overlay))
        target = project.path(GENERATED)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(package, target)
        return replace(found, accepted=True)


def _rebuild(
    project: Project, new: dict[str, Any], overlay: Overlay, scratch: Path
) -> tuple[ClientImpact, build.Built | None, Path | None]:
    """Build openapi.yaml and the client from ``new`` in ``scratch``; diff the public API."""
    try:
        built = build.build(new, overlay, strict=False)
    except SpecToolError as error:
        return ClientImpact(error=f"the overlay does not apply: {error}"), None, None
    spec = scratch / "openapi.yaml"
    spec.write_text(built.spec, encoding="utf-8")
    package = scratch / "generated" / GENERATED.name
    result = subprocess.run(
        [
            sys.executable,
            str(project.path(GENERATE_SCRIPT)),
            "--spec",
            str(spec),
            "--output",
            str(package),
        ],
        capture_output=True,
        text=True,
        timeout=_GENERATE_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        # The generator's own messages, without the traceback of the wrapper that ran it.
        said = [
            line.strip()
            for line in (result.stdout + result.stderr).splitlines()
            if line.strip() and not line.startswith((" ", "Traceback", "subprocess."))
        ]
        return ClientImpact(error="the generator failed: " + " / ".join(said[:8])), built, None
    name = GENERATED.name
    changes = diff_surfaces(
        load_surface(name, project.path(GENERATED).parent), load_surface(name, package.parent)
    )
    names = {change.name for change in changes}
    return (
        ClientImpact(api=changes, references=references(project.path(OVERLAY_SOURCES), names)),
        built,
        package,
    )


def references(sources: Path, names: set[str]) -> dict[str, list[str]]:
    """For each name, the modules under ``sources`` that mention it as a whole word."""
    found: dict[str, list[str]] = {}
    for source in sorted(sources.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for name in sorted(names):
            if re.search(rf"\b{re.escape(name)}\b", text):
                found.setdefault(name, []).append(source.relative_to(sources).as_posix())
    return found


def bumped(report: UpdateReport) -> str:
    """The version the package would need after taking the vendor file in."""
    return next_version(report.package_version, report.bump)


def _why_not_accept(report: UpdateReport) -> str | None:
    gone = [h for h in report.health if h.status == "target gone"]
    if gone:
        ids = ", ".join(f"{h.action.index} ({h.deviation})" for h in gone)
        return f"fix spec/overlay.yaml first: the targets of actions {ids} are gone"
    if report.client is not None and report.client.error:
        return report.client.error
    return None


def _version(document: object) -> str | None:
    info = document.get("info") if isinstance(document, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return None if version is None else str(version)
