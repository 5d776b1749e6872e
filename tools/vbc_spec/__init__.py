"""Tools for the spec's life cycle: the vendor's file plus our overlay make ``openapi.yaml``.

Run from the checkout, never installed (``PYTHONPATH=tools python -m vbc_spec``, as the
Makefile does): ``build`` regenerates ``openapi.yaml`` and ``docs/deviations.md`` from
``spec/vendor/telephony.yml`` and ``spec/overlay.yaml``; ``update PATH`` reports what a new
vendor file changes (the API, our overlay's fit, the generated client) and, with
``--accept``, takes it in.
"""
