"""``python -m vbc_spec`` (with ``tools/`` on ``PYTHONPATH``, as the Makefile runs it)."""

import sys

from vbc_spec.cli import main

sys.exit(main())
