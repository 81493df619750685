"""``python -m handbog``: the same command line as the ``handbog`` script."""

import sys

from .cli import main

sys.exit(main())
