"""Broken example for tests/test_crossrefs.py: a core-element page off the skeleton and a page
no table of contents reaches. Shared settings live in base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
