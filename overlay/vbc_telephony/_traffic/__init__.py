"""Recorded API traffic: what the recording proxy, ``vbc conformance`` and ``vbc replay`` share.

- ``_exchange``: one request and its answer, as a HAR 1.2 entry holds it;
- ``_har``: recordings written as they come (harfile) and read as a stream (ijson), so that
  neither grows in memory with the file;
- ``_scrub``: secrets redacted and phone numbers masked before anything is written;
- ``_judge``: an exchange checked against the spec, with the validators ``_compiled`` holds
  (jsonschema-rs, compiled once per operation and status);
- ``_findings``: what a run found, its per-operation tally, and its Markdown and JUnit reports;
- ``_replay``: a recording sent again to a server, its answers compared by shape;
- ``_openapi``: what these take from the bundled spec and the sandbox's reader of it.

- ``_recordings``: a recording judged; ``check_recordings``, what ``make vendor-update`` runs
  over ``spec/recordings/``.

Nothing is imported here: each user loads only what it needs (the judge needs no server).
"""
