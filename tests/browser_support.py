"""Debian's Chromium through Playwright, and a local web server for built pages.

Bind the fixtures in a test module (``browser = browser_support.browser``); they are not in
conftest.py so that tests without a browser never pay for one.

In CI (``CI=true``) a missing Chromium or Playwright is an error, never a skip: the browser
checks are quality gates and must run. Locally they skip with a reason that says what to
install.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# No background traffic of Chromium's own (updates, sync, field trials, DNS prefetch), so
# that every request the privacy check sees comes from the page itself.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--dns-prefetch-disable",
]
HOST = "127.0.0.1"

#: The team overview as the page draws it, for comparing with ``tjekliste samlet``'s file:
#: without the page's own buttons to save each chart, which a file has no use for.
OVERVIEW_HTML = """el => { const o = el.querySelector('.ho-overblik').cloneNode(true);
    o.querySelectorAll('.ho-gem').forEach(b => b.remove()); return o.outerHTML; }"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_browser() -> None:
    """Skip locally, fail in CI, when the browser checks cannot run."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} mangler (installér Debian-pakken chromium)"
    else:
        missing = [m for m in ("playwright", "axe_playwright_python") if not find_spec(m)]
        if missing:
            problem = f"Python-pakken {', '.join(missing)} mangler (pip install -e '.[test]')"
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"Browsertjekkene skal køre i CI, men {problem}.", pytrace=False)
    pytest.skip(f"Browsertjek springes over: {problem}.")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        # Every load is a first visit: the page-weight check measures uncached transfers.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def launch() -> Iterator[object]:
    """A headless Debian Chromium; Playwright never downloads a browser of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Module scope: each test module binds these fixtures under its own name, and Playwright's
# sync API allows one running instance at a time (moved to conftest.py they could be session).
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_browser()
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def site(handbook) -> Iterator[str]:
    """Base URL of the built handbook, served locally.

    A build with warnings still writes its pages (``--keep-going``); test_build.py fails on
    the warnings, and the quality gates check the pages all the same.
    """
    index = handbook.html / "index.html"
    assert index.is_file(), f"Håndbogen kunne ikke bygges:\n{handbook.warnings}"
    with serve(handbook.html) as url:
        yield url


@pytest.fixture
def phone(browser):
    """A page at 390 × 844 that collects the page's script errors (``page.errors``)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    yield page
    context.close()
