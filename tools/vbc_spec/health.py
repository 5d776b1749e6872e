"""How well each overlay action fits a new vendor file.

The overlay runs on the old and on the new vendor file side by side; before each action, its
target is evaluated on both intermediate documents:

- ``target gone``: it selects nothing in the new file (it did in the old one). ``make spec``
  would fail; for a ``remove``, the vendor may have dropped the node itself.
- ``now redundant``: applying the ``update`` to the new file changes nothing, so the vendor
  made the same fix and the action can go.
- ``conflicts``: the vendor changed the very node we patch: what the action overwrites (the
  keys of its ``update``) or removes differs between the old and the new file, so our fix
  may now undo or contradict a vendor change.
- ``applies``: none of these.

Statuses are checked in that order; the first that holds is reported.
"""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from typing import Literal

from vbc_spec.deviations import deviation_id
from vbc_spec.errors import OverlayError
from vbc_spec.overlay import Action, Overlay, apply_action, select

Status = Literal["applies", "target gone", "now redundant", "conflicts"]
UNHEALTHY: frozenset[Status] = frozenset({"target gone", "conflicts"})
_MISSING = object()


@dataclass(frozen=True)
class Health:
    """The verdict for one action."""

    action: Action
    status: Status
    detail: str

    @property
    def deviation(self) -> str:
        return deviation_id(self.action)


def check_overlay(old_vendor: object, new_vendor: object, overlay: Overlay) -> list[Health]:
    """The health of every action of ``overlay`` when moved from ``old_vendor`` to ``new_vendor``.

    Both documents are copied; an action whose target is gone in the new file is skipped
    there (it would change nothing), so later actions are judged on what the build would do.
    """
    old, new = copy.deepcopy(old_vendor), copy.deepcopy(new_vendor)
    found = []
    for action in overlay.actions:
        found.append(_check(old, new, action))
        apply_action(old, action)
        with contextlib.suppress(OverlayError):  # reported by _check as a conflict
            apply_action(new, action)
    return found


def _check(old: object, new: object, action: Action) -> Health:
    old_nodes = {n.path(): n.value for n in select(old, action)}
    new_nodes = {n.path(): n.value for n in select(new, action)}
    if not new_nodes:
        return Health(action, "target gone", f"selected {len(old_nodes)} node(s) before, none now")
    trial = copy.deepcopy(new)
    try:
        apply_action(trial, action)
    except OverlayError as error:
        return Health(action, "conflicts", str(error))
    if action.kind == "update" and trial == new:
        return Health(action, "now redundant", "the new file already has what the update sets")
    # An old node that is still there under another index (an array entry before it went)
    # is not a change.
    now = [_touched(value, action) for value in new_nodes.values()]
    changed = sorted(
        path
        for path in old_nodes.keys() & new_nodes.keys()
        if _touched(old_nodes[path], action) != _touched(new_nodes[path], action)
        and _touched(old_nodes[path], action) not in now
    )
    if changed:
        return Health(action, "conflicts", f"the vendor changed {', '.join(changed)}")
    detail = ""
    if len(new_nodes) != len(old_nodes):
        detail = f"selects {len(new_nodes)} node(s), was {len(old_nodes)}"
    return Health(action, "applies", detail)


def _touched(node: object, action: Action) -> object:
    """The part of ``node`` the action overwrites: all of it for a remove or an array append."""
    if action.kind == "remove" or not isinstance(node, dict):
        return node
    return _project(node, action.update)


def _project(node: object, update: object) -> object:
    if not isinstance(node, dict) or not isinstance(update, dict):
        return node
    return {key: _project(node.get(key, _MISSING), value) for key, value in update.items()}
