"""Example project: the troubleshooting page (tests/test_editor_messages.py)."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)
