"""``handbog kommune``: make a municipal edition, and build it.

    handbog kommune ny "Eksempel Kommune" [--mappe MAPPE] [--kerne KERNE]
    handbog kommune byg [MAPPE] [--kerne KERNE] [--kun-html]
    handbog kommune opdater --til UDGAVE [MAPPE] [--kerne KERNE] [--proev]
    handbog kommune sammenlign FØR EFTER [--udgave MAPPE] [--md UD]

The edition records the core edition it builds on in ``kerne.json`` (:mod:`.upgrade`):
``ny`` writes the edition, every successful ``byg`` the snapshot of the core needs the local
content adapts, and ``opdater`` moves both after it has written its report.

:func:`register` adds the commands to ``handbog``'s own command line (handbog.cli). Exit
status as there: 0 all is well, 1 something to fix in the edition's files (each problem
names file and line), 2 wrong use of the command.
"""

from __future__ import annotations

import argparse
import re
import string
import subprocess
import sys
import time
import unicodedata
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from handbog import project
from handbog.data.core import Problem, display_path
from handbog.kommune import config, staging, upgrade
from handbog.kommune.core import CORE_ENV, Core, CoreNotFound, locate
from handbog.messages import text as message
from handbog.model import FILE_NAME
from handbog.model import load as load_model

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: Under the edition's folder: what ``byg`` composes and writes (never committed).
BUILD = "build"

#: What ``ny`` writes: the template in kommune/skabelon/ -> the file in the new edition.
SKELETON = {
    "kommune.toml": config.FILE_NAME,
    "README.md": "README.md",
    "CHANGELOG.md": "CHANGELOG.md",
    "ci.yml": ".github/workflows/byg.yml",
    "gitignore": ".gitignore",
    "boks.md": f"{staging.BOXES}/eksempel.md",
    "side.md": f"{staging.PAGES}/kontakt.md",
}
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


