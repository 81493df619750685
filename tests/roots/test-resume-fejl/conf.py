"""Example project for the one-page summaries: see tests/test_teaching.py. Shared settings
live in base_conf.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
