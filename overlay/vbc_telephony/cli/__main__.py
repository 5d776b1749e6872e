"""``python -m vbc_telephony.cli``: the same as the ``vbc`` script."""

from . import main

main()
