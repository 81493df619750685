"""One handbook page made ready for print: its article, without screen-only parts.

Everything here works on one page at a time; :mod:`handbog.pdf.assemble` puts the pages
together.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from handbog.checklists.paper import title_of_form_label

from .formfix import NAME_ATTRIBUTE
from .links import anchor_for

#: The page content of the Furo theme (Sphinx' basic theme uses div.body).
ARTICLE_SELECTORS = ('article[role="main"]', "div.body[role='main']")

#: Furo's <article role="main">, found in the raw text: parsing only the article, not the
#: navigation around it (the whole site's toctree on every page), halves the parse time.
_FURO_ARTICLE = re.compile(r'<article\b[^>]*\brole="main"[^>]*>.*</article>', re.DOTALL)

#: Parts of a page that only work on a screen. Buttons and form fields stay (pdf.css turns
#: them into boxes to fill in by hand); ``handbog-screen-only`` lets a page author mark more.
SCREEN_ONLY = (
    "a.headerlink",  # the ¶ after each heading
    "p.handbog-pdf-link",  # "download this module as PDF" – the reader holds it already
    ".needs_collapse",  # sphinx-needs' show/hide arrows
    # a need's full trace, one tap away on screen: paper shows the evidence line and the
    # checklist counts; the traceability pages print every link
    "details.handbog-trace",
    ".handbog-screen-only",
    "script",
    "noscript",
    "template",
    "style",
    "link",
)

#: Attributes that refer to ids of the same page and must follow when ids are renamed.
ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "list")

#: A need ID in running text, with the punctuation around it.
_ID_WORD = re.compile(r"^\W*[A-Z][A-Z0-9]*_[A-Z0-9_]{6,}\W*$")

RESOURCE_ATTRIBUTES = {"img": "src", "object": "data", "embed": "src", "source": "src"}


def load_article(html_dir: Path, page_html: str) -> Tag | None:
    """The page's main content, or None when the page has none (the caller reports it)."""
    text = (Path(html_dir) / page_html).read_text(encoding="utf-8")
    match = _FURO_ARTICLE.search(text)
    soup = BeautifulSoup(match.group(0) if match else text, "html.parser")
    for selector in ARTICLE_SELECTORS:
        article = soup.select_one(selector)
        if article is not None:
            return article
    return None


def strip_screen_only(article: Tag) -> None:
    for element in article.select(", ".join(SCREEN_ONLY)):
        element.decompose()


def simplify_markup(article: Tag) -> None:
    """Lighter markup for print: fewer boxes to lay out, need IDs where the eye looks first.

    * attribute-less ``<span>`` wrappers (sphinx-needs nests many) are unwrapped: they carry
      no meaning, and every element costs WeasyPrint layout time;
    * empty lines of a need's meta and footer blocks are dropped, and so are empty rows;
    * a need's ID moves to the start of its head line, so pdf.css can float it to the
      top-right corner of the box, whatever the length of the title.
    """
    for span in article.find_all("span"):
        if not span.attrs:
            span.unwrap()
    for line in article.select(".needs_meta .line, .needs_footer .line"):
        if not line.get_text(strip=True):
            line.decompose()
    for row in article.select("tr.need.meta, tr.need.footer"):
        if not row.get_text(strip=True):
            row.decompose()
    for need_id in article.select(".needs_head .needs-id"):
        parent = need_id.find_parent(class_="line")
        if parent is not None:
            parent.insert(0, need_id.extract())


def merge_checklist_counts(article: Tag) -> None:
    """One pair of brackets after a need box's checklist line on paper (after the links got
    their printed hints): "»Mødet med forældrene« (3 punkter, s. 41)" in the whole handbook,
    "(3 punkter, se modulet »Tjeklister«)" in a module, not two brackets in a row.

    The page number is pdf.css's (``target-counter``), which reads the count from
    ``data-count``.
    """
    for line in article.select("p.handbog-checks"):
        link = line.select_one("a.handbog-checklist")
        count = line.select_one(".handbog-checks__count")
        if link is None or count is None:
            continue
        hint = link.select_one(".pdf-url")
        if hint is not None:
            hint.string = f"{count.get_text()}, {hint.get_text()}"
        elif "pdf-xref" in link.get_attribute_list("class"):
            link["data-count"] = count.get_text()
        else:
            continue
        for sibling in list(link.next_siblings):
            sibling.extract()


