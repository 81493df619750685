"""Reader quality gates: accessibility, privacy, page weight and reproducible builds.

The checking logic lives here, apart from the tests, so that the real handbook and the
deliberately broken pages in tests/data/quality/ go through exactly the same functions.
Each check returns a list of problems (empty when all is well), each problem a sentence that
names the page, the element and what is wrong, so that a failing test explains itself.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib.resources
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from handbog.project import project_files, strict_html_command

# -- Pages ----------------------------------------------------------------------------------


def html_pages(root: Path) -> list[str]:
    """Every HTML page below ``root``, as URL paths relative to it, in a stable order."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


# -- Accessibility: static checks on the HTML ---------------------------------------------

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
LANGUAGE = "da"
# Input types that need no label of their own: they are buttons with a value or not shown.
_UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


def _text_of(soup: BeautifulSoup, ids: str) -> str:
    parts = []
    for ref in ids.split():
        target = soup.find(id=ref)
        if target is not None:
            parts.append(target.get_text(" ", strip=True))
    return " ".join(parts).strip()


def _describe(tag) -> str:
    attrs = " ".join(
        f'{k}="{v if isinstance(v, str) else " ".join(v)}"' for k, v in tag.attrs.items()
    )
    text = f"<{tag.name} {attrs}>" if attrs else f"<{tag.name}>"
    return text if len(text) <= 140 else text[:137] + "..."


def static_accessibility_problems(html: str, page: str) -> list[str]:
    """What can be judged from the markup alone (axe judges the rendered page).

    - the page is in Danish (``<html lang="da">``);
    - every ``<img>`` has an ``alt`` (empty only when decorative) and every
      ``<svg role="img">`` a text alternative (aria-label, aria-labelledby or <title>);
    - every form control has a label;
    - a page with links starts with a skip link to an element that exists.
    """
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []
    root = soup.find("html")
    lang = root.get("lang") if root else None
    if lang != LANGUAGE:
        problems.append(f'{page}: <html lang="{lang}"> skal være lang="{LANGUAGE}".')

    for img in soup.find_all("img"):
        if img.get("alt") is None and img.get("role") not in {"presentation", "none"}:
            problems.append(f"{page}: billede uden alt-tekst: {_describe(img)}")
    for svg in soup.find_all("svg", attrs={"role": "img"}):
        title = svg.find("title")
        name = (
            (svg.get("aria-label") or "").strip()
            or _text_of(soup, svg.get("aria-labelledby", ""))
            or (title.get_text(strip=True) if title else "")
        )
        if not name:
            problems.append(f"{page}: SVG med role=img uden tekstalternativ: {_describe(svg)}")

    labelled_ids = {lab.get("for") for lab in soup.find_all("label") if lab.get("for")}
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and control.get("type", "text") in _UNLABELLED_INPUT_TYPES:
            continue
        has_label = (
            (control.get("id") and control["id"] in labelled_ids)
            or control.find_parent("label") is not None
            or (control.get("aria-label") or "").strip()
            or _text_of(soup, control.get("aria-labelledby", ""))
            or (control.get("title") or "").strip()
        )
        if not has_label:
            problems.append(f"{page}: formularfelt uden etiket (label): {_describe(control)}")

    skip = skip_link(soup)
    if soup.find("a", href=True) is None:
        pass  # no links (a redirect stub such as permalink.html): nothing to skip past
    elif skip is None:
        problems.append(f"{page}: ingen spring-til-indhold-link før navigationen.")
    elif soup.find(id=skip["href"][1:]) is None:
        problems.append(
            f"{page}: spring-til-indhold-linket peger på {skip['href']}, som ikke findes."
        )
    return problems


def skip_link(soup: BeautifulSoup):
    """The first link of the body, when it jumps within the page; else None."""
    body = soup.find("body")
    first = body.find("a", href=True) if body else None
    if first is not None and first["href"].startswith("#") and len(first["href"]) > 1:
        return first
    return None


# -- Accessibility: in the browser ----------------------------------------------------------


