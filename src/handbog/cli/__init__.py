"""The ``handbog`` command line (Danish), the one front end of the project's tools.

    handbog tjekliste liste
    handbog tjekliste valider [FILER …]
    handbog tjekliste udfyld ID [--svar FIL] [--genoptag] [--runde RUNDE]
    handbog tjekliste udfyld ID --fra FIL [--format md|html] [-o UD]
    handbog tjekliste rapport FIL [--format md|html] [-o UD]
    handbog tjekliste sammenlign FØR EFTER [--format md|html] [-o UD]
    handbog tjekliste samlet FILER… [--html UD] [--md UD] [--csv UD] [--noter UD]
                                   [--deltagelse UD] [--enheder FIL] [--type TYPE]
                                   [--tjekliste ID]
    handbog tjekliste rens FIL [-o UD]
    handbog ordliste valider [MAPPE] [--docs DOCS]
    handbog ordliste ny "begreb" [--mappe MAPPE]
    handbog pdf HTML-MAPPE [--only MODUL …] [--jobs N] [--strict]

Every command but ``pdf`` works on a project: the folder that holds ``ubproject.toml`` (the
information model), with ``checklists/``, ``glossary/`` and ``docs/`` beside it. It is the
folder given with ``--projekt`` (or ``HANDBOG_PROJEKT``), else the nearest folder with
``ubproject.toml`` above the checklists or glossary named on the command line, else above the
working folder, the way git finds its repository. Never the package's own folder: an
installed package has no project.

``python -m handbog`` is the same command. Exit status: 0 all is well, 1 problems in a data
file (or a PDF that could not be built), 2 wrong use of the command. The interactive
``udfyld`` reads plain lines from standard input (so it can be piped) and saves the answers
file after every answer, so an interrupted run loses nothing and can go on with
``--genoptag``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from handbog.checklists import aggregate, rounds, scoring
from handbog.checklists import units as unit_list
from handbog.checklists.answers import (
    ACCEPT_FLAG,
    CONTEXT_FIELDS,
    PERIOD_FIELD,
    ROUND_FIELD,
    AnswerSet,
    answers_message,
    check_against,
    clean_copy,
    field_position,
    file_name,
    read_answers,
    write_answers,
)
from handbog.checklists.engine import STATE_LABELS, evaluate
from handbog.checklists.engine import compare as compare_answers
from handbog.checklists.errors import AnswersError, ChecklistError, UnitsError
from handbog.checklists.loader import check_files, checklist_files, load_all
from handbog.checklists.model import NOT_RELEVANT, WHEN_LABELS, Checklist, Item, Section
from handbog.checklists.report import (
    NeedLink,
    assessment_markdown,
    comparison_markdown,
    load_need_links,
    relative_base_url,
    render,
)
from handbog.data.core import Problem, did_you_mean, display_path
from handbog.data.privacy import cpr_refusal
from handbog.glossary.data import new_term
from handbog.glossary.data import validate as validate_glossary
from handbog.kommune.cli import register as register_kommune
from handbog.kommune.staging import edition_checklists
from handbog.model import FILE_NAME, Model, find_project
from handbog.model import load as load_model
from handbog.model import problem as model_problem

if TYPE_CHECKING:
    from handbog.checklists.aggregate import Overview

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
#: The environment variable naming the project folder when --projekt is not given.
PROJECT_ENV = "HANDBOG_PROJEKT"

#: What the user may type for the fixed yes/no scale.
YES_NO_KEYS = {
    "j": "ja",
    "ja": "ja",
    "n": "nej",
    "nej": "nej",
    "i": NOT_RELEVANT,
    "ir": NOT_RELEVANT,
    "ikke-relevant": NOT_RELEVANT,
    "ikke relevant": NOT_RELEVANT,
}


#: A subcommand, as set_defaults(func=...) gives it: the arguments and the two consoles (out,
#: err) in, the exit status out.
Command = Callable[[argparse.Namespace, Console, Console], int]


class UsageError(Exception):
    """Wrong use of the command (exit status 2)."""


class ModelProblem(Exception):
    """The project's ubproject.toml cannot be read (exit status 1, like any data file)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# -- The project -------------------------------------------------------------------------------


def _project(args: argparse.Namespace, named: Path | None = None) -> Path:
    """The folder of the project the command works on (see the module's docstring).

    ``named``: a checklist or glossary folder or file the user named; its project comes
    before the working folder's, so files of another project are read with their own model.
    """
    given = getattr(args, "projekt", None) or os.environ.get(PROJECT_ENV)
    if given:
        folder = Path(given)
        if not (folder / FILE_NAME).is_file():
            raise UsageError(
                f"{folder} er ikke en håndbog: mappen har ingen {FILE_NAME}. Angiv håndbogens "
                f"mappe (den med {FILE_NAME}) med --projekt MAPPE."
            )
        return folder
    found = (find_project(named if named.is_dir() else named.parent) if named else None) or (
        find_project(Path.cwd())
    )
    if found is None:
        raise UsageError(
            f"fandt ingen håndbog: hverken {Path.cwd()} eller en mappe over den har en "
            f"{FILE_NAME}. Kør kommandoen i håndbogens mappe (den med {FILE_NAME}) eller en "
            "mappe under den, eller angiv mappen med --projekt MAPPE."
        )
    return found


