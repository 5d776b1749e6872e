"""Releases: the last one's snapshot, what changed since, the version bump and its changelog.

A release is recorded in the repository itself (``make release-snapshot``), so that any
checkout, a shallow clone included, has a base to diff against: ``releases/VERSION/`` holds
the released ``openapi.yaml``, the public surface of both packages as JSON (see
:mod:`vbc_spec.api_surface`) and ``release.json`` (version, commit, date). Only the last
release is kept there; older ones are in git's history.

The bump, from what changed between that snapshot and the checkout:

- **major** for any breaking change: of the spec (the vendor diff's rules, applied to
  ``openapi.yaml`` before and after) or of either package's public Python API;
- **minor** for additions: an operation, an optional parameter or field, a public name;
- **patch** for anything else that changed (documentation, texts of the spec);
- none when nothing did.

While the version is 0.x, SemVer promises nothing, and we follow the common rule: a breaking
change bumps the minor version (0.1.0 → 0.2.0), anything else the patch (0.1.0 → 0.1.1).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from packaging.version import InvalidVersion, Version

from vbc_spec.api_surface import ApiChange, Surface, diff_surfaces, load_surface
from vbc_spec.errors import ProjectError
from vbc_spec.project import SPEC, Project, read_yaml
from vbc_spec.vendor_diff import Change, diff_vendor

Bump = Literal["major", "minor", "patch", "none"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
RELEASES = Path("releases")
CHANGELOG = Path("CHANGELOG.md")
PYPROJECT = Path("pyproject.toml")
# Each package, by the folder its sources are in.
PACKAGES = {"vbc_telephony": Path("overlay"), "vbc_telephony_api": Path("generated")}
_RELEASE_FILE = "release.json"
ZERO_RULE = "at 0.x, a breaking change bumps the minor version, anything else the patch"


@dataclass(frozen=True)
class Release:
    """A recorded release: its version, the commit it was made from, and its snapshot."""

    version: str
    commit: str
    date: str
    folder: Path

    def spec(self) -> object:
        return read_yaml(self.folder / SPEC.name)

    def surface(self, package: str) -> Surface:
        path = self.folder / f"{package}.json"
        try:
            data: Surface = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ProjectError(f"cannot read the release snapshot {path}: {error}") from error
        return data


@dataclass(frozen=True)
class Reason:
    """One change since the release, as the changelog says it."""

    section: Literal["Added", "Changed", "Removed"]
    text: str
    bump: Bump
    migration: str = ""


@dataclass(frozen=True)
class ReleaseDiff:
    """What changed since ``last``, and what that requires of the next version."""

    last: Release
    version: str  # pyproject.toml's
    spec: list[Change]
    spec_texts: list[str]  # where the spec changed in words only
    api: dict[str, list[ApiChange]]

    @property
    def reasons(self) -> list[Reason]:
        found = [_spec_reason(change) for change in self.spec]
        found += [
            Reason("Changed", f"`{where}`: documentation", "patch") for where in self.spec_texts
        ]
        for changes in self.api.values():
            found += [_api_reason(change) for change in changes]
        return sorted(found, key=lambda r: (-BUMPS.index(r.bump), r.section, r.text))

    @property
    def bump(self) -> Bump:
        return max((r.bump for r in self.reasons), key=BUMPS.index, default="none")

    @property
    def required(self) -> str:
        """The lowest version the next release may have."""
        return next_version(self.last.version, self.bump)

    @property
    def satisfied(self) -> bool:
        return Version(self.version) >= Version(self.required)


def next_version(last: str, bump: Bump) -> str:
    """``last`` bumped; at 0.x a major bump moves the minor version, a minor the patch."""
    major, minor, patch = _parse(last).release[:3]
    if major == 0 and bump != "none":
        bump = "minor" if bump == "major" else "patch"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def project_version(project: Project) -> str:
    """The version in pyproject.toml: the package's one version."""
    try:
        data = tomllib.loads(project.path(PYPROJECT).read_text(encoding="utf-8"))
        version = str(data["project"]["version"])
    except (OSError, ValueError, KeyError) as error:
        raise ProjectError(f"cannot read the version in {PYPROJECT}: {error}") from error
    _parse(version)
    return version


def last_release(project: Project) -> Release:
    """The release recorded under ``releases/`` (the highest version there)."""
    folders = [p for p in project.path(RELEASES).glob("*") if (p / _RELEASE_FILE).is_file()]
    if not folders:
        raise ProjectError(f"no release is recorded under {RELEASES}/ (make release-snapshot)")
    folder = max(folders, key=lambda p: _parse(p.name))
    try:
        data = json.loads((folder / _RELEASE_FILE).read_text(encoding="utf-8"))
        return Release(str(data["version"]), str(data["commit"]), str(data["date"]), folder)
    except (OSError, ValueError, KeyError) as error:
        raise ProjectError(f"cannot read {folder / _RELEASE_FILE}: {error}") from error