def set_id_lists_ragged(article: Tag) -> None:
    """Mark paragraphs that list several need IDs (after links got their printed IDs).

    Long IDs stretch the spaces of a justified line into holes; pdf.css sets these
    paragraphs ragged-right.
    """
    for paragraph in article.find_all("p"):
        if sum(1 for word in paragraph.get_text(" ").split() if _ID_WORD.match(word)) >= 2:
            # a copy: an element copied from another page may share its class list
            classes = copy.copy(paragraph.get_attribute_list("class"))
            classes.append("pdf-ragged")
            paragraph["class"] = classes


def blank_form_fields(soup: BeautifulSoup, article: Tag, fillable: bool = False) -> None:
    """Empty every form field: a printed checklist is filled in by hand.

    Answers live in the reader's browser, never in the page, but a field may still carry a
    default (``checked``, ``value``, a placeholder). A ``<select>`` becomes its options, each
    with a box to tick, since a drop-down cannot be opened on paper.

    ``fillable``: the fields stay fields for the fillable PDF (:mod:`handbog.pdf.forms`).
    """
    for field in article.find_all("input"):
        kind = field.get("type", "text")
        if kind not in {"hidden", "submit", "reset", "button"}:
            # A fillable radio button keeps its value: the answer it stands for in the PDF.
            keep = {"value"} if fillable and kind in {"radio", "checkbox"} else set()
            for attribute in {"checked", "value", "placeholder"} - keep:
                field.attrs.pop(attribute, None)
    for field in article.find_all("textarea"):
        field.string = ""
        field.attrs.pop("placeholder", None)
    if fillable:
        name_form_fields(article)
        return
    for field in article.find_all("select"):
        choices = soup.new_tag("span", attrs={"class": "pdf-choices"})
        for option in field.find_all("option"):
            label = option.get_text(" ", strip=True)
            if not label or option.get("value") == "":
                continue  # "Vælg …" placeholders are not an answer
            choice = soup.new_tag("span", attrs={"class": "pdf-choice"})
            choice.append(soup.new_tag("span", attrs={"class": "pdf-box"}))
            choice.append(label)
            choices.append(choice)
        if not choices.contents:
            choices["class"] = "pdf-field-line"  # printed as the one-item list was
        field.replace_with(choices)


def name_form_fields(article: Tag) -> None:
    """Give every field of the fillable PDF a name of its own.

    A PDF form has one value per field name across the whole file, so the context fields
    that every checklist names alike (``enhed``, ``dato``) get their form's id in front, and
    a note without a name is named after its id. The form gets ``pdf-fillable``, with which
    pdf.css draws the fields as PDF fields rather than as boxes to fill in by hand.
    """
    for form in article.find_all("form"):
        classes = copy.copy(form.get_attribute_list("class"))  # not shared with a copy
        classes.append("pdf-fillable")
        form["class"] = classes
        prefix = str(form.get("data-checklist") or form.get("id") or "")
        title = title_of_form_label(str(form.get("aria-label") or ""))
        for field in form.find_all(["input", "textarea", "select"]):
            name = str(field.get("name") or field.get("id") or "")
            if not name:
                continue
            if prefix and prefix not in name:
                name = f"{prefix}-{name}"
            field["name"] = name
            if spoken := _accessible_name(form, field, title):
                field[NAME_ATTRIBUTE] = spoken


