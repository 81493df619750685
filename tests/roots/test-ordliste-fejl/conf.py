"""Example project for the glossary: see tests/test_glossary.py. Shared settings: base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
