"""What a run found, whatever the traffic came from (schemathesis, the proxy, a recording).

A ``Finding`` is one line: the operation, the check, the field and what is wrong
(``GET /cc/accounts/{account_id}/calls/{call_id}: response_schema_conformance at status:
3 is not of type "string"``). ``Tally`` keeps each distinct finding once, however many
exchanges showed it (the same field of every item of a list counts once: ``calls/*/status``),
with how often and in which exchanges; and, per operation of the spec, how many answers it
got and how many were 2xx, so that an operation nothing succeeded on is reported as **not
exercised** rather than as passing. It renders the Markdown and JUnit XML reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from ._constants import NAMED_EXCHANGES

_INDEX = re.compile(r"(?<=/)\d+(?=/|$)|^\d+(?=/|$)")


@dataclass(frozen=True)
class Finding:
    """``kind`` tells two problems of one field apart (a type, a required property …)."""

    operation: str
    check: str
    field: str
    problem: str
    kind: str = ""

    def line(self) -> str:
        where = f" at {self.field}" if self.field else ""
        return f"{self.operation}: {self.check}{where}: {self.problem}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.operation, self.check, _INDEX.sub("*", self.field), self.kind)


@dataclass
class Seen:
    """A distinct finding: the first occurrence, how often, and the first exchanges."""

    finding: Finding
    count: int = 0
    exchanges: list[int] = field(default_factory=list)


@dataclass
class Answers:
    total: int = 0
    succeeded: int = 0


class Tally:
    """Findings and answers of one run, over the spec's ``operations`` (labels)."""

    def __init__(self, operations: Iterable[str]) -> None:
        self.answers: dict[str, Answers] = {operation: Answers() for operation in operations}
        self._seen: dict[tuple[str, str, str, str], Seen] = {}
        self.exchanges = 0
        self.failed_exchanges: list[int] = []

    def count(self, operation: str | None, status: int) -> None:
        """One more exchange (``operation`` None: not an API operation of the spec)."""
        self.exchanges += 1
        if operation is not None and operation in self.answers:
            answers = self.answers[operation]
            answers.total += 1
            answers.succeeded += 200 <= status < 300

    def add(self, findings: Sequence[Finding], exchange: int = 0) -> list[Finding]:
        """Record ``findings`` of exchange number ``exchange``; those not seen before."""
        new = []
        for finding in findings:
            seen = self._seen.get(finding.key)
            if seen is None:
                seen = self._seen[finding.key] = Seen(finding)
                new.append(finding)
            seen.count += 1
            named = seen.exchanges
            if exchange and len(named) < NAMED_EXCHANGES and exchange not in named:
                named.append(exchange)
        if findings and exchange:
            self.failed_exchanges.append(exchange)
        return new

    @property
    def findings(self) -> list[Finding]:
        return [seen.finding for seen in self._seen.values()]

    @property
    def seen(self) -> list[Seen]:
        return list(self._seen.values())

    def not_exercised(self) -> list[str]:
        return [op for op, answers in self.answers.items() if not answers.succeeded]

    def summary_lines(self) -> list[str]:
        """Per operation: ``GET /x: 12 answers, 10 2xx`` or ``… not exercised``."""
        lines = []
        for operation, answers in self.answers.items():
            got = f"{answers.total} answer{'s' if answers.total != 1 else ''}"
            if answers.succeeded:
                lines.append(f"{operation}: {got}, {answers.succeeded} 2xx")
            else:
                lines.append(f"{operation}: {got}, not exercised (no 2xx answer)")
        return lines

    def markdown(self, title: str, preamble: Sequence[str] = ()) -> str:
        lines = [f"# {title}", "", *preamble]
        lines += ["## Operations", "", "| operation | answers | 2xx |", "|---|---|---|"]
        for operation, answers in self.answers.items():
            succeeded = str(answers.succeeded) if answers.succeeded else "**not exercised**"
            lines.append(f"| {operation} | {answers.total} | {succeeded} |")
        lines += ["", "## Findings", ""]
        if not self._seen:
            return "\n".join([*lines, "No findings.", ""])
        lines += [
            "| operation | check | field | problem | seen | exchanges |",
            "|---|---|---|---|---|---|",
        ]
        for seen in self._seen.values():
            f = seen.finding
            numbers = ", ".join(f"#{n}" for n in seen.exchanges) or "-"
            cells = (f.operation, f.check, f.field or "-", f.problem, str(seen.count), numbers)
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        return "\n".join([*lines, ""])

    def junit(self, suite: str) -> str:
        """A JUnit XML report: a test case per operation, failing with its findings."""
        by_operation: dict[str, list[Seen]] = {operation: [] for operation in self.answers}
        for seen in self._seen.values():
            by_operation.setdefault(seen.finding.operation, []).append(seen)
        failures = sum(1 for found in by_operation.values() if found)
        root = ElementTree.Element("testsuites")
        element = ElementTree.SubElement(
            root,
            "testsuite",
            name=suite,
            tests=str(len(by_operation)),
            failures=str(failures),
            errors="0",
        )
        for operation, found in by_operation.items():
            case = ElementTree.SubElement(element, "testcase", name=operation, classname=suite)
            if found:
                failure = ElementTree.SubElement(
                    case, "failure", message=f"{len(found)} finding(s)", type="conformance"
                )
                failure.text = "\n".join(seen.finding.line() for seen in found)
        ElementTree.indent(root)
        return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
