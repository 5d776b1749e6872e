"""The ``vbc`` command-line tool, installed with the package.

    vbc --mock calls list self                  # against a local Prism mock, no account needed
    VBC_TOKEN=… vbc calls list self --since 2024-05-01T00:00:00Z --format csv
    vbc legs hold self CALL_ID LEG_ID

Modules: ``_app`` (root command, errors, ``vbc mock``), ``_calls``, ``_legs``, ``_devices``
(one command group each), ``_watch`` (``vbc calls watch``), ``_params`` (contacts, times,
shared arguments), ``_config`` (server and credentials), ``_output`` (formats, progress,
error lines).
"""

from ._app import app, main

__all__ = ["app", "main"]
