"""Example project: links between pages and to their headings (tests/test_links.py)."""

from base_conf import *  # noqa: F403  (tests/conftest.py puts tests/roots on sys.path)

# as the handbook (conf.py): headings down to ### get an anchor a link can name
myst_heading_anchors = 3
# ::: fences, as the handbook writes admonitions and cards
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