def _model(project: Path) -> Model:
    """The project's information model; a file that cannot be read is a problem in it."""
    path = project / FILE_NAME
    found = model_problem(path)
    if found is not None:
        line, message = found
        raise ModelProblem(Problem(path, line, 0, message))
    return load_model(path)


def _checklist_project(args: argparse.Namespace) -> Model:
    """For ``tjekliste``: the project's model, and its checklist folder unless one is given.
    In a municipal edition's folder, the edition's checklists with its local items."""
    if args.tjeklister is None and getattr(args, "projekt", None) is None:
        composed = edition_checklists(Path.cwd())
        if composed is not None and not composed.is_dir():
            raise UsageError(
                "mappen er en kommuneudgave, men den er ikke bygget endnu. Kør handbog kommune "
                "byg først; så ligger tjeklisterne med de lokale punkter i "
                f"{display_path(composed)}."
            )
        args.tjeklister = composed
    named = args.tjeklister or next(
        (Path(f) for f in getattr(args, "files", ()) if Path(f).suffix in {".yaml", ".yml"}),
        None,
    )
    project = _project(args, named)
    if args.tjeklister is None:
        args.tjeklister = project / "checklists"
    args.needs_default = project / "build" / "html" / "needs.json"
    return _model(project)


# -- Shared helpers --------------------------------------------------------------------------


def _print_problems(console: Console, problems: list[Problem]) -> None:
    for problem in problems:
        console.print(f"[red]fejl[/red] {escape(str(problem))}", soft_wrap=True)


def _load_checklists(args: argparse.Namespace) -> dict[str, Checklist]:
    info = _checklist_project(args)  # first: it settles args.tjeklister
    return load_all(args.tjeklister, info)


def _find(checklists: dict[str, Checklist], checklist_id: str) -> Checklist:
    if checklist_id not in checklists:
        known = ", ".join(checklists) or "ingen"
        raise UsageError(
            f"tjeklisten '{checklist_id}' findes ikke. Kendte tjeklister: {known}. "
            "Se dem med 'handbog tjekliste liste'."
        )
    return checklists[checklist_id]


def _links(args: argparse.Namespace, output: Path | None) -> dict[str, NeedLink]:
    needs = Path(args.needs) if args.needs else Path(args.needs_default)
    if not needs.exists():
        if args.needs:
            raise UsageError(f"filen {needs} findes ikke. Byg håndbogen først, eller ret --needs.")
        return {}
    base = args.base_url if args.base_url is not None else relative_base_url(needs.parent, output)
    return load_need_links(needs, base)


def _emit(args: argparse.Namespace, text: str, out: Console) -> None:
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        out.print(f"Rapporten er skrevet til {escape(str(args.output))}.")
    else:
        sys.stdout.write(text)


def _warn(console: Console, answer_set: AnswerSet) -> None:
    for warning in answer_set.warnings:
        console.print(f"[yellow]bemærk[/yellow] {escape(str(warning))}", soft_wrap=True)


def _accepting(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "accepter_fejl", False))


def _read_for(
    checklists: dict[str, Checklist], path: str, accept_errors: bool = False
) -> tuple[Checklist, AnswerSet]:
    answer_set = read_answers(path)
    checklist = checklists.get(answer_set.checklist)
    if checklist is None:
        line, column = field_position(Path(path), "checklist")
        raise AnswersError(
            Problem(
                Path(path),
                line,
                column,
                answers_message(
                    "unknown_checklist",
                    answers=answer_set.checklist,
                    known=", ".join(checklists) or "mappen",
                )
                + did_you_mean(answer_set.checklist, checklists),
            )
        )
    check_against(answer_set, checklist, accept_errors)
    return checklist, answer_set