def _accessible_name(form: Tag, field: Tag, title: str) -> str:
    """What a screen reader says for a field of the fillable PDF: the checklist and the
    question, not the option's label (»Ja«) or »Note« that WeasyPrint would take."""
    item = field.find_parent("fieldset", class_="hc-item")
    legend = item.find("legend") if item is not None else None
    if legend is not None:
        question = legend.get_text(" ", strip=True)
        own = f"{question} – note" if field.name == "textarea" else question
    else:
        field_id = str(field.get("id") or "")
        label = form.find("label", attrs={"for": field_id}) if field_id else None
        own = label.get_text(" ", strip=True) if label else str(field.get("aria-label") or "")
    if not own:
        return ""
    return f"{title}: {own}" if title else own


def detached_copy(elements: list[Tag]) -> list[Tag]:
    """Copies of elements from another page, without their ids and screen-only parts."""
    copies = []
    for element in elements:
        duplicate = copy.copy(element)
        strip_screen_only(duplicate)
        for tagged in [duplicate, *duplicate.find_all(id=True)]:
            tagged.attrs.pop("id", None)
        copies.append(duplicate)
    return copies


def collect_ids(article: Tag) -> set[str]:
    """The page's ids. A repeated id keeps its first element, as a browser would."""
    seen: set[str] = set()
    for element in article.find_all(id=True):
        if element["id"] in seen:
            del element["id"]
        else:
            seen.add(str(element["id"]))
    return seen


def prefix_ids(article: Tag, page_html: str) -> None:
    """Make the page's ids unique in the module (``page::id``), with what refers to them."""
    for element in article.find_all(True):  # one pass: this runs on every element
        attributes = element.attrs
        if "id" in attributes:
            attributes["id"] = anchor_for(page_html, str(attributes["id"]))
        for attribute in ID_REFERENCES:
            if attribute in attributes:
                value = attributes[attribute]
                ids = value if isinstance(value, list) else str(value).split()
                attributes[attribute] = " ".join(anchor_for(page_html, i) for i in ids)


def rewrite_resources(article: Tag, page_html: str, html_dir: Path) -> list[str]:
    """Point images at files of the HTML build, relative to its root (the render base URL).

    Returns problems: a missing file, or an image on the network (the PDF build never
    fetches anything).
    """
    problems = []
    for tag, attribute in RESOURCE_ATTRIBUTES.items():
        for element in article.find_all(tag, attrs={attribute: True}):
            element.attrs.pop("srcset", None)
            value = str(element[attribute])
            parts = urlsplit(value)
            if parts.scheme == "data":
                continue
            if parts.scheme or parts.netloc:
                problems.append(
                    f"billedet {value!r} ligger på nettet; PDF'en bruger kun lokale filer. Læg "
                    f"filen i docs/. (Remote image {value} is not fetched.)"
                )
                continue
            path = posixpath.normpath(
                posixpath.join(posixpath.dirname(page_html), unquote(parts.path))
            )
            if path.startswith("../") or not (Path(html_dir) / path).is_file():
                problems.append(
                    f"billedet {value!r} findes ikke i HTML-bygningen ({path}). "
                    f"(Image {path} not found.)"
                )
                continue
            element[attribute] = quote(path)
    return problems


#: A marked addition inside a checklist on paper: a small sign, explained once in the key.
ADDITION_SIGN = "◆"
#: The key at the end of a checklist on paper (see :func:`key_checklist_meta`).
KEY_CLASS = "hc-key"
KEY_TITLE = "Nøgle til tjeklisten."