def slug(name: str) -> str:
    """»Eksempel Kommune« → ``eksempel-kommune``: the folder's name."""
    plain = unicodedata.normalize("NFKD", name.translate(_ASCII)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", plain.decode().lower()).strip("-")


def code(name: str) -> str:
    """»Eksempel Kommune« → ``EKSEMPEL``: the name's first word, for the local IDs."""
    first = slug(name).split("-")[0] or "KOMMUNE"
    return re.sub(r"[^A-Z0-9]", "", first.upper()) or "KOMMUNE"


def _print(err: Console, problems: list[Problem]) -> None:
    for problem in problems:
        err.print(f"[red]fejl[/red] {escape(str(problem))}", soft_wrap=True)


def _core(args: argparse.Namespace, err: Console) -> Core | None:
    try:
        return locate(args.kerne)
    except CoreNotFound as exc:
        err.print(f"[red]fejl[/red] {escape(str(exc))}", soft_wrap=True)
        return None


def cmd_new(args: argparse.Namespace, out: Console, err: Console) -> int:
    name = " ".join(args.navn.split())
    if len(name) < 2 or not slug(name):
        err.print('[red]fejl[/red] skriv kommunens navn, fx handbog kommune ny "Eksempel Kommune".')
        return EXIT_USAGE
    folder: Path = args.mappe or Path(slug(name))
    if folder.exists() and any(folder.iterdir()):
        err.print(
            f"[red]fejl[/red] mappen {escape(display_path(folder))} findes og er ikke tom. Vælg en "
            "anden med --mappe, så intet bliver overskrevet.",
            soft_wrap=True,
        )
        return EXIT_USAGE
    core = _core(args, err)
    if core is None:
        return EXIT_PROBLEMS
    info = load_model(core.root / FILE_NAME)
    practices = set(info.practice_types)
    anchor = next(
        (
            block.need_id
            for page in staging.core_pages(core)
            for block in staging.need_blocks(page, practices)
        ),
        "",
    )
    values = {
        "navn": name,
        "genitiv": config.genitive(name),
        "kode": code(name),
        "kontakt": f"redaktionen i {name} (skriv en e-mailadresse eller en side her)",
        "anker": anchor,
        "dato": config.month_year(date.today()),
    }
    templates = resources.files("handbog").joinpath("kommune/skabelon")
    for source, target in SKELETON.items():
        text = string.Template(templates.joinpath(source).read_text("utf-8")).substitute(values)
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    upgrade.write_lock(folder, upgrade.Snapshot(core.edition))
    out.print(
        f"{escape(values['genitiv'])} udgave er oprettet i {escape(display_path(folder))}. Ret "
        f"kontakterne i {config.FILE_NAME}, og byg med: handbog kommune byg "
        f"{escape(display_path(folder))}",
        soft_wrap=True,
    )
    return EXIT_OK


def _known(edition: config.Edition, core: Core, err: Console) -> upgrade.Snapshot | None:
    """The edition's kerne.json, checked against the installed core; None (and the message
    said) when the build must not go on."""
    try:
        known = upgrade.read_lock(edition.folder)
    except upgrade.NeedsFileError as exc:
        _print(err, [exc.problem])
        raise
    if known is not None and known.edition and core.edition and known.edition != core.edition:
        problem = Problem(
            edition.folder / upgrade.LOCK,
            0,
            0,
            message("kommune-kerne-udgave", recorded=known.edition, installed=core.edition),
        )
        _print(err, [problem])
        raise upgrade.NeedsFileError(problem)
    return known


def _record(edition: config.Edition, core: Core, html: Path, local_types: list[str]) -> None:
    """After a good build: the core edition and the core needs the local ones adapt, as the
    build's needs.json has them, into kerne.json (what the next ``opdater`` compares with)."""
    version, needs = upgrade.read_needs(html / "needs.json")
    known = upgrade.snapshot(core.edition or version, needs, local_types)
    upgrade.write_lock(edition.folder, known)


def cmd_build(args: argparse.Namespace, out: Console, err: Console) -> int:
    folder: Path = args.mappe
    edition, problems = config.read(folder)
    if edition is None:
        _print(err, problems)
        return EXIT_PROBLEMS
    core = _core(args, err)
    if core is None:
        return EXIT_PROBLEMS
    try:
        _known(edition, core, err)
    except upgrade.NeedsFileError:
        return EXIT_PROBLEMS
    model = load_model(core.root / FILE_NAME)
    plan = staging.plan(edition, core, model)
    if plan.problems:
        _print(err, plan.problems)
        return EXIT_PROBLEMS
    build = edition.folder / BUILD
    confdir, srcdir, paths = staging.compose(edition, core, plan, build / "kilde")
    # Without the PDFs the pages must not link to them: a dead link is worse than none.
    links = ["-D", "handbog_pdf_links=0"] if args.kun_html else []
    command = project.strict_html_command(
        confdir, srcdir, build / "html", build / "doctrees",
        *links, *(["-q"] if args.stille else []),
    )  # fmt: skip
    start = time.perf_counter()
    # Sphinx's messages name the composed copies under build/; each is shown with the file
    # (and line) an editor edits instead, the local file or the core's page.
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace"
    ) as sphinx:
        assert sphinx.stderr is not None
        for line in sphinx.stderr:
            sys.stderr.write(paths.translate(line))
    result = sphinx
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        err.print(
            f"[red]fejl[/red] bygningen af {escape(edition.genitive)} udgave stoppede; ret det, "
            "beskederne ovenfor nævner (fil og linje).",
            soft_wrap=True,
        )
        return EXIT_PROBLEMS
    _record(edition, core, build / "html", list(model.local_types))
    out.print(
        f"{escape(edition.identity(core.edition))}: bygget på {seconds:.1f} s i "
        f"{escape(display_path(build / 'html'))}",
        soft_wrap=True,
    )
    if args.kun_html:
        return EXIT_OK
    # the core's PDF modules from the edition's HTML, by handbog's own pdf command (its
    # messages and exit status), so the PDFs carry the local boxes and the edition's name
    pdf = subprocess.run([sys.executable, "-m", "handbog", "pdf", str(build / "html")], check=False)
    return EXIT_OK if pdf.returncode == 0 else EXIT_PROBLEMS


#: Where ``opdater`` writes its report: a local page, in the menu under the local pages.
REPORT_PAGE = "opdatering-{slug}.md"


