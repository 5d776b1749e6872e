"""``python -m vbc_telephony.testing._sandbox``: the sandbox in the foreground (``make sandbox``).

The password and client secret come from the environment (``VBC_SANDBOX_PASSWORD``,
``VBC_SANDBOX_CLIENT_SECRET``), never from flags, which end up in shell history and process
listings.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..._exceptions import VBCError
from .._constants import (
    SANDBOX_ACCOUNT_ID,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_DEVICES,
    SANDBOX_HOST,
    SANDBOX_PASSWORD,
    SANDBOX_PORT,
    SANDBOX_STATIC_TOKEN,
    SANDBOX_TOKEN_TTL,
    SANDBOX_USERNAME,
)
from . import SandboxConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m vbc_telephony.testing._sandbox",
        description="Serve a stateful sandbox of the VBC Telephony API until Ctrl-C.",
    )
    parser.add_argument("--host", default=SANDBOX_HOST)
    parser.add_argument("--port", type=int, default=SANDBOX_PORT)
    parser.add_argument("--seed", type=int, default=None, help="fixes every id (default: random)")
    parser.add_argument("--token-ttl", type=int, default=SANDBOX_TOKEN_TTL, metavar="S")
    parser.add_argument("--devices", type=int, default=SANDBOX_DEVICES, metavar="N")
    parser.add_argument("--answer-after", type=float, default=None, metavar="S")
    parser.add_argument("--no-static-token", action="store_true")
    parser.add_argument("--account-id", default=SANDBOX_ACCOUNT_ID)
    parser.add_argument("--username", default=SANDBOX_USERNAME)
    parser.add_argument("--client-id", default=SANDBOX_CLIENT_ID)
    arguments = parser.parse_args(argv)
    try:
        from . import serve

        config = SandboxConfig(
            seed=arguments.seed,
            token_ttl=arguments.token_ttl,
            devices=arguments.devices,
            answer_after=arguments.answer_after,
            static_token=None if arguments.no_static_token else SANDBOX_STATIC_TOKEN,
            username=arguments.username,
            password=os.environ.get("VBC_SANDBOX_PASSWORD", SANDBOX_PASSWORD),
            client_id=arguments.client_id,
            client_secret=os.environ.get("VBC_SANDBOX_CLIENT_SECRET", SANDBOX_CLIENT_SECRET),
            account_id=arguments.account_id,
        )
        serve(config, host=arguments.host, port=arguments.port)
    except (VBCError, ValueError, TypeError) as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
