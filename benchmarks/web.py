"""The reader's side of the benchmark: the built handbook on a slow network, in Chromium.

Chromium's own network throttling (400 kbit/s both ways, 400 ms latency, as a phone on a
poor municipal connection), a 390 × 844 screen and an empty cache for each measurement:

* first contentful paint of the front page and of a core-element page;
* time from pressing Enter on a loaded search page to the first result on screen;
* bytes transferred for that search (the page's own requests and its worker's).

Figures from one run on a shared machine are indicative; compare them with each other, not
with another machine. Used by benchmarks/bench.py (``nox -s bench``); not a test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 400
THROUGHPUT = 400_000 / 8  # bytes per second
PAGES = {"Forsiden": "index.html", "Et kerneelement": "kerneelementer/boerneinddragelse.html"}
QUERY = "forældremøde"


@dataclass
class WebResult:
    fcp: dict[str, float]
    first_result: float | None
    search_kb: float | None
    error: str = ""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def _throttled(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": THROUGHPUT,
            "uploadThroughput": THROUGHPUT,
        },
    )
    return context, page


def measure(html: Path) -> WebResult:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return WebResult({}, None, None, "Playwright mangler (pip install -e '.[test]')")
    fcp: dict[str, float] = {}
    with serve(html) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            for label, path in PAGES.items():
                context, page = _throttled(browser)
                page.goto(base + path, wait_until="load")
                paint = page.evaluate(
                    "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
                )
                if paint is not None:
                    fcp[label] = paint / 1000
                context.close()
            context, page = _throttled(browser)
            page.goto(base + "search.html", wait_until="load")
            page.wait_for_function("document.querySelector('#handbog-art option:nth-child(2)')")
            sizes: list[int] = []
            context.on(
                "requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"])
            )
            page.fill("#handbog-q", QUERY)
            start = time.monotonic()
            page.press("#handbog-q", "Enter")
            page.wait_for_selector(".handbog-search-result", timeout=120_000)
            first = time.monotonic() - start
            page.wait_for_load_state("networkidle")
            context.close()
        finally:
            browser.close()
    return WebResult(fcp, first, sum(sizes) / 1000)


def _n(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def report(result: WebResult) -> list[str]:
    lines = ["", "## Læseren på et langsomt net", ""]
    if result.error:
        return [*lines, f"Ikke målt: {result.error}"]
    lines += [
        f"Chromium med {THROUGHPUT * 8 / 1000:.0f} kbit/s og {LATENCY_MS} ms ventetid, "
        "390 × 844, tom cache.",
        "",
        "| Måling | Værdi | Mål |",
        "| --- | ---: | ---: |",
    ]
    for label, seconds in result.fcp.items():
        lines.append(f"| Første indhold vist: {label.lower()} | {_n(seconds)} s | ≤ 2 s |")
    if result.first_result is not None:
        lines.append(
            f"| Søgning »{QUERY}«: første resultat efter Enter | {_n(result.first_result)} s "
            "| ≤ 2 s |"
        )
    if result.search_kb is not None:
        lines.append(
            f"| Søgning »{QUERY}«: hentet efter Enter | {_n(result.search_kb, 0)} KB | ≤ 300 KB |"
        )
    return lines