def core_needs(core: Core, build: Path, quiet: bool = True) -> tuple[str, dict[str, Any]]:
    """The installed core's needs, as sphinx-needs' ``needs`` builder writes them (only the
    data, no pages; its doctrees are kept under the edition's build/, so a second run only
    reads what changed)."""
    out = build / "kerne-needs"
    command = [
        sys.executable, "-m", "sphinx", "-b", "needs", "-c", str(core.root),
        *(["-q"] if quiet else []), "-d", str(build / "kerne-doctrees"), str(core.docs), str(out),
    ]  # fmt: skip
    subprocess.run(command, check=True)
    return upgrade.read_needs(out / "needs.json")


def cmd_upgrade(args: argparse.Namespace, out: Console, err: Console) -> int:
    wanted = args.til.strip()
    if not wanted:
        err.print(
            "[red]fejl[/red] skriv, hvilken udgave af håndbogen udgaven skal over på, fx "
            "handbog kommune opdater --til 2026.2 (pip show handbog viser den installerede).",
            soft_wrap=True,
        )
        return EXIT_USAGE
    edition, problems = config.read(args.mappe)
    if edition is None:
        _print(err, problems)
        return EXIT_PROBLEMS
    core = _core(args, err)
    if core is None:
        return EXIT_PROBLEMS
    if core.edition != wanted:
        text = message("kommune-opdater-udgave", installed=core.edition or "uden nummer",
                       wanted=wanted)  # fmt: skip
        err.print(f"[red]fejl[/red] {escape(text)}", soft_wrap=True)
        return EXIT_PROBLEMS
    try:
        known = upgrade.read_lock(edition.folder)
    except upgrade.NeedsFileError as exc:
        _print(err, [exc.problem])
        return EXIT_PROBLEMS
    if known is None or not known.complete:
        err.print(
            f"[red]fejl[/red] {escape(display_path(edition.folder / upgrade.LOCK))} siger ikke, "
            "hvad udgaven byggede på før. Byg udgaven én gang med den udgave af håndbogen, den "
            "bygger på nu (handbog kommune byg), og kør så opdater igen.",
            soft_wrap=True,
        )
        return EXIT_PROBLEMS
    if known.edition == wanted:
        out.print(f"Udgaven bygger allerede på kernens udgave {escape(wanted)}.", soft_wrap=True)
        return EXIT_OK
    try:
        after = upgrade.moved(core_needs(core, edition.folder / BUILD), known)
    except (subprocess.CalledProcessError, upgrade.NeedsFileError):
        err.print(
            "[red]fejl[/red] kernens data kunne ikke læses; beskederne ovenfor siger hvorfor. "
            "Installér håndbogen igen (pip install --force-reinstall handbog), og kør "
            "kommandoen igen.",
            soft_wrap=True,
        )  # fmt: skip
        return EXIT_PROBLEMS
    after.edition = wanted
    compared = upgrade.compare(known.as_needs(), after.as_needs())
    after.gone = {i: known.titles[i] for i in compared.removed if i in known.titles}
    report = compared.markdown(edition.name)
    out.print(escape(report), soft_wrap=True)
    plan = staging.plan(edition, core, load_model(core.root / FILE_NAME))
    if args.proev:
        out.print(
            "Prøvekørsel: intet er skrevet. Kør uden --proev for at skrive rapporten som side og "
            f"flytte udgaven til kernens udgave {escape(wanted)}.",
            soft_wrap=True,
        )
    else:
        page = edition.folder / staging.PAGES / REPORT_PAGE.format(slug=slug(wanted))
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(report, encoding="utf-8")
        upgrade.write_lock(edition.folder, after)
        out.print(
            f"Rapporten er skrevet i {escape(display_path(page))}, og udgaven bygger nu på "
            f"kernens udgave {escape(wanted)} ({upgrade.LOCK}). Se ændringen med git diff.",
            soft_wrap=True,
        )
    if plan.problems:
        err.print("Det skal rettes, før udgaven kan bygges med den nye kerne:", soft_wrap=True)
        _print(err, plan.problems)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_compare(args: argparse.Namespace, out: Console, err: Console) -> int:
    try:
        before = upgrade.read_needs(args.foer)
        after = upgrade.read_needs(args.efter)
    except upgrade.NeedsFileError as exc:
        _print(err, [exc.problem])
        return EXIT_PROBLEMS
    edition, _problems = config.read(args.udgave)
    name = edition.name if edition else "den lokale udgave"
    text = upgrade.compare(before, after).markdown(name)
    if args.md:
        args.md.write_text(text, encoding="utf-8")
        out.print(f"Rapporten er skrevet i {escape(display_path(args.md))}.", soft_wrap=True)
    else:
        out.print(escape(text), soft_wrap=True)
    return EXIT_OK


