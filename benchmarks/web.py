"""The reader's side of the benchmark: the built handbook on a slow network, in Chromium.

Chromium's own network throttling (400 kbit/s both ways, 400 ms latency, as a phone on a
poor municipal connection), a 390 × 844 screen and an empty cache for each measurement:

* first contentful paint of the front page and of a core-element page;
* time from pressing Enter on a loaded search page to the first result on screen, after
  typing the query key by key (the page may start fetching while the reader types);
* bytes transferred for that search, from the first key (the page's own requests and its
  worker's).

The files are served compressed (gzip) when the browser asks for it, as the hosts the
handbook is published on do (GitHub Pages, Read the Docs, a municipal nginx with its
usual ``gzip on``); Pagefind's index files are compressed already and go as they are.

Figures from one run on a shared machine are indicative; compare them with each other, not
with another machine. Used by benchmarks/bench.py (``nox -s bench``); not a test.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LATENCY_MS = 400
THROUGHPUT = 400_000 / 8  # bytes per second
PAGES = {"Forsiden": "index.html", "Et kerneelement": "kerneelementer/boerneinddragelse.html"}
QUERY = "forældremøde"
#: A quick typist on a phone: a key every 150 ms.
KEY_DELAY_MS = 150


@dataclass
class WebResult:
    fcp: dict[str, float]
    first_result: float | None
    search_kb: float | None
    first_result_pasted: float | None = None
    #: typed into a content page's own search box, through the slow line (slowline.py),
    #: the worker's requests slowed too: seconds from Enter, KB from the first tap
    first_from_page: float | None = None
    from_page_kb: float | None = None
    #: Lighthouse's mobile performance score (0–100) per page, when Lighthouse is installed
    lighthouse: dict[str, int] = field(default_factory=dict)
    lighthouse_note: str = ""
    #: Lighthouse's mobile SEO score per page (a meta description on every page: issue 26)
    seo: dict[str, int] = field(default_factory=dict)
    error: str = ""


#: What a static host compresses: text. Pagefind's .pf_* files are gzip already.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
        return WebResult({}, None, None, error="Playwright mangler (pip install -e '.[test]')")
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
            first, search_kb = _search(browser, base, typed=True)
            pasted, _kb = _search(browser, base, typed=False)
        finally:
            browser.close()
        scores, seo, note = lighthouse(base)
    from_page, from_page_kb = search_from_page(html)
    return WebResult(fcp, first, search_kb, pasted, from_page, from_page_kb, scores, note, seo)


#: The page a reader searches from: a core element's page, as they would arrive from a link.
SEARCH_FROM = "kerneelementer/boerneinddragelse.html"


def search_from_page(html: Path) -> tuple[float | None, float | None]:
    """Seconds from Enter in a content page's own search box to the first result in the
    panel that page opens below the box (the search runs in place; no search page is
    opened), and KB sent from the tap on the box, all through slowline.py's server, with a
    cold cache."""
    import slowline
    from playwright.sync_api import sync_playwright

    with slowline.serve(html, LATENCY_MS / 1000, THROUGHPUT) as (base, server):
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            try:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(base + SEARCH_FROM, wait_until="load")
                page.wait_for_load_state("networkidle")
                before = server.line.sent
                box = page.locator(".handbog-phone-search input")
                box.click()
                box.press_sequentially(QUERY, delay=KEY_DELAY_MS)
                start = time.monotonic()
                box.press("Enter")
                page.wait_for_selector(
                    ".handbog-search-panel .handbog-search-result", timeout=120_000
                )
                first = time.monotonic() - start
                page.wait_for_load_state("networkidle")
                sent = (server.line.sent - before) / 1000
                context.close()
            finally:
                browser.close()
    return first, sent


#: Lighthouse 12.2.3 runs on Node 20 here: ``npm i -E lighthouse@12.2.3`` in any folder, then
#: point HANDBOG_LIGHTHOUSE at its node_modules/.bin/lighthouse (or put it on PATH).
LIGHTHOUSE_VERSION = "12.2.3"


#: Pages whose search-engine score (SEO) is measured too: a checklist besides PAGES.
SEO_PAGES = {**PAGES, "En tjekliste": "tjeklister/foraeldremoede.html"}


def lighthouse(base: str) -> tuple[dict[str, int], dict[str, int], str]:
    """Lighthouse's mobile performance score for each page (its own simulated phone and
    network) and its SEO score, or why they were not measured. Lighthouse is an npm
    package, so it is optional."""
    program = os.environ.get("HANDBOG_LIGHTHOUSE") or shutil.which("lighthouse")
    if not program:
        return (
            {},
            {},
            (
                f"Lighthouse er ikke installeret (npm i -E lighthouse@{LIGHTHOUSE_VERSION}, "
                "og sæt HANDBOG_LIGHTHOUSE til node_modules/.bin/lighthouse)"
            ),
        )
    scores: dict[str, int] = {}
    seo: dict[str, int] = {}
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    with tempfile.TemporaryDirectory() as folder:
        for label, path in SEO_PAGES.items():
            report = Path(folder) / "lighthouse.json"
            categories = "performance,seo" if label in PAGES else "seo"
            command = [
                program, base + path, f"--only-categories={categories}", "--form-factor=mobile",
                "--chrome-flags=--headless=new --no-sandbox", "--output=json",
                f"--output-path={report}", "--quiet",
            ]  # fmt: skip
            try:
                subprocess.run(command, env=env, check=True, timeout=300, capture_output=True)
                data = json.loads(report.read_text("utf-8"))
            except (OSError, subprocess.SubprocessError, ValueError) as error:
                return scores, seo, f"Lighthouse fejlede: {str(error)[:120]}"
            for name, found in (("performance", scores), ("seo", seo)):
                category = data["categories"].get(name)
                if category is not None and category["score"] is not None:
                    found[label] = round(category["score"] * 100)
    return scores, seo, ""


def _search(browser, base: str, typed: bool) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds from Enter to the first result on screen, and KB fetched from the first key."""
    context, page = _throttled(browser)
    page.goto(base + "search.html", wait_until="load")
    page.wait_for_function("document.querySelector('#handbog-art option:nth-child(2)')")
    sizes: list[int] = []
    context.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    if typed:
        # as a reader types it; the page may fetch the words' index meanwhile
        page.locator("#handbog-q").press_sequentially(QUERY, delay=KEY_DELAY_MS)
    else:
        # pasted in one go: nothing is fetched before Enter (the slowest case)
        page.fill("#handbog-q", QUERY)
    start = time.monotonic()
    page.press("#handbog-q", "Enter")
    page.wait_for_selector(".handbog-search-result", timeout=120_000)
    first = time.monotonic() - start
    page.wait_for_load_state("networkidle")
    context.close()
    return first, sum(sizes) / 1000


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
            f"| Søgning »{QUERY}« (tastet): første resultat efter Enter "
            f"| {_n(result.first_result)} s "
            "| ≤ 2 s |"
        )
    if result.first_result_pasted is not None:
        lines.append(
            f"| Søgning »{QUERY}« (sat ind på én gang): første resultat efter Enter "
            f"| {_n(result.first_result_pasted)} s | ≤ 2 s |"
        )
    if result.first_from_page is not None:
        lines.append(
            f"| Søgning »{QUERY}« fra et kerneelements søgefelt, langsom linje for alt "
            f"(også workerens hentninger): første resultat efter Enter "
            f"| {_n(result.first_from_page)} s | ≤ 2 s |"
        )
    if result.from_page_kb is not None:
        lines.append(
            f"| Søgning »{QUERY}« fra et kerneelements søgefelt: sendt fra tryk på feltet "
            f"| {_n(result.from_page_kb, 0)} KB | |"
        )
    if result.search_kb is not None:
        lines.append(
            f"| Søgning »{QUERY}«: hentet fra første tast | {_n(result.search_kb, 0)} KB "
            "| ≤ 300 KB |"
        )
    for label, score in result.lighthouse.items():
        lines.append(f"| Lighthouse, mobil ydeevne: {label.lower()} | {score} | ≥ 95 |")
    for label, score in result.seo.items():
        lines.append(f"| Lighthouse, mobil SEO: {label.lower()} | {score} | 100 |")
    if result.lighthouse_note:
        lines += ["", f"Lighthouse: {result.lighthouse_note}."]
    return lines