# -- Subcommands -----------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, out: Console, err: Console) -> int:
    checklists = _load_checklists(args)
    table = Table(title="Håndbogens tjeklister")
    # The id is what the user types next ('udfyld ID'), so it is never shortened.
    widest = max((len(c) for c in checklists), default=2)
    table.add_column("Id", no_wrap=True, min_width=widest)
    table.add_column("Titel", ratio=3, overflow="fold")
    table.add_column("Art", ratio=1)
    table.add_column("Hvornår", ratio=1)
    table.add_column("Punkter", justify="right")
    wide = out.width >= 120
    if wide:
        table.add_column("Målgruppe", ratio=2)
    for checklist in checklists.values():
        row = [
            checklist.id,
            escape(checklist.title),
            checklist.kind_label,
            ", ".join(WHEN_LABELS[w].lower() for w in checklist.when),
            str(sum(1 for _ in checklist.items())),
        ]
        if wide:
            row.append(escape(", ".join(checklist.audience)))
        table.add_row(*row)
    out.print(table)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: Console, err: Console) -> int:
    info = _checklist_project(args)
    files = [Path(f) for f in args.files] or checklist_files(args.tjeklister)
    yaml_files = [f for f in files if f.suffix != ".json"]
    json_files = [f for f in files if f.suffix == ".json"]
    checklists, problems = check_files(yaml_files, info)
    warnings: list[Problem] = []
    if json_files:
        # Answers are checked against the checklists given here or, for the others, in the
        # checklist folder (whose own problems are reported only when its files are checked).
        known = dict(checklists)
        folder_files = checklist_files(args.tjeklister)
        for checklist_id, checklist in check_files(folder_files, info)[0].items():
            known.setdefault(checklist_id, checklist)
        for path in json_files:
            try:
                _checklist, answer_set = _read_for(known, str(path), _accepting(args))
                warnings += answer_set.warnings
            except AnswersError as exc:
                problems += exc.problems
    _print_problems(err, problems)
    for warning in warnings:
        err.print(f"[yellow]bemærk[/yellow] {escape(str(warning))}", soft_wrap=True)
    if problems:
        count = len({p.path for p in problems})
        err.print(f"[red]{len(problems)} problem(er) i {count} fil(er).[/red]")
        return EXIT_PROBLEMS
    out.print(f"[green]I orden:[/green] {len(files)} fil(er) kontrolleret.")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: Console, err: Console) -> int:
    checklists = _load_checklists(args)
    checklist, answer_set = _read_for(checklists, args.file, _accepting(args))
    _warn(err, answer_set)
    output = Path(args.output) if args.output else None
    text = assessment_markdown(evaluate(checklist, answer_set), _links(args, output))
    _emit(args, render(text, args.format, f"Rapport: {checklist.title}"), err)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace, out: Console, err: Console) -> int:
    checklists = _load_checklists(args)
    checklist, before = _read_for(checklists, args.before, _accepting(args))
    other, after = _read_for(checklists, args.after, _accepting(args))
    if other.id != checklist.id:
        raise AnswersError(
            Problem(
                Path(args.after),
                0,
                0,
                f"filerne hører til forskellige tjeklister ('{checklist.id}' og '{other.id}') og "
                "kan ikke sammenlignes.",
            )
        )
    _warn(err, before)
    _warn(err, after)
    output = Path(args.output) if args.output else None
    comparison = compare_answers(checklist, before, after)
    text = comparison_markdown(comparison, _links(args, output))
    _emit(args, render(text, args.format, f"Sammenligning: {checklist.title}"), err)
    return EXIT_OK


def cmd_overview(args: argparse.Namespace, out: Console, err: Console) -> int:

    checklists = _load_checklists(args)
    if args.tjekliste is not None:
        _find(checklists, args.tjekliste)
    units = unit_list.read_units(args.enheder) if args.enheder else None
    if args.type is not None and (wrong := unit_list.kind_problem(args.type, units)):
        raise UsageError(wrong)
    reading = aggregate.read_files(
        args.files, checklists, _accepting(args), args.tjekliste, units, args.type
    )
    if units is not None:
        unit_list.check_goals(units, reading.checklist, list(checklists), aggregate.near)
    for problem in reading.skipped:
        err.print(
            f"[yellow]bemærk[/yellow] {escape(str(problem))} (filen er ikke talt med)",
            soft_wrap=True,
        )
    for warning in reading.warnings:
        err.print(f"[yellow]bemærk[/yellow] {escape(str(warning))}", soft_wrap=True)
    overview = aggregate.aggregate(reading)
    for note in overview.round_notes:
        err.print(f"[yellow]bemærk[/yellow] {escape(note)}", soft_wrap=True)
    if not (args.html or args.md or args.csv or args.noter or args.deltagelse):
        _overview_summary(overview, out)
        return EXIT_OK
    # Everything is made before anything is written: an error never leaves half the files.
    # utf-8-sig for the CSV: the byte order mark is how Excel knows the file is UTF-8.
    outputs = [
        (args.html, aggregate.to_html, "utf-8"),
        (args.md, aggregate.to_markdown, "utf-8"),
        (args.csv, aggregate.to_csv, "utf-8-sig"),
        (args.noter, aggregate.to_notes_csv, "utf-8-sig"),
        (args.deltagelse, aggregate.to_participation_csv, "utf-8-sig"),
    ]
    texts = [(target, make(overview), codec) for target, make, codec in outputs if target]
    written = []
    for target, text, codec in texts:
        Path(target).write_text(text, encoding=codec, newline="")
        written.append(target)
    out.print(
        f"Overblik over {aggregate.counted(overview.files, 'svarfil')} fra "
        f"{aggregate.counted(len(overview.units), 'enhed')} i "
        f"{aggregate.counted(len(overview.rounds), 'runde')} er skrevet til "
        f"{escape(', '.join(written))}.{escape(aggregate.kind_text(overview))}",
        soft_wrap=True,
    )
    return EXIT_OK


def cmd_clean(args: argparse.Namespace, out: Console, err: Console) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"{source} findes ikke. Tjek stien.")
    target = Path(args.output) if args.output else source.with_name(f"{source.stem}-renset.json")
    if target.exists():
        raise UsageError(
            f"{target} findes allerede, og rens overskriver aldrig en fil. Vælg et andet navn "
            "med -o."
        )
    text, changed = clean_copy(source)
    if not changed:
        out.print(
            f"{escape(str(source))} indeholder intet, der ligner et CPR-nummer. Der er ikke "
            "lavet nogen kopi.",
            soft_wrap=True,
        )
        return EXIT_OK
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    out.print(
        f"Den rensede kopi er gemt i {escape(str(target))}. Skiftet ud med »[fjernet]« i "
        f"{escape(', '.join(changed))}. Originalen {escape(str(source))} er ikke ændret: se "
        "kopien igennem, og slet så originalen.",
        soft_wrap=True,
    )
    return EXIT_OK