@cache
def axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python wheel (never fetched at run time)."""
    return (
        importlib.resources.files("axe_playwright_python")
        .joinpath("axe.min.js")
        .read_text(encoding="utf-8")
    )


def axe_violations(page, tags: Iterable[str] = WCAG_TAGS) -> list[dict]:
    """Run axe-core on the loaded page, limited to the given WCAG tags."""
    page.evaluate(axe_script())
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def format_violations(label: str, violations: list[dict]) -> list[str]:
    """One line per failing element: page, mode, rule, what axe says, selector, markup."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            snippet = " ".join(node["html"].split())[:160]
            summary = node.get("failureSummary", "").replace("\n", " ")[:240]
            lines.append(
                f"{label}: {v['id']} ({v['impact']}, {v['helpUrl'].split('?')[0]}): "
                f"{v['help']} | {target} | {snippet} | {summary}"
            )
    return lines


def apply_color_scheme(page, scheme: str) -> None:
    """Show the page as a reader with this system setting sees it (furo's 'auto' theme)."""
    page.emulate_media(color_scheme=scheme)


def background_luminance(page) -> float:
    """Relative luminance (0 black … 1 white) of the body's background."""
    rgb = page.evaluate(
        """() => {
            const c = getComputedStyle(document.body).backgroundColor;
            return (c.match(/[\\d.]+/g) || [255, 255, 255]).slice(0, 3).map(Number);
        }"""
    )

    def channel(value: float) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(x) for x in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def color_scheme_problems(page, scheme: str, label: str) -> list[str]:
    """The check only means something when the page really shows the scheme asked for."""
    lum = background_luminance(page)
    if scheme == "dark" and lum > 0.2:
        return [f"{label}: siden skifter ikke til mørk tilstand (baggrund har luminans {lum:.2f})."]
    if scheme == "light" and lum < 0.6:
        return [f"{label}: siden er ikke lys i lys tilstand (baggrund har luminans {lum:.2f})."]
    return []


_ACTIVE = """() => {
    const a = document.activeElement;
    if (!a || a === document.body) return null;
    const r = a.getBoundingClientRect();
    return {tag: a.tagName.toLowerCase(), href: a.getAttribute('href'),
            text: a.textContent.trim().slice(0, 60), width: r.width, height: r.height,
            top: r.top, left: r.left};
}"""
_ON_SCREEN = """() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && r.top >= 0 && r.left >= 0 &&
        r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}"""


_FOCUS_STYLE = """el => {
    const s = getComputedStyle(el);
    return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
            outlineColor: s.outlineColor, boxShadow: s.boxShadow};
}"""


def focus_problems(page, label: str) -> list[str]:
    """The element that has keyboard focus shows an outline (or ring) it lacks without focus."""
    element = page.evaluate_handle("document.activeElement")
    described = page.evaluate(_ACTIVE)
    if described is None:
        return [f"{label}: intet element har fokus."]
    focused = element.evaluate(_FOCUS_STYLE)
    element.evaluate("el => el.blur()")
    unfocused = element.evaluate(_FOCUS_STYLE)
    element.evaluate("el => el.focus()")

    def visible(s: dict) -> bool:
        transparent = s["outlineColor"] in {"transparent", "rgba(0, 0, 0, 0)"}
        outline = s["outlineStyle"] != "none" and s["outlineWidth"] >= 1 and not transparent
        return outline or s["boxShadow"] != "none"

    if not visible(focused) or focused == unfocused:
        return [
            f"{label}: tastaturfokus er ikke synligt på {described} "
            f"(uden fokus: {unfocused}; med fokus: {focused})."
        ]
    return []


