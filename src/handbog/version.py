"""Edition, date, public address and release builds of the handbook, each decided here once.

* The **edition** (``2026.1``) is the top entry of ``CHANGELOG.md``: the number a reader
  quotes and the list of what changed in it live in one file, written by the editors, so they
  cannot drift apart. (The package version in pyproject.toml describes the code; an editable
  install would also read it stale until reinstalled.)
* The **build** (``git describe``) says which commit a PDF was printed from; it is small print
  on the colophon, never the edition.
* The **date** honours SOURCE_DATE_EPOCH; without it the date of the last commit is used, so
  two builds of one commit print the same date.
* The **public address** is ``HANDBOG_BASEURL`` and nothing else. Without it nothing prints
  or links to a made-up host: the online references are left out.
* A **release build** is one with ``HANDBOG_RELEASE=1`` or on Read the Docs
  (``READTHEDOCS=True``); it refuses to build without the public address or the edition.
  A plain build or test run (``.ci/run``, ``nox -s tests``) is not a release build.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

FALLBACK_BUILD = "ukendt"
# 2023-01-01, the year of the VIVE report: used only outside a git checkout.
FALLBACK_EPOCH = 1672531200

CHANGELOG = "CHANGELOG.md"
#: "## Udgave 2026.1 – december 2026": the edition is the first word after "Udgave".
EDITION_HEADING = re.compile(r"^##\s+Udgave\s+(?P<edition>[0-9][0-9A-Za-z.\-]*)", re.MULTILINE)

BASEURL_VARIABLE = "HANDBOG_BASEURL"
RELEASE_VARIABLE = "HANDBOG_RELEASE"


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def source_date_epoch(root: Path) -> int:
    stamp = _git(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else FALLBACK_EPOCH


def edition(root: Path) -> str:
    """The edition named by the top ``## Udgave …`` heading of CHANGELOG.md; "" if none."""
    try:
        text = (root / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        # conf.py calls this before Sphinx can report anything: changelog_problems says why
        return ""
    found = EDITION_HEADING.search(text)
    return found.group("edition") if found else ""


#: The rest of the top heading after the dash is the edition's date as the editors write it
#: (»december 2026«): when the edition was issued, which a build date cannot say.
EDITION_DATE = re.compile(
    r"^##[ \t]+Udgave[ \t]+\S+[ \t]+[–-][ \t]+(?P<date>.+?)[ \t]*$", re.MULTILINE
)


def edition_date(root: Path) -> str:
    """The date of the top ``## Udgave 2026.1 – december 2026`` heading; "" if none."""
    try:
        text = (root / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    top = EDITION_HEADING.search(text)
    found = EDITION_DATE.match(text, top.start()) if top else None
    return found.group("date") if found else ""


def changelog_problems(root: Path) -> list[tuple[str, str]]:
    """What an editor broke in CHANGELOG.md: ("CHANGELOG.md:line", the Danish message with the fix).

    A file that does not exist is no problem (an example project has no edition); a file that
    cannot be read as UTF-8, or an edition written twice, would otherwise print the wrong
    edition on every cover without a word.
    """
    try:
        raw = (root / CHANGELOG).read_bytes()
    except OSError:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [
            (
                f"{CHANGELOG}:{line}",
                f"{CHANGELOG} er ikke gemt som UTF-8 (første forkerte tegn står i linje {line}). "
                "Gem filen igen med tegnsættet UTF-8, så æ, ø, å og udgavens nummer kan læses.",
            )
        ]
    problems: list[tuple[str, str]] = []
    first_line: dict[str, int] = {}
    for found in EDITION_HEADING.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        name = found.group("edition")
        if name in first_line:
            problems.append(
                (
                    f"{CHANGELOG}:{line}",
                    f"Udgave {name} står to gange i {CHANGELOG} (linje {first_line[name]} og "
                    f"{line}). Hver udgave har sin egen overskrift: giv den nye udgave et nyt "
                    "nummer, eller flet de to afsnit sammen.",
                )
            )
        else:
            first_line[name] = line
    return problems


#: What a build without an edition (no CHANGELOG.md entry, an example project) calls itself.
NO_EDITION = "arbejdsudgave"


def edition_line(edition: str, date: str) -> str:
    """ "Udgave 2026.1 · 01.12.2026": the HTML footer, the PDF cover and every PDF page."""
    return f"Udgave {edition} · {date}" if edition else f"Arbejdsudgave · {date}"


def build_id(root: Path, mark_dirty: bool = False) -> str:
    """``git describe`` of the checkout; with ``mark_dirty``, ``-dirty`` for uncommitted files.

    Only printed (colophon), never Sphinx's ``release``: a change of ``release`` makes Sphinx
    read every page again, and the build id changes with every commit.
    """
    args = ["describe", "--tags", "--always", *(["--dirty"] if mark_dirty else [])]
    return _git(root, *args) or FALLBACK_BUILD


def public_address(environ: Mapping[str, str] = os.environ) -> str:
    """The published address (``https://…/``) from HANDBOG_BASEURL, or "" when unknown."""
    address = environ.get(BASEURL_VARIABLE, "").strip()
    if address and not address.endswith("/"):
        address += "/"
    return address


def is_release_build(environ: Mapping[str, str] = os.environ) -> bool:
    """HANDBOG_RELEASE=1 (or true/yes), or a build on Read the Docs."""
    flag = environ.get(RELEASE_VARIABLE, "").strip().lower() in {"1", "true", "yes", "ja"}
    return flag or environ.get("READTHEDOCS", "").strip().lower() == "true"


def release_problems(edition: str, address: str, release: bool) -> list[tuple[str | None, str]]:
    """What stops this build: (the file to fix or None, the Danish message with the fix)."""
    problems: list[tuple[str | None, str]] = []
    if release and not edition:
        problems.append(
            (
                f"{CHANGELOG}:1",
                f"{CHANGELOG} nævner ingen udgave. Øverst i filen skal der stå en overskrift som "
                "'## Udgave 2026.1 – december 2026'; nummeret efter 'Udgave' er udgavens nummer "
                "på forsider, sidefødder og kolofon.",
            )
        )
    if release and not address:
        problems.append(
            (
                None,
                f"Det er en udgivelse ({RELEASE_VARIABLE}=1 eller Read the Docs), men håndbogens "
                f"offentlige adresse mangler. Sæt {BASEURL_VARIABLE} til adressen, fx "
                f"{BASEURL_VARIABLE}=https://din-adresse/ (se README.md, 'Udgivelse'). Uden "
                "adressen kan PDF'erne ikke henvise til den digitale håndbog.",
            )
        )
    if address and not re.match(r"^https?://[^/\s]+/", address):
        problems.append(
            (
                None,
                f"{BASEURL_VARIABLE}={address!r} er ikke en webadresse. Skriv hele adressen med "
                "https:// foran, fx https://din-adresse/.",
            )
        )
    elif release and address and is_placeholder(address):
        problems.append(
            (
                None,
                f"{BASEURL_VARIABLE}={address!r} er en eksempeladresse, som ikke findes. En "
                "udgivelse skal have håndbogens rigtige adresse.",
            )
        )
    return problems


def is_placeholder(address: str) -> bool:
    """A host reserved for examples (RFC 2606/6761): never a published handbook."""
    host = address.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    labels = host.split(".")
    return labels[-1] in {"invalid", "example", "test", "localhost"} or "example" in labels[-2:]
