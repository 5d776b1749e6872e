"""This process's memory, as Linux's ``/proc/self/status`` gives it, for the probes that
run in a fresh process (``stream_rss.py``, ``recordings_probe.py``)."""

from __future__ import annotations


def status_kib(field: str) -> int:
    """``field`` of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")