def keyboard_problems(page, label: str) -> list[str]:
    """A keyboard reader's first steps on a page, as the tests in this order:

    1. the first Tab reaches a skip link, which slides into view and shows its focus;
    2. Enter follows it, and the next Tab lands in the main content (not the navigation),
       on an element that shows its focus too.
    """
    page.keyboard.press("Tab")
    first = page.evaluate(_ACTIVE)
    if first is None or first["tag"] != "a" or not (first["href"] or "").startswith("#"):
        return [
            f"{label}: første Tab rammer ikke et spring-til-indhold-link, men {first}.",
            *focus_problems(page, label),
        ]
    try:  # furo slides the link in with a short transition
        page.wait_for_function(_ON_SCREEN, timeout=2000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; the message says it all
        return [
            f"{label}: spring-til-indhold-linket er ikke synligt, når det har fokus: "
            f"{page.evaluate(_ACTIVE)}."
        ]
    problems = focus_problems(page, label)
    target_id = first["href"][1:]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    landed = page.evaluate(
        """id => {
            const target = document.getElementById(id);
            const a = document.activeElement;
            if (!target || !a || a === document.body) return false;
            return target.contains(a) ||
                Boolean(target.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""",
        target_id,
    )
    if not landed:
        return problems + [
            f"{label}: efter spring-til-indhold (#{target_id}) og Tab står fokus ikke i "
            f"indholdet, men på {page.evaluate(_ACTIVE)}."
        ]
    return problems + focus_problems(page, label)


# -- Privacy --------------------------------------------------------------------------------


@dataclass
class Traffic:
    """Every request a browser context made, split into local and blocked outside ones."""

    origin: str
    local: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def watch_traffic(context, origin: str) -> Traffic:
    """Record every request of ``context``; requests that leave ``origin`` are blocked, so a
    test never sends anything off this machine, and listed."""
    traffic = Traffic(origin=origin.rstrip("/"))
    local_host = urlsplit(origin).netloc

    def handle(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == local_host:
            traffic.local.append(url)
            route.continue_()
        else:
            traffic.outside.append(url)
            route.abort()

    context.route("**/*", handle)
    return traffic


def privacy_problems(
    traffic: Traffic, cookies: list[dict], page_cookie: str, label: str
) -> list[str]:
    problems = [
        f"{label}: forespørgsel til en anden vært end {traffic.origin}: {url}"
        for url in traffic.outside
    ]
    problems += [f"{label}: sætter en cookie: {c['name']} ({c['domain']})" for c in cookies]
    if page_cookie:
        problems.append(f"{label}: document.cookie er ikke tom: {page_cookie!r}")
    return problems


def exercise_forms(page) -> int:
    """Use every form control in the page's main content as a reader would; return how many.

    Buttons that download (export) or ask for confirmation are allowed to do so: the point is
    that nothing leaves the browser.
    """
    page.on("dialog", lambda dialog: dialog.accept())
    controls = page.locator(
        "article input:not([type=hidden]):not([type=file]), article select, article textarea, "
        "article button"
    )
    used = 0
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible() or not control.is_enabled():
            continue
        kind = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind in {"input:checkbox", "input:radio"}:
            control.check()
        elif kind.startswith("select:"):
            values = control.locator("option").evaluate_all("os => os.map(o => o.value)")
            if values:
                control.select_option(values[-1])
        elif kind.startswith(("input:", "textarea:")):
            control.fill("Prøvetekst fra privatlivstesten")
        else:
            control.click(no_wait_after=True)
        used += 1
    page.wait_for_load_state("networkidle")
    return used


# -- Page weight ----------------------------------------------------------------------------

PAGE_BUDGET = 200_000  # bytes (1 KB = 1000 bytes), all transfers of a first visit


@dataclass
class PageWeight:
    page: str
    resources: list[tuple[str, str, int]]  # (path, resource type, body bytes)

    @property
    def total(self) -> int:
        return sum(size for _, _, size in self.resources)

    def breakdown(self) -> str:
        by_type: dict[str, int] = {}
        for _, kind, size in self.resources:
            by_type[kind] = by_type.get(kind, 0) + size
        kinds = ", ".join(
            f"{k} {v / 1000:.1f} KB" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1])
        )
        largest = sorted(self.resources, key=lambda r: -r[2])[:8]
        files = "\n".join(
            f"    {size / 1000:7.1f} KB  {kind:<10} {path}" for path, kind, size in largest
        )
        return f"{self.page}: {self.total / 1000:.1f} KB i alt ({kinds}); største filer:\n{files}"