def register(groups: Any) -> None:
    """Add ``kommune ny``, ``byg``, ``opdater`` and ``sammenlign`` to ``handbog``'s
    subparsers."""
    group = groups.add_parser(
        "kommune",
        help="en kommunes egen udgave: opret den, byg den, opdatér den",
        description="En kommunes udgave af håndbogen: kun det lokale ligger i udgavens mappe; "
        "kernen er den installerede håndbog.",
    )
    # the same parser class as handbog's own commands: Danish usage errors
    commands = group.add_subparsers(dest="command", metavar="HANDLING", parser_class=type(group))
    new = commands.add_parser("ny", help='opret en ny udgave, fx handbog kommune ny "Navn Kommune"')
    new.add_argument("navn", metavar="NAVN", help="kommunens navn i anførselstegn")
    new.add_argument("--mappe", type=Path, default=None, help="standard: navnet, fx navn-kommune")
    build = commands.add_parser("byg", help="byg udgavens HTML (streng: advarsler er fejl)")
    build.add_argument(
        "mappe", type=Path, nargs="?", default=Path("."), metavar="MAPPE",
        help=f"udgavens mappe, den med {config.FILE_NAME} (standard: den aktuelle)",
    )  # fmt: skip
    build.add_argument("--stille", action="store_true", help="vis kun advarsler og fejl")
    build.add_argument(
        "--kun-html", action="store_true",
        help="byg kun HTML, uden PDF-modulerne og uden links til dem (hurtigere, mens du "
        "skriver; standard: HTML og PDF'er)",
    )  # fmt: skip
    # before PDFs were the default, --pdf asked for them; still accepted from old CI files
    build.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    update = commands.add_parser(
        "opdater",
        help="flyt udgaven til en ny udgave af kernen, med en rapport om, hvad der er ændret",
        description="Skriver en rapport om, hvad der er ændret i kernen, som det lokale bygger "
        "på (i terminalen og som en lokal side), og flytter så udgaven til den nye udgave af "
        "kernen. Installér den nye udgave af håndbogen først.",
    )
    # checked by cmd_upgrade, not argparse, so the message is Danish and names an example
    update.add_argument("--til", default="", metavar="UDGAVE", help="fx 2026.2 (skal angives)")
    update.add_argument(
        "mappe", type=Path, nargs="?", default=Path("."), metavar="MAPPE",
        help=f"udgavens mappe, den med {config.FILE_NAME} (standard: den aktuelle)",
    )  # fmt: skip
    update.add_argument(
        "--proev", action="store_true", help="vis kun rapporten; skriv og flyt intet"
    )
    update.set_defaults(func=cmd_upgrade)
    for parser in (new, build, update):
        parser.add_argument(
            "--kerne", type=Path, default=None, metavar="MAPPE",
            help=f"en mappe med håndbogens kerne (standard: {CORE_ENV}, ellers den installerede)",
        )  # fmt: skip
    compare = commands.add_parser(
        "sammenlign",
        help="hvad er ændret i kernen mellem to udgaver (to needs.json)",
        description="Sammenlign kernens needs.json før og efter: hvad det lokale bygger på, som "
        "er ændret, hvad der er fjernet eller omdøbt, og hvad der er nyt.",
    )
    compare.add_argument("foer", type=Path, metavar="FØR", help="needs.json fra den gamle udgave")
    compare.add_argument("efter", type=Path, metavar="EFTER", help="needs.json fra den nye")
    compare.add_argument(
        "--udgave", type=Path, default=Path("."), metavar="MAPPE",
        help="udgavens mappe (standard: den aktuelle)",
    )  # fmt: skip
    compare.add_argument("--md", type=Path, default=None, metavar="UD", help="skriv som side")
    compare.set_defaults(func=cmd_compare)
    new.set_defaults(func=cmd_new)
    build.set_defaults(func=cmd_build)
