"""Example project: see tests/test_additions.py. Shared settings live in base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
