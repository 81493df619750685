"""Example project: see tests/test_reportsections.py. Shared settings live in base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
from base_conf import REPO

# The report's table of contents as the handbook ships it: the rule is on.
handbog_rapport_indhold = str(REPO / "src" / "handbog" / "data" / "rapport-indhold.yaml")
