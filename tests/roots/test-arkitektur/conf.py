"""Example project: the architecture page's generated lists (tests/test_architecture.py)."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