def key_checklist_meta(
    soup: BeautifulSoup, article: Tag, page_html: str, titles: Mapping[str, str]
) -> None:
    """One key at the end of each checklist instead of a line under every item.

    On screen every item says what it checks ("Tjekker: …", with the need's ID), and an
    addition carries the label "Håndbogens tilføjelse:". On paper those lines took a quarter
    of a checklist page. Here each item keeps a small sign for an addition, and the key after
    the checklist explains the sign once and lists what the items check: the page of the
    handbook that describes it (``titles``: page file → title), each page once with the
    numbers of its items. pdf.css numbers the items in the same order (``counter(hc-item)``),
    so the key's numbers are the ones printed beside the items.

    That is done for every checklist (issue 23: on a self-assessment's pages the lines under
    the items were more than a tenth of the text too). The checklists used at a meeting or
    step by step (``hc-compact``), which are written on, also get their two columns.
    """
    for form in article.select("form.handbog-checklist"):
        checks: dict[str, list[int]] = {}
        # each page's link (without its anchor): the key keeps it, so the module's own link
        # pass prints the page number there ("se »Modul«, s. 12"), as for any pointer
        hrefs: dict[str, str] = {}
        signs = 0
        compact = "hc-compact" in form.get_attribute_list("class")
        for number, item in enumerate(form.select("fieldset.hc-item"), 1):
            for label in item.select(".handbog-tilfoejelse__maerke"):
                label.string = ADDITION_SIGN
                signs += 1
            help_text = item.select_one(".hc-help")
            text = item.select_one("legend.hc-text")
            if (
                help_text is not None
                and text is not None
                and help_text.get_text(" ", strip=True).rstrip(".") == ADDITION_SIGN
            ):
                # the whole item is the handbook's ("Håndbogens tilføjelse."): the sign goes
                # after the item's text instead of on a line of its own
                sign = soup.new_tag("span", attrs={"class": "handbog-tilfoejelse__maerke"})
                sign.string = ADDITION_SIGN
                text.append(" ")
                text.append(sign)
                help_text.decompose()
            if compact:
                _two_columns(soup, item)
            meta = item.select_one(".hc-meta")
            if meta is None:
                continue
            for link in meta.select("a.hc-checks"):
                target = str(link.get("href") or "").split("#", 1)[0]
                where = posixpath.normpath(posixpath.join(posixpath.dirname(page_html), target))
                title = titles.get(where) or " ".join(link.get_text(" ").split())
                hrefs.setdefault(title, target)
                numbers = checks.setdefault(title, [])
                if number not in numbers:
                    numbers.append(number)
            meta.decompose()
        if not checks and not signs:
            continue
        key = soup.new_tag("div", attrs={"class": KEY_CLASS})
        first = soup.new_tag("p")
        heading = soup.new_tag("strong", attrs={"class": f"{KEY_CLASS}__title"})
        heading.string = KEY_TITLE
        first.append(heading)
        if signs:
            first.append(
                f" {ADDITION_SIGN} Håndbogens tilføjelse: et råd, der ikke står i kilderne."
            )
        key.append(first)
        if checks:
            line = soup.new_tag("p")
            line.append("Punkterne i håndbogen: ")
            for index, (title, numbers) in enumerate(checks.items()):
                if index:
                    line.append("; ")
                line.append(f"punkt {number_ranges(numbers)}: ")
                link = soup.new_tag("a", attrs={"href": hrefs[title]})
                link.string = title
                line.append(link)
            line.append(".")
            key.append(line)
        form.append(key)


def number_ranges(numbers: list[int]) -> str:
    """ "1–12, 15": a run of three or more numbers as a range, so that a self-assessment's key
    (every item checks the same page) stays one line instead of twelve numbers."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(map(str, run)) for run in runs
    )


def _two_columns(soup: BeautifulSoup, item: Tag) -> None:
    """The question (text and help) on the left, the answer (boxes and note lines) on the
    right, each in a box of its own: pdf.css sets them side by side with flex, since
    WeasyPrint's grid overlapped the items when the note spanned two rows."""
    question = soup.new_tag("div", attrs={"class": "hc-question"})
    answer = soup.new_tag("div", attrs={"class": "hc-answer"})
    # hc-local: a municipal edition's marker »Lokalt i …« stays with the item's text
    wanted = ["hc-text", "hc-local", "hc-help"]
    for child in item.find_all(["legend", "p"], class_=wanted, recursive=False):
        question.append(child.extract())
    for child in item.find_all(
        "div", class_=["hc-options", "hc-note", "hc-scale"], recursive=False
    ):
        answer.append(child.extract())
    meta = item.select_one(":scope > .hc-meta")
    if meta is not None:
        meta.insert_before(question)
    else:
        item.append(question)
    question.insert_after(answer)
