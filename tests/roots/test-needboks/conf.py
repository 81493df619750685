"""Example project for the need boxes: see tests/test_needboxes.py. Shared settings live in
base_conf.py; the test writes ubproject.toml beside this file (the handbook's model, plus the
field ``afsnit`` when the model does not have it yet)."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)

needs_from_toml = "ubproject.toml"