def record_release(project: Project, commit: str, date: datetime.date) -> Release:
    """Snapshot the checkout as the release of its pyproject version (others are removed)."""
    version = project_version(project)
    folder = project.path(RELEASES) / version
    if project.path(RELEASES).is_dir():
        shutil.rmtree(project.path(RELEASES))
    folder.mkdir(parents=True)
    shutil.copyfile(project.path(SPEC), folder / SPEC.name)
    for package, sources in PACKAGES.items():
        surface = load_surface(package, project.path(sources))
        text = json.dumps(surface, indent=1, sort_keys=True, ensure_ascii=False)
        (folder / f"{package}.json").write_text(text + "\n", encoding="utf-8")
    release = {"version": version, "commit": commit, "date": date.isoformat()}
    (folder / _RELEASE_FILE).write_text(json.dumps(release, indent=2) + "\n", encoding="utf-8")
    return last_release(project)


def compare(project: Project) -> ReleaseDiff:
    """What changed in the checkout since the last release."""
    last = last_release(project)
    old_spec, new_spec = last.spec(), read_yaml(project.path(SPEC))
    spec = diff_vendor(old_spec, new_spec)
    return ReleaseDiff(
        last=last,
        version=project_version(project),
        spec=spec,
        spec_texts=_text_changes(old_spec, new_spec, spec),
        api={
            package: diff_surfaces(last.surface(package), load_surface(package, project.path(src)))
            for package, src in PACKAGES.items()
        },
    )


# -- what it prints and writes ---------------------------------------------------------


def render_notes(diff: ReleaseDiff) -> str:
    """The report ``make release-notes`` prints."""
    state = "satisfies it" if diff.satisfied else "is too low: bump it"
    change = "no change" if diff.bump == "none" else f"a {diff.bump} change"
    rule = f" ({ZERO_RULE})" if _parse(diff.last.version).major == 0 else ""
    lines = [
        f"Since {diff.last.version} (commit {diff.last.commit[:12]}, {diff.last.date}):"
        f" {change}{rule}.",
        f"The next release must be at least {diff.required};"
        f" pyproject.toml says {diff.version}, which {state}.",
        "",
    ]
    for reason in diff.reasons:
        lines.append(f"- {reason.bump}: {reason.text}")
    if not diff.reasons:
        lines.append("- nothing in the spec or the public API changed")
    return "\n".join(lines) + "\n"


def changelog_entry(diff: ReleaseDiff, date: datetime.date, fixed: list[str]) -> str:
    """The Keep a Changelog entry for the next release (``fixed``: lines people wrote)."""
    title = f"[{diff.version}] - {date.isoformat()}" if diff.satisfied else "[Unreleased]"
    lines = [
        f"## {title}",
        "",
        f"Computed by `make release-notes` against {diff.last.version}: a {diff.bump} change"
        + (f" ({ZERO_RULE})." if _parse(diff.last.version).major == 0 else "."),
        "",
    ]
    reasons = diff.reasons
    breaking = [r for r in reasons if r.bump == "major"]
    if breaking:
        lines += ["### Breaking", ""]
        lines += [f"- {r.text}. Migration: {r.migration}" for r in breaking]
        lines.append("")
    for section in ("Added", "Changed", "Removed"):
        found = [r.text for r in reasons if r.section == section]
        if found:
            lines += [f"### {section}", "", *(f"- {text}" for text in found), ""]
    if fixed:
        lines += ["### Fixed", "", *fixed, ""]
    return "\n".join(lines)


_HEADER = """\
# Changelog

All notable changes to vbc-telephony are written here, in the format of
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow
[Semantic Versioning](https://semver.org/):
{rule}.

`make release-notes` computes each entry from the spec's diff and the public Python API's
diff since the last release; the "Fixed" lines are written by hand and kept when the entry
is recomputed.
"""
_ENTRY = re.compile(r"^## \[(?P<title>[^\]]+)\].*?(?=^## \[|\Z)", re.MULTILINE | re.DOTALL)


def write_changelog(project: Project, diff: ReleaseDiff, date: datetime.date) -> str:
    """Write (or rewrite) the next release's entry at the top of CHANGELOG.md; the entry.

    Released entries stay as they are; an entry for an unreleased version is replaced, its
    hand-written "Fixed" lines carried over.
    """
    path = project.path(CHANGELOG)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    kept, fixed = [], []
    for match in _ENTRY.finditer(text):
        if _released(match.group("title"), diff.last.version):
            kept.append(match.group(0).rstrip() + "\n")
        else:
            fixed += _fixed_lines(match.group(0))
    entry = changelog_entry(diff, date, fixed)
    path.write_text("\n".join([_HEADER.format(rule=ZERO_RULE), entry, *kept]), encoding="utf-8")
    return entry


def _released(title: str, last: str) -> bool:
    try:
        return Version(title) <= Version(last)
    except InvalidVersion:  # "Unreleased"
        return False


