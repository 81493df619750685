"""``handbog kommune``: make a municipal edition, and build it.

    handbog kommune ny "Eksempel Kommune" [--mappe MAPPE] [--kerne KERNE]
    handbog kommune byg [MAPPE] [--kerne KERNE] [--pdf]
    handbog kommune sammenlign FØR EFTER [--udgave MAPPE] [--md UD]

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
    out.print(
        f"{escape(values['genitiv'])} udgave er oprettet i {escape(display_path(folder))}. Ret "
        f"kontakterne i {config.FILE_NAME}, og byg med: handbog kommune byg "
        f"{escape(display_path(folder))}",
        soft_wrap=True,
    )
    return EXIT_OK


def cmd_build(args: argparse.Namespace, out: Console, err: Console) -> int:
    folder: Path = args.mappe
    edition, problems = config.read(folder)
    if edition is None:
        _print(err, problems)
        return EXIT_PROBLEMS
    core = _core(args, err)
    if core is None:
        return EXIT_PROBLEMS
    plan = staging.plan(edition, core, load_model(core.root / FILE_NAME))
    if plan.problems:
        _print(err, plan.problems)
        return EXIT_PROBLEMS
    build = edition.folder / BUILD
    confdir, srcdir, paths = staging.compose(edition, core, plan, build / "kilde")
    command = project.strict_html_command(
        confdir, srcdir, build / "html", build / "doctrees", *(["-q"] if args.stille else [])
    )
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
    out.print(
        f"{escape(edition.identity(core.edition))}: bygget på {seconds:.1f} s i "
        f"{escape(display_path(build / 'html'))}",
        soft_wrap=True,
    )
    if not args.pdf:
        return EXIT_OK
    # the core's PDF modules from the edition's HTML, by handbog's own pdf command (its
    # messages and exit status), so the PDFs carry the local boxes and the edition's name
    pdf = subprocess.run([sys.executable, "-m", "handbog", "pdf", str(build / "html")], check=False)
    return EXIT_OK if pdf.returncode == 0 else EXIT_PROBLEMS


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
    """Add ``kommune ny`` and ``kommune byg`` to the ``handbog`` command's subparsers."""
    group = groups.add_parser(
        "kommune",
        help="en kommunes egen udgave: opret den, byg den",
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
        "--pdf", action="store_true",
        help="byg også PDF-modulerne (tager minutter; HTML alene er hurtigere, mens du skriver)",
    )  # fmt: skip
    for parser in (new, build):
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
