"""Example project with two checklists: see tests/test_checklist_sphinx.py."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
