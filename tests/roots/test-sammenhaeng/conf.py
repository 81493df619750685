"""Example project: the element boxes made from the needs (tests/test_relations.py)."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