def _fixed_lines(entry: str) -> list[str]:
    match = re.search(r"^### Fixed\n(?P<body>.*?)(?=^### |\Z)", entry, re.MULTILINE | re.DOTALL)
    if not match:
        return []
    return [line for line in match.group("body").splitlines() if line.strip()]


# -- reasons ---------------------------------------------------------------------------


def spec_bump(change: Change) -> Bump:
    """What one change of the spec is worth."""
    if change.breaking:
        return "major"
    return "minor" if change.kind == "added" else "patch"


def api_bump(change: ApiChange) -> Bump:
    """What one change of a package's public API is worth."""
    bumps: dict[str, Bump] = {"breaking": "major", "addition": "minor", "docs": "patch"}
    return bumps[change.weight]


def _spec_reason(change: Change) -> Reason:
    where = f"`{change.where}`"
    text = f"{where}: {change.what} {change.kind}" + (
        f" ({change.detail})" if change.detail else ""
    )
    sections: dict[str, Literal["Added", "Changed", "Removed"]] = {
        "added": "Added",
        "removed": "Removed",
        "changed": "Changed",
    }
    bump = spec_bump(change)
    migration = _spec_migration(change) if bump == "major" else ""
    return Reason(sections[change.kind], text, bump, migration)


def _spec_migration(change: Change) -> str:
    if change.area == "server":
        return f"update any base_url you pass ({change.detail})."
    if change.area == "operation" and change.kind == "removed":
        return f"stop calling {change.where}: the API no longer has it."
    if change.area == "parameter":
        name = change.what.rsplit(" ", 1)[-1]
        if change.kind == "removed":
            return f"stop passing `{name}` to {change.where}."
        return f"pass `{name}` to every call of {change.where}."
    if change.area == "property" and change.kind == "removed":
        name = change.what.rsplit(" ", 1)[-1]
        renamed = re.search(r"renamed to (\S+)", change.detail)
        if renamed:
            return f"use `{renamed.group(1)}` where you used `{name}` of {change.where}."
        return f"stop reading or sending `{name}` of {change.where}."
    if "enum narrowed" in change.detail:
        return f"send only the values {change.where} still accepts ({change.detail})."
    return f"check your uses of {change.where} ({change.what}: {change.detail or change.kind})."


def _api_reason(change: ApiChange) -> Reason:
    where, bump = f"`{change.where}`", api_bump(change)
    migration = _api_migration(change) if bump == "major" else ""
    if change.kind == "added" and bump == "minor":
        what = "optional parameter added" if change.member else f"new {change.detail}"
        return Reason("Added", f"{where}: {what}", bump)
    if change.kind == "removed":
        what = "parameter removed" if change.member else "removed"
        section: Literal["Removed", "Changed"] = "Changed" if change.member else "Removed"
        return Reason(section, f"{where}: {what}", bump, migration)
    return Reason("Changed", f"{where}: {change.detail}", bump, migration)


def _api_migration(change: ApiChange) -> str:
    if change.kind == "removed" and change.member:
        return f"stop passing `{change.member}` to `{change.path}`."
    if change.kind == "removed":
        return f"`{change.path}` is gone: stop using it."
    if change.kind == "added":
        return f"pass `{change.member}` to `{change.path}`."
    if change.member and (default := re.match(r"default: (.+) → ", change.detail)):
        return f"pass `{change.member}={default.group(1)}` where you relied on the old default."
    return f"check your uses of `{change.where}` ({change.detail})."


def _text_changes(old: object, new: object, changes: list[Change]) -> list[str]:
    """Operations and schemas whose texts changed where the diff found nothing else."""
    if old == new:
        return []
    noted = {change.where for change in changes}
    found = []
    for label, a, b in _parts(old, new):
        if a != b and label not in noted:
            found.append(label)
    if not found:
        found.append("openapi.yaml")
    return found


def _parts(old: object, new: object) -> list[tuple[str, object, object]]:
    """The operations, component schemas and top-level texts both documents have."""
    old_doc, new_doc = _dict(old), _dict(new)
    parts: list[tuple[str, object, object]] = []
    old_paths, new_paths = _dict(old_doc.get("paths")), _dict(new_doc.get("paths"))
    for path in sorted(old_paths.keys() & new_paths.keys()):
        was, now = _dict(old_paths[path]), _dict(new_paths[path])
        parts += [(f"{m.upper()} {path}", was[m], now[m]) for m in sorted(was.keys() & now.keys())]
    old_schemas = _dict(_dict(old_doc.get("components")).get("schemas"))
    new_schemas = _dict(_dict(new_doc.get("components")).get("schemas"))
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        parts.append((f"schema {name}", old_schemas[name], new_schemas[name]))
    parts += [(key, old_doc.get(key), new_doc.get(key)) for key in ("info", "tags", "externalDocs")]
    return parts


def _dict(node: object) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _parse(version: str) -> Version:
    try:
        parsed = Version(version)
    except InvalidVersion as error:
        raise ProjectError(f"{version!r} is not a version number") from error
    return parsed
