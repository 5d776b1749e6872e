"""The ``update`` report (make vendor-update): as JSON data, and as Markdown rendered from it."""

from __future__ import annotations

from typing import Any

from vbc_spec.markdown import cell
from vbc_spec.release import ZERO_RULE
from vbc_spec.vendor_update import UpdateReport, bumped

_STATUS_ORDER = ("target gone", "conflicts", "now redundant", "applies")


def to_json(report: UpdateReport) -> dict[str, Any]:
    """The report as JSON-ready data (the shape ``--json`` prints)."""
    client = report.client
    data = {
        "old": {"path": report.old_path, "version": report.old_version},
        "new": {"path": report.new_path, "version": report.new_version},
        "no_change": report.no_change,
        "summary": {
            "breaking": len(report.breaking),
            "non_breaking": len(report.vendor_changes) - len(report.breaking),
            "unhealthy_actions": len(report.unhealthy),
            "actions": {s: sum(h.status == s for h in report.health) for s in _STATUS_ORDER},
            "api_changes": len(client.api) if client else 0,
        },
        # What a release with only this vendor file would need.
        "bump": {
            "level": report.bump,
            "from": report.package_version,
            "to": bumped(report),
        },
        "vendor_diff": [
            {
                "area": c.area,
                "kind": c.kind,
                "where": c.where,
                "what": c.what,
                "detail": c.detail,
                "breaking": c.breaking,
            }
            for c in report.vendor_changes
        ],
        "overlay_health": [
            {
                "action": h.action.index,
                "deviation": h.deviation,
                "status": h.status,
                "target": h.action.target,
                "detail": h.detail,
            }
            for h in report.health
        ],
        "client_impact": None
        if client is None
        else {
            "api": [
                {
                    "kind": a.kind,
                    "path": a.path,
                    "member": a.member,
                    "detail": a.detail,
                    "breaking": a.breaking,
                }
                for a in client.api
            ],
            "overlay_references": client.references,
            "error": client.error,
        },
        "accepted": report.accepted,
        "accept_refused": report.accept_refused,
    }
    if report.recorded_traffic is not None:  # only when spec/recordings/ has recordings
        data["recorded_traffic"] = report.recorded_traffic.to_json()
    return data


def render_markdown(data: dict[str, Any]) -> str:
    """The report (as :func:`to_json` gives it) in Markdown."""
    old, new = data["old"], data["new"]
    lines = [
        f"# Vendor update: `{old['path']}` ({old['version']}) → `{new['path']}` ({new['version']})",
        "",
    ]
    if data["no_change"]:
        lines += ["**No change**: the new file describes the same API as the current one.", ""]
        return "\n".join(lines)
    summary = data["summary"]
    lines += [
        f"**{summary['breaking']} breaking** and {summary['non_breaking']} non-breaking"
        f" vendor changes; {summary['unhealthy_actions']} overlay actions need attention;"
        f" {summary['api_changes']} changes to the generated client's public API.",
        "",
        _bump(data["bump"]),
        "",
        *_vendor_diff(data["vendor_diff"]),
        *_health(data["overlay_health"], summary["actions"]),
        *_client(data["client_impact"]),
        *_recorded(data.get("recorded_traffic")),
    ]
    if data["accepted"]:
        lines += [
            "**Accepted**: the new vendor file, openapi.yaml, docs/deviations.md and generated/"
            " were written; review and commit them.",
            "",
        ]
    if data["accept_refused"]:
        lines += [f"**Not accepted**: {data['accept_refused']}", ""]
    return "\n".join(lines)


def _bump(bump: dict[str, str]) -> str:
    if bump["level"] == "none":
        return f"**Version**: no bump needed for this file alone (stays {bump['from']})."
    rule = f" ({ZERO_RULE})" if bump["from"].startswith("0.") else ""
    return (
        f"**Version**: this file alone needs a **{bump['level']}** bump:"
        f" {bump['from']} → {bump['to']}{rule}."
    )


def _vendor_diff(changes: list[dict[str, Any]]) -> list[str]:
    lines = ["## Vendor diff", ""]
    if not changes:
        return [*lines, "No change to operations, parameters, bodies, responses or schemas.", ""]
    lines += ["| | Change | Where | What | Detail |", "|---|---|---|---|---|"]
    for c in changes:
        mark = "**breaking**" if c["breaking"] else "non-breaking"
        lines.append(
            f"| {mark} | {c['area']} {c['kind']} | `{cell(c['where'])}` | {cell(c['what'])}"
            f" | {cell(c['detail'])} |"
        )
    return [*lines, ""]


def _health(actions: list[dict[str, Any]], counts: dict[str, int]) -> list[str]:
    lines = [
        "## Overlay health",
        "",
        ", ".join(f"{counts[s]} {s}" for s in _STATUS_ORDER) + ".",
        "",
    ]
    shown = [a for a in actions if a["status"] != "applies"]
    if not shown:
        return lines
    shown.sort(key=lambda a: (_STATUS_ORDER.index(a["status"]), a["action"]))
    lines += ["| Action | Deviation | Status | Target | Detail |", "|---|---|---|---|---|"]
    lines += [
        f"| {a['action']} | {a['deviation']} | {a['status']} | `{cell(a['target'])}` |"
        f" {cell(a['detail'])} |"
        for a in shown
    ]
    return [*lines, ""]


def _client(client: dict[str, Any] | None) -> list[str]:
    lines = ["## Client impact", ""]
    if client is None:
        return lines
    if client["error"]:
        return [*lines, f"Could not rebuild the client: {client['error']}", ""]
    if not client["api"]:
        return [*lines, "The generated package's public API is unchanged.", ""]
    lines += ["| | Change | Path | Member | Detail |", "|---|---|---|---|---|"]
    lines += [
        f"| {'**breaking**' if a['breaking'] else 'non-breaking'} | {a['kind']} | `{a['path']}`"
        f" | {cell(a['member'])} | {cell(a['detail'])} |"
        for a in client["api"]
    ]
    lines += ["", "Hand-written modules (`overlay/vbc_telephony/`) that use what changed:", ""]
    references = client["overlay_references"]
    if not references:
        return [*lines, "none.", ""]
    lines += [f"- `{name}`: {', '.join(modules)}" for name, modules in sorted(references.items())]
    return [*lines, ""]


def _recorded(traffic: dict[str, Any] | None) -> list[str]:
    """The recordings of ``spec/recordings/`` against the new spec (none: no section)."""
    if traffic is None:
        return []
    lines = [
        "## Recorded traffic",
        "",
        f"recorded traffic: {traffic['exchanges']} exchanges,"
        f" {traffic['nonconforming']} no longer conform to the new spec",
        "",
    ]
    lines += [f"- {cell(named)}" for named in traffic["named"]]
    if traffic["nonconforming"] > len(traffic["named"]):
        lines.append(f"- … and {traffic['nonconforming'] - len(traffic['named'])} more")
    lines += [f"- could not read: {cell(error)}" for error in traffic["errors"]]
    return [*lines, ""] if traffic["named"] or traffic["errors"] else lines
