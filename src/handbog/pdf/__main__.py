"""``python -m handbog.pdf HTML-MAPPE``: the same as ``handbog pdf`` (see :mod:`handbog.cli`).

Kept because .readthedocs.yaml, :mod:`handbog.bench` and tests/test_pdf.py run it.
"""

import sys

from handbog.cli import main

sys.exit(main(["pdf", *sys.argv[1:]]))
