"""Where the project's spec files are, found from this package's location or ``--root``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from vbc_spec.errors import ProjectError

VENDOR = Path("spec/vendor/telephony.yml")
OVERLAY = Path("spec/overlay.yaml")
SPEC = Path("openapi.yaml")
DEVIATIONS = Path("docs/deviations.md")
GENERATED = Path("generated/vbc_telephony_api")
GENERATE_SCRIPT = Path("tools/generate.py")
OVERLAY_SOURCES = Path("overlay/vbc_telephony")

# The files a project root must have for vbc_spec to work in it.
_MARKERS = (VENDOR, OVERLAY, GENERATE_SCRIPT)


@dataclass(frozen=True)
class Project:
    """A checkout of vbc-telephony (or a copy of one), by its root folder."""

    root: Path

    def path(self, relative: Path) -> Path:
        return self.root / relative


def find_project(root: Path | None = None) -> Project:
    """The project at ``root``, or the checkout this package was installed from (editable)."""
    candidate = (root or Path(__file__).resolve().parents[2]).resolve()
    missing = [str(marker) for marker in _MARKERS if not (candidate / marker).is_file()]
    if missing:
        hint = "" if root else " (vbc_spec is not running from a checkout: pass --root)"
        raise ProjectError(f"{candidate} is not a vbc-telephony checkout{hint}: no {missing[0]}")
    return Project(candidate)


def read_yaml(path: Path) -> object:
    """The parsed YAML document at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProjectError(f"cannot read {path}: {error}") from error
    return parse_yaml(text, str(path))


def parse_yaml(text: str, source: str) -> object:
    """The parsed YAML document ``text`` (``source`` names it in errors)."""
    try:
        # libyaml's parser where PyYAML has it: the same documents, ten times as fast.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document: object = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        raise ProjectError(f"{source} is not valid YAML: {error}") from error
    return document