def measure_page(browser, base_url: str, page_path: str) -> PageWeight:
    """Load one page in a fresh context (empty cache) and sum the bodies of all responses."""
    context = browser.new_context()
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(base_url + page_path, wait_until="networkidle")
        resources = []
        for request in finished:
            size = request.sizes()["responseBodySize"]
            path = urlsplit(request.url).path.removeprefix("/") or request.url
            resources.append((path, request.resource_type, size))
        return PageWeight(page_path, resources)
    finally:
        context.close()


def weight_problems(weights: Iterable[PageWeight], budget: int = PAGE_BUDGET) -> list[str]:
    return [
        f"{w.page} vejer {w.total / 1000:.1f} KB, over grænsen på {budget / 1000:.0f} KB.\n"
        + w.breakdown()
        for w in weights
        if w.total > budget
    ]


# -- Reproducible builds -------------------------------------------------------------------

# Output files left out when two builds are compared, and why. Keep this list short: each entry
# is a file whose content a reader never sees and that cannot be made stable from this project.
UNSTABLE_OUTPUT = {
    # sphinx-needs' schema-validation report states how long validation took ("in 0.020
    # seconds", "needs/s"). It is a build report, not part of the handbook.
    "schema_violations.json": "sphinx-needs skriver valideringens varighed i filen",
    # Pagefind (handbog/search.py) writes the values of each search filter in an order of its
    # own (a Rust hash map), so the filter files, the meta file that names them by hash and
    # the entry file that names the meta file differ from build to build with the same
    # content. The words' index and the pages' fragments are compared as any other file.
    "pagefind/filter/*": "Pagefind skriver filtrenes værdier i tilfældig rækkefølge",
    "pagefind/pagefind.*.pf_meta": "navngiver filterfilerne efter deres indhold",
    "pagefind/pagefind-entry.json": "navngiver metafilen efter dens indhold",
    # The search's rules name the meta and filter files, so that a content page can fetch
    # them while the reader types (handbog.theme.search, handbog.compat.pagefind_index_parts).
    "pagefind/handbog-soegeregler.json": "navngiver metafilen og filterfilerne",
}


def copy_project(repo: Path, dest: Path) -> Path:
    """A clean copy of the project (no build output, no .git, no compiled catalogs)."""
    for rel in project_files(repo):  # the same file list the benchmark copies
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / rel, target)
    return dest


def build_html(project: Path, out: Path, epoch: str = "1700000000") -> subprocess.CompletedProcess:
    """A strict HTML build of ``project`` (a copy of the repository) into ``out``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONHASHSEED": "random"}
    env.pop("HANDBOG_BASEURL", None)
    cmd = strict_html_command(project, project / "docs", out / "html", out / "doctrees", "-q")
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project)


def tree_differences(a: Path, b: Path, exclude: Iterable[str] = ()) -> list[str]:
    """Files that differ between two output trees, with the first differing lines.

    ``exclude`` holds paths relative to the trees, or shell patterns of them (files left out
    of the comparison).
    """
    patterns = list(exclude)

    def kept(root: Path) -> set[str]:
        files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        return {rel for rel in files if not any(fnmatch.fnmatchcase(rel, pat) for pat in patterns)}

    files_a, files_b = kept(a), kept(b)
    problems = [f"{rel}: kun i første bygning" for rel in sorted(files_a - files_b)]
    problems += [f"{rel}: kun i anden bygning" for rel in sorted(files_b - files_a)]
    for rel in sorted(files_a & files_b):
        left, right = (a / rel).read_bytes(), (b / rel).read_bytes()
        if left == right:
            continue
        try:
            diff = difflib.unified_diff(
                left.decode().splitlines(), right.decode().splitlines(), lineterm="", n=0
            )
            shown = [line[:200] for line in list(diff)[2:8]]
            problems.append(f"{rel}: forskellig i de to bygninger:\n    " + "\n    ".join(shown))
        except UnicodeDecodeError:
            problems.append(f"{rel}: binær fil forskellig i de to bygninger")
    return problems
