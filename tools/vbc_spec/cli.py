"""The spec tooling's command line, run from the checkout as ``python -m vbc_spec``.

``build`` (``make spec``), ``update`` (``make vendor-update``), ``release-notes`` (``make
release-notes``: the bump since the last release, and its CHANGELOG.md entry) and
``release-snapshot`` (``make release-snapshot``: record the checkout as a release).

Exit status: 0 done; 1 ``update`` found what ``--fail-on`` fails on, or ``--accept`` was
refused, or ``release-notes --check`` found pyproject.toml's version too low; 2 bad usage or
unusable input (the message on stderr says what).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from vbc_spec.errors import SpecToolError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tooling with ``argv`` (default: the command line); the exit status."""
    args = _parser().parse_args(argv)
    try:
        # The rest needs the `spec` dependency group (requirements.lock has it).
        from vbc_spec import build, release, report
        from vbc_spec.project import DEVIATIONS, SPEC, find_project
        from vbc_spec.vendor_update import vendor_update
    except ModuleNotFoundError as error:
        print(
            f"vbc_spec: {error.name} is not installed: pip install -r requirements.lock"
            " (every make target does)",
            file=sys.stderr,
        )
        return 2
    try:
        project = find_project(args.root)
        if args.command == "build":
            build.write(project, build.build_project(project))
            print(f"wrote {SPEC} and {DEVIATIONS}")
            return 0
        if args.command == "release-notes":
            diff = release.compare(project)
            print(release.render_notes(diff), end="")
            if not args.check:
                release.write_changelog(project, diff, args.date)
                print(f"wrote the entry into {release.CHANGELOG}")
            return 0 if diff.satisfied or not args.check else 1
        if args.command == "release-snapshot":
            recorded = release.record_release(project, args.commit, args.date)
            print(f"recorded {recorded.version} (commit {recorded.commit}) in {recorded.folder}")
            return 0
        found = vendor_update(project, args.path, accept=args.accept)
    except SpecToolError as error:
        print(f"vbc_spec: {error}", file=sys.stderr)
        return 2
    data = report.to_json(found)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(report.render_markdown(data))
    return 1 if found.failed(args.fail_on) else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m vbc_spec", description=__doc__.split("\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="the project checkout (default: the one vbc_spec runs from)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "build",
        parents=[common],
        help="write openapi.yaml and docs/deviations.md from spec/ (make spec)",
    )
    update = commands.add_parser(
        "update",
        parents=[common],
        help="report what a new vendor file changes (make vendor-update)",
    )
    update.add_argument("path", type=Path, metavar="PATH", help="the new telephony.yml")
    update.add_argument("--json", action="store_true", help="print the report as JSON")
    update.add_argument(
        "--fail-on",
        choices=("breaking", "never"),
        default="breaking",
        help="exit 1 on a breaking change or an unhealthy overlay action (default), or never",
    )
    update.add_argument(
        "--accept",
        action="store_true",
        help="write the new vendor file, openapi.yaml, docs/deviations.md and generated/",
    )
    notes = commands.add_parser(
        "release-notes",
        parents=[common],
        help="the version bump since the last release, and its CHANGELOG.md entry",
    )
    notes.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when pyproject.toml's version is below the bump",
    )
    notes.add_argument("--date", type=_date, default=_today(), help="the entry's date")
    snapshot = commands.add_parser(
        "release-snapshot",
        parents=[common],
        help="record the checkout as the release of pyproject.toml's version",
    )
    snapshot.add_argument("--commit", required=True, help="the commit the release is made of")
    snapshot.add_argument("--date", type=_date, default=_today(), help="the release's date")
    return parser


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


if __name__ == "__main__":
    sys.exit(main())
