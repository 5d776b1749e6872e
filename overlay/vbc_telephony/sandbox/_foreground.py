"""``serve``: the sandbox in the foreground until Ctrl-C or SIGTERM (``vbc sandbox``,
``make sandbox``)."""

from __future__ import annotations

import sys
from typing import IO

from .._local_servers import (
    SANDBOX_CONTROL_PREFIX,
    SANDBOX_HOST,
    SANDBOX_PAGE_PATH,
    SANDBOX_PORT,
)
from ._extra import require_extra
from ._sandbox_config import SandboxConfig


def serve(
    config: SandboxConfig | None = None,
    *,
    host: str = SANDBOX_HOST,
    port: int = SANDBOX_PORT,
    out: IO[str] = sys.stdout,
) -> None:
    """Serve the sandbox in the foreground until Ctrl-C or SIGTERM.

    ``PortInUseError`` at once if the port is taken; once it is bound, a few lines saying
    where everything is.
    """
    config = config or SandboxConfig()
    require_extra()
    from .._server.serving import listening, serve_forever, url_host
    from ._http.application import TOKEN_PATH, build_app

    app = build_app(config)
    api_prefix, token_path = app.api_prefix, TOKEN_PATH
    sock = listening(host, port)
    server = f"http://{url_host(host)}:{sock.getsockname()[1]}"
    lines = [
        f"VBC Telephony sandbox on {server} (Ctrl-C stops it)",
        f"  API          {server}{api_prefix}",
        f"  token        {server}{token_path}  (password grant: username {config.username},"
        f" client_id {config.client_id})",
        f"  control API  {server}{SANDBOX_CONTROL_PREFIX}  (this machine only, JSON)",
        f"  page         {server}{SANDBOX_PAGE_PATH}  (a far-end phone, in your browser)",
        f"  seed         {config.fixed_seed}",
    ]
    if config.static_token is not None:
        lines.insert(3, f"  bearer token {config.static_token}  (always valid)")
    print("\n".join(lines), file=out, flush=True)
    serve_forever(app, sock, on_stopping=app.stopping)
