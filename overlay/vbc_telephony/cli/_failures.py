"""How a command says it could not do its job (exit 1, one line), as opposed to being used
wrongly (exit 2): a missing extra, a tool that did not run, an account that cannot be read."""

from __future__ import annotations

from .._exceptions import VBCError

TRAFFIC_HINT = "this command needs its extra: pip install 'vbc-telephony[proxy]'"


class CommandFailed(VBCError):
    """The command could not do its job; the root command prints it and exits 1."""
