"""The search's evaluation set (soegeevaluering.toml), run in the built site's search page.

Each query is typed into the real search page in Chromium (390 × 844), and the first three
results are compared with the pages the set names for it. Reports top 1 and top 3 per kind
of query and in all, the misses, and whether each word the handbook never uses got the
honest dead end. Used by benchmarks/bench.py (``nox -s bench``); can also be run on its own
on a built site: ``python benchmarks/search_eval.py /tmp/html``. Not a test.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SET = Path(__file__).with_name("soegeevaluering.toml")
#: Kinds in the order the table shows them, with the reader's name for each.
KINDS = {
    "ordliste": "ordlistens ord",
    "synonym": "andre navne for dem",
    "stavefejl": "et bogstav forkert eller mangler",
    "ae-oe-aa": "ae, oe og aa for æ, ø og å",
    "hverdagsord": "hverdagsord for de formelle",
    "spoergsmaal": "spørgsmål fra personalet",
}
#: The search page marks the query it has finished with (soeg.js); older pages did not.
DONE = """q => {
  const s = document.querySelector('.handbog-search-status');
  return s.dataset.query === q || (!('query' in s.dataset) && s.textContent.includes(q));
}"""


@dataclass
class Outcome:
    query: str
    kind: str
    expected: list[str]
    top: list[str]
    #: the results alone, without a glossary term's definition above them
    results: list[str] = field(default_factory=list)

    @property
    def top1(self) -> bool:
        return bool(self.top) and self.top[0] in self.expected

    @property
    def top3(self) -> bool:
        return any(page in self.expected for page in self.top[:3])

    @property
    def results_top3(self) -> bool:
        return any(page in self.expected for page in self.results[:3])


@dataclass
class Evaluation:
    outcomes: list[Outcome] = field(default_factory=list)
    #: word → the pages it still found (empty: the honest dead end)
    dead_ends: dict[str, list[str]] = field(default_factory=dict)
    error: str = ""


def load() -> tuple[list[dict[str, object]], list[str]]:
    data = tomllib.loads(SET.read_text("utf-8"))
    return data["query"], data["dead_end"]["words"]


def _docname(url: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0]
    return path.lstrip("/").removesuffix(".html")


def search(page, base: str, query: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The pages the search page shows for the query, in order, with a glossary term's
    definition first, and the results alone."""
    page.goto(base + "search.html", wait_until="networkidle")
    page.locator("#handbog-q").press_sequentially(query)
    page.press("#handbog-q", "Enter")
    page.wait_for_function(DONE, arg=query, timeout=30_000)
    # what the reader sees first: a glossary term's definition (when there is one), then
    # the results
    urls = page.eval_on_selector_all(
        ".handbog-search-term-title a, .handbog-search-result .handbog-search-title a",
        "links => links.map(a => a.href)",
    )
    results = page.eval_on_selector_all(
        ".handbog-search-result .handbog-search-title a", "links => links.map(a => a.href)"
    )
    return [_docname(u.removeprefix(base)) for u in urls], [
        _docname(u.removeprefix(base)) for u in results
    ]


def evaluate(base: str) -> Evaluation:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return Evaluation(error="Playwright mangler (pip install -e '.[test]')")
    queries, words = load()
    result = Evaluation()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            for item in queries:
                top, results = search(page, base, str(item["q"]))
                expected = list(item["pages"])  # type: ignore[call-overload]
                result.outcomes.append(
                    Outcome(str(item["q"]), str(item["kind"]), expected, top, results)
                )
            for word in words:
                top, _results = search(page, base, word)
                result.dead_ends[word] = top
        finally:
            browser.close()
    return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def report(result: Evaluation) -> list[str]:
    lines = ["", "## Søgningen: evalueringssættet", ""]
    if result.error:
        return [*lines, f"Ikke målt: {result.error}"]
    lines += [
        f"{len(result.outcomes)} søgninger fra `benchmarks/{SET.name}`, skrevet ned med de rette "
        "sider, før de blev kørt; kørt i søgesiden i Chromium.",
        "",
        "| Slags søgning | Antal | Top 1 | Top 3 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, label in KINDS.items():
        group = [o for o in result.outcomes if o.kind == kind]
        if group:
            one, three = sum(o.top1 for o in group), sum(o.top3 for o in group)
            lines.append(f"| {label} | {len(group)} | {_pct(one, len(group))} | "
                         f"{_pct(three, len(group))} |")  # fmt: skip
    n = len(result.outcomes)
    one = sum(o.top1 for o in result.outcomes)
    three = sum(o.top3 for o in result.outcomes)
    lines.append(f"| **i alt** | {n} | {_pct(one, n)} | {_pct(three, n)} (mål ≥ 95 %) |")
    alone = sum(o.results_top3 for o in result.outcomes)
    lines += [
        "",
        "Top 3 regner en ordlisteforklaring over resultaterne med, når søgningen er et "
        f"ord fra ordlisten; uden den er top 3 {_pct(alone, n)}.",
    ]
    misses = [o for o in result.outcomes if not o.top3]
    if misses:
        lines += ["", "Ikke blandt de første tre:", ""]
        lines += [f"- »{o.query}«: ventede {', '.join(o.expected)}; fik "
                  f"{', '.join(o.top[:3]) or 'ingen'}" for o in misses]  # fmt: skip
    found = {word: top for word, top in result.dead_ends.items() if top}
    lines += [
        "",
        f"Ord, håndbogen aldrig bruger: {len(result.dead_ends) - len(found)} af "
        f"{len(result.dead_ends)} fik »Ingen sider passer«.",
    ]
    lines += [f"- »{word}« fandt {', '.join(top[:3])}" for word, top in found.items()]
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Brug: python benchmarks/search_eval.py MAPPE-MED-DEN-BYGGEDE-HTML", file=sys.stderr)
        return 2
    sys.path.insert(0, str(Path(__file__).parent))
    import web

    with web.serve(Path(argv[0])) as base:
        result = evaluate(base)
    print("\n".join(report(result)))
    return 0 if not result.error else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