def _overview_summary(overview: Overview, out: Console) -> None:
    """Without an output file: the lead, who is counted and the sections' levels per round,
    in the terminal (the tables of the HTML and Markdown files, the first two of them)."""
    out.rule(f"[bold]Overblik: {escape(overview.checklist.title)}[/bold]")
    out.print(escape(aggregate.lead(overview)), soft_wrap=True)
    for part in aggregate.parts(overview)[:2]:
        table = Table(title=part.heading, title_justify="left")
        for n, head in enumerate(part.head):
            right = n > 0 and part.klass != "ho-deltagere" and n < len(part.head) - 1
            table.add_column(escape(head), justify="right" if right else "left")
        for row in part.rows:
            table.add_row(*(escape(cell) for cell in row))
        out.print(table)
    out.print(
        "Diagrammerne og de øvrige tabeller (enheder, punkter, ændringer) kommer med, når du "
        "skriver overblikket til en fil med --html, --md eller --csv, fx 'handbog tjekliste "
        "samlet svar/*.json --html overblik.html'.",
        soft_wrap=True,
    )


def cmd_fill(args: argparse.Namespace, out: Console, err: Console) -> int:
    checklists = _load_checklists(args)
    checklist = _find(checklists, args.id)
    if args.fra:
        if args.svar or args.genoptag or args.runde is not None:
            raise UsageError("--fra kan ikke bruges sammen med --svar, --genoptag eller --runde.")
        answer_set = read_answers(args.fra, checklist, _accepting(args))
        _warn(err, answer_set)
        output = Path(args.output) if args.output else None
        text = assessment_markdown(evaluate(checklist, answer_set), _links(args, output))
        _emit(args, render(text, args.format, f"Rapport: {checklist.title}"), err)
        return EXIT_OK
    path = Path(args.svar) if args.svar else Path(f"svar-{checklist.id}.json")
    # A new file without --svar is named after its unit, round and date once they are asked
    # (answers.file_name, the form's rule too).
    by_context = not args.svar and not args.genoptag
    if by_context:
        path = Path(file_name(checklist.id, {}))
    if args.genoptag:
        if not path.exists():
            raise UsageError(
                f"der er ingen svarfil at genoptage: {path} findes ikke. Start uden --genoptag, "
                "eller angiv filen med --svar."
            )
        answer_set = read_answers(path, checklist, _accepting(args))
        _warn(out, answer_set)
    else:
        if path.exists() and not by_context:
            raise UsageError(
                f"{path} findes allerede. Fortsæt med 'handbog tjekliste udfyld {checklist.id} "
                f"--svar {path} --genoptag', eller vælg en anden fil med --svar."
            )
        answer_set = AnswerSet.new(checklist)
        answer_set.path = path
    if args.runde is not None:
        period, phase = _round_of(args.runde)
        answer_set.context.pop(PERIOD_FIELD, None)
        answer_set.context[ROUND_FIELD] = phase
        if period:
            answer_set.context[PERIOD_FIELD] = period
        if args.genoptag:
            write_answers(answer_set, path)
    interview = Interview(checklist, answer_set, path, out)
    interview.by_context = by_context
    return interview.run()


def _round_of(text: str) -> tuple[str, str]:
    try:
        return rounds.parse(text)
    except rounds.RoundError as error:
        raise UsageError(str(error)) from None


def cmd_glossary_validate(args: argparse.Namespace, out: Console, err: Console) -> int:
    named: Path | None = args.mappe
    if named is not None and named.is_file():  # pre-commit may pass file names
        named = named.parent
    docs: Path | None = args.docs or (named.resolve().parent / "docs" if named else None)
    # A glossary folder named without a docs/ beside it is checked on its own: its sources
    # are then not checked, and only they need the project's model.
    project = None if named and not (docs and docs.is_dir()) else _project(args, named)
    folder = named or (project and project / "glossary")
    if not folder or not folder.is_dir():
        raise UsageError(f"Mappen {folder} findes ikke. Angiv mappen med begreberne.")
    if project is None:
        terms, problems = validate_glossary(folder)
    else:
        docs = docs or project / "docs"
        terms, problems = validate_glossary(folder, docs, _model(project))
    _print_problems(err, problems)
    if problems:
        err.print(f"[red]Ordlisten har {len(problems)} fejl. Ret dem og kør kommandoen igen.[/red]")
        return EXIT_PROBLEMS
    out.print(f"Ordlisten er i orden: {len(terms)} begreber i {escape(display_path(folder))}.")
    return EXIT_OK


