"""The cover page of a module: handbook title, module title, version and date."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from .manifest import Manifest, Module

COVER_ID = "pdf::forside"


def build_cover(soup: BeautifulSoup, manifest: Manifest, module: Module) -> Tag:
    cover = soup.new_tag("section", attrs={"class": "pdf-cover", "id": COVER_ID})

    def add(tag: str, css_class: str, text: str) -> Tag:
        element = soup.new_tag(tag, attrs={"class": css_class})
        element.string = text
        cover.append(element)
        return element

    add(
        "p",
        "pdf-cover__kicker",
        "Praksishåndbog" if module.is_whole_handbook else "Undervisningsmodul",
    )
    add("p", "pdf-cover__project", manifest.project)
    # The running header takes the module title from here (pdf.css: string-set).
    add("p", "pdf-cover__module", module.title)

    facts = soup.new_tag("dl", attrs={"class": "pdf-cover__facts"})
    site = manifest.baseurl.split("://", 1)[-1].rstrip("/")
    for term, value in (("Version", manifest.version), ("Dato", manifest.date), ("Online", site)):
        dt = soup.new_tag("dt")
        dt.string = term
        dd = soup.new_tag("dd")
        dd.string = value
        facts.extend([dt, dd])
    cover.append(facts)

    add(
        "p",
        "pdf-cover__note",
        "Udskrift af den digitale håndbog. Henvisninger til sider uden for modulet står med "
        "deres webadresse. ID'er som PR_FS_TILLID_MOEDER navngiver praksis, redskaber, "
        "kilder og tjekpunkter, så de kan findes igen online.",
    )
    return cover
