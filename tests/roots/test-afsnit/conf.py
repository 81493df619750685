"""Example project: see tests/test_reportsections.py. Shared settings live in base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)

# The report's table of contents as the package ships it (base_conf turns the rule off).
handbog_rapport_indhold = None