def cmd_glossary_new(args: argparse.Namespace, out: Console, err: Console) -> int:
    try:
        path = new_term(args.mappe or _project(args) / "glossary", args.begreb.strip())
    except FileExistsError as exc:
        err.print(f"[red]fejl[/red] {escape(str(exc))}", soft_wrap=True)
        return EXIT_PROBLEMS
    out.print(f"Oprettet: {escape(display_path(path))}. Skriv definitionen, og kør derefter")
    out.print("  handbog ordliste valider")
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace, out: Console, err: Console) -> int:
    # WeasyPrint takes a second to import: only this command pays for it.
    from handbog.pdf.build import build_modules
    from handbog.pdf.errors import PdfBuildError

    start = time.perf_counter()
    failed = warned = built = 0
    try:
        for result in build_modules(args.html_dir, args.only, args.jobs):
            if not result.ok:
                failed += 1
                print(f"FEJL  {result.module_id}:", file=sys.stderr)
                for problem in result.problems:
                    print(f"  - {problem}", file=sys.stderr)
                continue
            built += 1
            print(
                f"PDF   {result.module_id:<28} {result.pages:>3} sider  {result.seconds:5.2f} s "
                f"(samling {result.seconds_assemble:.2f} s, opsætning "
                f"{result.seconds_render:.2f} s)  {result.path}"
            )
            for warning in result.warnings:
                warned += 1
                print(f"  advarsel fra WeasyPrint: {warning}", file=sys.stderr)
    except PdfBuildError as error:
        for problem in error.problems:
            print(f"FEJL  {problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    total = time.perf_counter() - start
    print(f"I alt {built} PDF'er på {total:.2f} s.")
    if failed:
        print(f"{failed} modul(er) kunne ikke bygges; se FEJL ovenfor.", file=sys.stderr)
        return EXIT_PROBLEMS
    if warned and args.strict:
        print(f"{warned} advarsel(er) fra WeasyPrint, og --strict er sat.", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


# -- The interactive interview ---------------------------------------------------------------


class Interview:
    """Ask item by item on plain standard input; save after every answer."""

    def __init__(self, checklist: Checklist, answers: AnswerSet, path: Path, out: Console):
        self.checklist = checklist
        self.answers = answers
        self.path = path
        self.out = out
        self.items = list(checklist.items())
        #: name the file after the unit, round and date once they are known
        self.by_context = False

    # Input ---------------------------------------------------------------------------------

    def ask(self, prompt: str) -> str:
        self.out.print(prompt, end="", markup=False, highlight=False)
        self.out.file.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        if not sys.stdin.isatty():
            # piped input is not echoed by a terminal: echo it, so the log reads as a dialogue
            self.out.print(line.rstrip("\n"), markup=False, highlight=False)
        return line.rstrip("\n").strip()

    def ask_text(self, prompt: str, current: str = "") -> str:
        """Free text; refused (and asked again) if it looks like a CPR number or its beginning."""
        while True:
            text = self.ask(prompt)
            if current and text == "":
                return current
            if text == "-":
                return ""
            refusal = cpr_refusal(text)
            if refusal:
                self.out.print(f"[red]Afvist:[/red] {escape(refusal)}", soft_wrap=True)
                continue
            return text

    def save(self) -> None:
        write_answers(self.answers, self.path)

    # Flow ----------------------------------------------------------------------------------

    def run(self) -> int:
        checklist = self.checklist
        self.out.rule(f"[bold]{escape(checklist.title)}[/bold]")
        self.out.print(escape(checklist.purpose), soft_wrap=True)
        if self.by_context:
            self.out.print(
                "Svarene gemmes efter hvert svar i en fil, der får navn efter enheden, runden og "
                "datoen."
            )
        else:
            self.out.print(
                f"Svarene gemmes efter hvert svar i [bold]{escape(str(self.path))}[/bold]."
            )
        try:
            # a round given with --runde is context too, but the unit must still be asked
            if not any(self.answers.context.get(key) for key in CONTEXT_FIELDS):
                self.ask_context()
                self.save()
            self.out.print(self.keys_help(), soft_wrap=True)
            index = self.first_open()
            shown = None
            while index < len(self.items):
                section, item = self.items[index]
                if shown is not section:
                    self.show_section(section)
                    shown = section
                index = self.ask_item(index)
        except EOFError:
            self.out.print()
            self.out.print(self.interrupted("Inddata sluttede"), soft_wrap=True)
            return EXIT_OK
        except KeyboardInterrupt:
            self.out.print()
            self.out.print(self.interrupted("Afbrudt"), soft_wrap=True)
            return EXIT_INTERRUPTED
        except _Quit:
            self.out.print(self.interrupted("Gemt"), soft_wrap=True)
            return EXIT_OK
        self.finish()
        return EXIT_OK

    def interrupted(self, what: str) -> str:
        done = sum(1 for _s, item in self.items if self.answered(item.id))
        return (
            f"{what}. {done} af {len(self.items)} punkter er besvaret og gemt i "
            f"{escape(str(self.path))}. Fortsæt senere med:\n  handbog tjekliste udfyld "
            f"{self.checklist.id} --svar {escape(str(self.path))} --genoptag"
        )

    def answered(self, item_id: str) -> bool:
        value = self.answers.value(item_id)
        return value is not None and self.checklist.step(value) is not None

    def first_open(self) -> int:
        for index, (_section, item) in enumerate(self.items):
            if not self.answered(item.id):
                return index
        return len(self.items)

    def ask_context(self) -> None:
        self.out.print(
            "Først lidt om vurderingen. Skriv aldrig navne eller andre oplysninger om børn eller "
            "forældre.",
            soft_wrap=True,
        )
        context = {
            "enhed": self.ask_text("Enhed (fx 'Skole Ø, indskoling'): "),
            "udfyldt_af": self.ask_text("Udfyldt af (rolle, fx 'socialfaglig medarbejder'): "),
        }
        today = date.today().isoformat()
        while True:
            raw = self.ask(f"Dato (ÅÅÅÅ-MM-DD, Enter for {today}): ") or today
            try:
                date.fromisoformat(raw)
                break
            except ValueError:
                self.out.print("[red]Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-11-22.[/red]")
        context["dato"] = raw
        kept = {k: v for k, v in self.answers.context.items() if k in (ROUND_FIELD, PERIOD_FIELD)}
        self.answers.context = {k: v for k, v in {**context, **kept}.items() if v}
        if self.by_context:
            name = Path(file_name(self.checklist.id, self.answers.context))
            # never over another file: a second one the same day gets -2, -3 …
            candidate, n = name, 1
            while candidate.exists():
                n += 1
                candidate = name.with_name(f"{name.stem}-{n}{name.suffix}")
            self.path = self.answers.path = candidate
            self.out.print(f"Svarene gemmes i [bold]{escape(str(candidate))}[/bold].")

    def options(self) -> list[tuple[str, str]]:
        """(what to type, what it means) for the answers."""
        if self.checklist.graded:
            return [(step.value, step.label) for step in self.checklist.scale]
        return [("j", "ja"), ("n", "nej"), ("i", "ikke relevant")]

    def keys_help(self) -> str:
        answers = ", ".join(f"{key} = {escape(label)}" for key, label in self.options())
        return (
            f"Svar: {answers}. Desuden: ? = hjælp, s = spring over, t = tilbage, q = gem og stop."
        )

    def show_section(self, section: Section) -> None:
        self.out.print()
        self.out.rule(escape(section.title))
        if section.who:
            self.out.print(f"[italic]Hvem: {escape(section.who)}[/italic]", soft_wrap=True)

    def parse(self, raw: str) -> str | None:
        key = raw.lower()
        if self.checklist.graded:
            return key if self.checklist.step(key) else None
        return YES_NO_KEYS.get(key)

    def ask_item(self, index: int) -> int:
        """Ask one item; return the index of the next item to ask."""
        section, item = self.items[index]
        self.out.print()
        self.out.print(
            f"[bold][{index + 1}/{len(self.items)}][/bold] {escape(item.label)}", soft_wrap=True
        )
        current = self.answers.value(item.id)
        step = self.checklist.step(current) if current else None
        if step:
            self.out.print(f"Nuværende svar: {escape(step.label)} (Enter beholder det)")
        while True:
            raw = self.ask("Svar: ")
            if raw == "?":
                self.show_help(item)
                continue
            if raw.lower() in ("t", "tilbage"):
                return max(0, index - 1)
            if raw.lower() in ("s", "spring"):
                return index + 1
            if raw.lower() in ("q", "stop"):
                raise _Quit
            if raw == "" and step:
                return index + 1
            value = self.parse(raw)
            if value is None:
                self.out.print(
                    f"[red]Ukendt svar {escape(repr(raw))}.[/red] {self.keys_help()}",
                    soft_wrap=True,
                )
                continue
            break
        old_note = self.answers.note(item.id)
        prompt = (
            "Note (Enter beholder den nuværende, '-' sletter den): "
            if old_note
            else "Note (valgfri, Enter for ingen): "
        )
        note = self.ask_text(prompt, old_note)
        self.answers.set(item.id, value, note)
        self.save()
        return index + 1

    def show_help(self, item: Item) -> None:
        text = item.help or "Der er ingen hjælpetekst til dette punkt."
        self.out.print(f"[cyan]Hjælp:[/cyan] {escape(text)}", soft_wrap=True)
        self.out.print(f"[cyan]Punktet tjekker:[/cyan] {', '.join(item.tjekker)}")
        self.out.print(self.keys_help(), soft_wrap=True)

    def finish(self) -> None:
        assessment = evaluate(self.checklist, self.answers)
        graded = self.checklist.graded
        table = Table(title="Status")
        columns = ["Afsnit", "På plads", "Ikke på plads", "Ubesvaret"]
        columns += ["Niveau"] if graded else ["Ikke relevant"]
        for column in columns:
            table.add_column(column)
        for result in assessment.sections:
            score = result.score
            row = [escape(result.section.title), str(score.done), str(score.missing)]
            row.append(str(score.unanswered))
            if graded:
                mean = scoring.number(score.mean)
                level = f" ({escape(score.level.label)})" if score.level else ""
                row.append(mean + level)
            else:
                row.append(str(score.not_relevant))
            table.add_row(*row)
        self.out.print()
        self.out.print(table)
        if assessment.unanswered():
            self.out.print(
                f"{len(assessment.unanswered())} punkt(er) er {STATE_LABELS['unanswered']}. "
                f"Besvar dem med --genoptag."
            )
        self.out.print(
            f"Svarene er gemt i {escape(str(self.path))}. Lav en rapport med:\n  handbog "
            f"tjekliste rapport {escape(str(self.path))}",
            soft_wrap=True,
        )


class _Quit(Exception):
    """The user typed q: save and stop."""


# -- Argument parsing ------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with Danish messages for the common errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fejl: {message}\n")


def _accept_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        ACCEPT_FLAG,
        dest="accepter_fejl",
        action="store_true",
        help="brug en svarfil med fejl alligevel (en tjekliste-version, den aldrig har haft, "
        "ukendte punkter eller svar uden for skalaen): fejlene bliver til bemærkninger, og "
        "svarene, der ikke passer, tælles ikke med",
    )


def _report_options(parser: argparse.ArgumentParser) -> None:
    _accept_option(parser)
    parser.add_argument(
        "--format", choices=("md", "html"), default="md", help="rapportens format (standard: md)"
    )
    parser.add_argument("-o", "--output", metavar="UD", help="skriv rapporten til denne fil")
    parser.add_argument(
        "--needs",
        metavar="NEEDS_JSON",
        help="needs.json fra den byggede håndbog (standard: projektets build/html/needs.json)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="adressen på den publicerede håndbog; standard er den relative sti til build/html",
    )


def _project_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--projekt",
        type=Path,
        default=default,
        metavar="MAPPE",
        help=f"håndbogens mappe, den med {FILE_NAME} (standard: {PROJECT_ENV}, ellers den "
        f"nærmeste mappe med {FILE_NAME} fra den aktuelle mappe og opad)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="handbog",
        description="Værktøjer til praksishåndbogen. Kør dem i håndbogens mappe (den med "
        f"{FILE_NAME}) eller en mappe under den, eller angiv mappen med --projekt.",
    )
    _project_option(parser, None)
    groups = parser.add_subparsers(dest="group", metavar="KOMMANDO", parser_class=_Parser)
    group = groups.add_parser("tjekliste", help="tjeklister: vis, valider, udfyld, rapport")
    # SUPPRESS: given before the command ('handbog --projekt X tjekliste') it is kept
    _project_option(group, argparse.SUPPRESS)
    group.add_argument(
        "--tjeklister",
        type=Path,
        default=None,
        metavar="MAPPE",
        help="mappen med tjeklisterne (standard: projektets checklists/)",
    )
    commands = group.add_subparsers(dest="command", metavar="HANDLING", parser_class=_Parser)

    listing = commands.add_parser("liste", help="vis alle tjeklister")
    listing.set_defaults(func=cmd_list)

    validate = commands.add_parser(
        "valider", help="kontroller tjeklister (.yaml) og svarfiler (.json); exit 1 ved fejl"
    )
    validate.add_argument("files", nargs="*", metavar="FILER")
    _accept_option(validate)
    validate.set_defaults(func=cmd_validate)

    fill = commands.add_parser("udfyld", help="udfyld en tjekliste i terminalen")
    fill.add_argument("id", metavar="ID", help="tjeklistens id, fx foraeldremoede")
    fill.add_argument("--svar", metavar="FIL", help="svarfilen (standard: svar-<ID>.json)")
    fill.add_argument(
        "--genoptag", action="store_true", help="fortsæt i en svarfil, der er gemt tidligere"
    )
    fill.add_argument(
        "--fra", metavar="FIL", help="udfyld ikke interaktivt: kontroller svarfilen og lav rapport"
    )
    fill.add_argument(
        "--runde",
        metavar="RUNDE",
        help="runden, vurderingen hører til: fasen (før, under, efter), gerne med året eller "
        "skoleåret foran, fx '2026 før' eller '2026/27 efter'. Overblikket over mange svarfiler "
        "sammenligner runderne",
    )
    _report_options(fill)
    fill.set_defaults(func=cmd_fill)

    report = commands.add_parser("rapport", help="rapport over én vurdering")
    report.add_argument("file", metavar="FIL", help="svarfilen")
    _report_options(report)
    report.set_defaults(func=cmd_report)

    clean = commands.add_parser(
        "rens",
        help="lav en kopi af en svarfil, hvor tekst, der ligner et CPR-nummer, er skiftet ud",
        description="En svarfil med tekst, der ligner et CPR-nummer, kan ikke åbnes. 'rens' "
        "skriver en kopi, hvor tallene er skiftet ud med »[fjernet]«; originalen ændres ikke.",
    )
    clean.add_argument("file", metavar="FIL", help="svarfilen")
    clean.add_argument(
        "-o", dest="output", metavar="UD", help="kopiens navn (standard: FIL-renset.json)"
    )
    clean.set_defaults(func=cmd_clean)

    compare = commands.add_parser("sammenlign", help="sammenlign to vurderinger (før og efter)")
    compare.add_argument("before", metavar="FØR", help="den første svarfil")
    compare.add_argument("after", metavar="EFTER", help="den seneste svarfil")
    _report_options(compare)
    compare.set_defaults(func=cmd_compare)

    overview = commands.add_parser(
        "samlet",
        help="overblik over mange svarfiler til samme tjekliste (enheder, personer, runder)",
        description="Saml svarfiler til samme tjekliste fra flere enheder og runder i ét "
        "overblik med diagrammer og tabeller (HTML), tabeller (Markdown) og tal (CSV til Excel).",
    )
    overview.add_argument("files", nargs="+", metavar="FILER", help="svarfilerne")
    overview.add_argument("--html", metavar="UD", help="skriv overblikket som HTML-side")
    overview.add_argument("--md", metavar="UD", help="skriv overblikket som Markdown")
    overview.add_argument(
        "--csv", metavar="UD", help="skriv tallene som CSV til dansk Excel (semikolon)"
    )
    overview.add_argument(
        "--noter",
        metavar="UD",
        help="skriv noterne i svarfilerne som CSV til dansk Excel (én note pr. række)",
    )
    overview.add_argument(
        "--deltagelse",
        metavar="UD",
        help="skriv tabellen over, hvem der er talt med, som CSV til dansk Excel (én fil pr. "
        "række, datoer som 2026-01-15)",
    )
    overview.add_argument(
        "--enheder",
        metavar="FIL",
        help="en fil med kommunens enheder (fx enheder.yaml): navn, type og andre stavemåder, "
        "og eventuelt et mål pr. afsnit. Filer fra enheder, der ikke står i den, tælles ikke med",
    )
    overview.add_argument(
        "--type",
        metavar="TYPE",
        help="tæl kun enheder af denne type (skole, dagtilbud eller andet); kræver --enheder",
    )
    overview.add_argument(
        "--tjekliste",
        metavar="ID",
        help="saml svarene til denne tjekliste (standard: den, de fleste filer hører til); "
        "filer til andre tjeklister nævnes og tælles ikke med",
    )
    overview.add_argument(
        ACCEPT_FLAG,
        dest="accepter_fejl",
        action="store_true",
        help="lav overblikket alligevel: en fil, der ikke kan læses (ikke gyldig JSON, tekst som "
        "et CPR-nummer, en anden tjekliste), springes over; en fil med ukendte punkter eller svar "
        "uden for skalaen bruges, men de svar tælles ikke med",
    )
    overview.set_defaults(func=cmd_overview)

    glossary = groups.add_parser(
        "ordliste",
        help="ordlisten: valider begreberne, opret et nyt",
        description="Håndbogens ordliste (glossary/*.yaml): tjek begreberne, eller opret et nyt.",
    )
    _project_option(glossary, argparse.SUPPRESS)
    actions = glossary.add_subparsers(dest="command", metavar="HANDLING", parser_class=_Parser)
    check = actions.add_parser(
        "valider", help="tjek alle begreber mod skemaet og hinanden; exit 1 ved fejl"
    )
    check.add_argument(
        "mappe",
        nargs="?",
        default=None,
        type=Path,
        metavar="MAPPE",
        help="mappen med begreberne (standard: projektets glossary/)",
    )
    check.add_argument(
        "--docs",
        type=Path,
        default=None,
        help="håndbogens docs/-mappe, til tjek af kilder (standard: ved siden af MAPPE, ellers "
        "projektets docs/)",
    )
    check.add_argument("filer", nargs="*", type=Path, help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_glossary_validate)
    new = actions.add_parser("ny", help="opret glossary/<begreb>.yaml ud fra skabelonen")
    new.add_argument("begreb", help='begrebet, fx "tidlig indsats"')
    new.add_argument("--mappe", default=None, type=Path, help="standard: projektets glossary/")
    new.set_defaults(func=cmd_glossary_new)

    pdf = groups.add_parser(
        "pdf",
        help="byg PDF-modulerne ud fra HTML-bygningen",
        description="Byg håndbogens PDF-moduler ud fra HTML-bygningen (WeasyPrint).",
    )
    pdf.add_argument(
        "html_dir", type=Path, metavar="HTML-MAPPE", help="HTML-bygningen, fx build/html"
    )
    pdf.add_argument(
        "--only", nargs="+", metavar="MODUL", help="byg kun disse moduler (id fra conf.py)"
    )
    pdf.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="antal moduler, der bygges samtidig (standard: antal kerner)",
    )
    pdf.add_argument(
        "--strict",
        action="store_true",
        default=os.environ.get("HANDBOG_STRICT") == "1",
        help="advarsler fra WeasyPrint er fejl (standard, når HANDBOG_STRICT=1)",
    )
    pdf.set_defaults(func=cmd_pdf)
    register_kommune(groups)
    # --projekt is taken anywhere before the command's own arguments end, as users type it
    for command_group in (commands, actions):
        for action_parser in command_group.choices.values():
            _project_option(action_parser, argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    command: Command = args.func
    try:
        return command(args, out, err)
    except UsageError as exc:
        err.print(f"[red]fejl[/red] {escape(str(exc))}", soft_wrap=True)
        return EXIT_USAGE
    except (ChecklistError, AnswersError, UnitsError) as exc:
        _print_problems(err, exc.problems)
        return EXIT_PROBLEMS
    except ModelProblem as exc:
        _print_problems(err, [exc.problem])
        return EXIT_PROBLEMS
    except OSError as exc:
        # a folder that does not exist, a full disk, no permission: say which file and why
        where = f" {exc.filename}" if exc.filename else ""
        err.print(
            f"[red]fejl[/red] kunne ikke læse eller skrive{escape(str(where))}: "
            f"{escape(exc.strerror or str(exc))}",
            soft_wrap=True,
        )
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
