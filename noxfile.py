"""Build and check the handbook.

    nox -s build    HTML and every PDF module (the main job)
    nox -s tests    strict build + pytest (the full suite)
    nox -s fast     the tests that need neither the whole handbook nor a browser (a minute)
    nox -s live     preview while editing
    nox -s lint     ruff, mypy and the data checks
    nox -s bench    benchmark of the build (not a test)

Everything is written below build/ (ignored by git).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The build command is shared with the tests and the benchmark; its module is standard
# library only, so nox's own interpreter imports it from the source tree before installing.
sys.path.insert(0, str(ROOT / "src"))
from handbog.project import strict_html_command  # noqa: E402

BUILD = ROOT / "build"
HTML = BUILD / "html"
DOCTREES = BUILD / "doctrees"

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build", "tests"]


def _install(session: nox.Session, *extras: str) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", spec)


def _sphinx_html(session: nox.Session, *extra: str) -> None:
    # "python": the session's interpreter, which has Sphinx and the package installed.
    session.run(*strict_html_command(ROOT, ROOT / "docs", HTML, DOCTREES, *extra, python="python"))


def _pdf(session: nox.Session) -> None:
    session.run("handbog", "pdf", str(HTML))


@nox.session
def build(session: nox.Session) -> None:
    """Build the HTML handbook and all PDF modules, with the trainer's pack: handouts,
    slides (PDF and PowerPoint) and the model figure (SVG and PNG)."""
    _install(session)
    _sphinx_html(session)
    _pdf(session)
    folder = HTML / "pdf"
    session.log(f"HTML: {HTML / 'index.html'}  PDF: {folder}")
    session.log(
        f"Til deltagere: {folder / 'deltagermateriale.pdf'} og deltager-<modul>.pdf. "
        f"Præsentationer: praesentation-<modul>.pdf og .pptx. Figuren: {folder / 'modellen.svg'}"
        " og modellen.png."
    )


@nox.session
def html(session: nox.Session) -> None:
    """Build the HTML handbook only."""
    _install(session)
    _sphinx_html(session)


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the PDF modules (builds the HTML first when it is missing or stale)."""
    _install(session)
    _sphinx_html(session)
    _pdf(session)


@nox.session
def tests(session: nox.Session) -> None:
    """Strict build of the handbook and the test suite."""
    _install(session, "test")
    session.run("pytest", *session.posargs, env={"HANDBOG_STRICT": "1"})


@nox.session
def fast(session: nox.Session) -> None:
    """The fast lane while editing: no whole-handbook or PDF build (slow), no Chromium (browser).

    nox -s fast -- tests/test_checklist_engine.py -x   (pytest's arguments after --)
    """
    _install(session, "test")
    session.run(
        "pytest", "-m", "not slow and not browser", *session.posargs, env={"HANDBOG_STRICT": "1"}
    )


@nox.session
def live(session: nox.Session) -> None:
    """Preview while editing: rebuilds and reloads the browser on every save."""
    _install(session, "live")
    session.run(
        "sphinx-autobuild", "-c", str(ROOT), "-d", str(DOCTREES),
        "--watch", str(ROOT / "checklists"), "--watch", str(ROOT / "glossary"),
        "--watch", str(ROOT / "src" / "handbog"), "--watch", str(ROOT / "ubproject.toml"),
        str(ROOT / "docs"), str(BUILD / "live"), *session.posargs,
    )  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy on the code; the data checks on checklists/ and glossary/."""
    _install(session, "lint")
    code = ("src", "tests", "benchmarks", "noxfile.py", "conf.py")
    session.run("ruff", "check", *code)
    session.run("ruff", "format", "--check", *code)
    session.run("handbog", "ordliste", "valider", "glossary")
    session.run("handbog", "tjekliste", "valider")
    # Last, so that the checks above still run while mypy finds errors. Strict on handbog;
    # the settings are in pyproject.toml [tool.mypy].
    session.run("mypy", "src/handbog")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark of the build on copies in a temporary folder (times and ratios; not a test),
    also of the worked municipal edition from an empty folder, against the core's build.

    nox -s bench -- --update-page   writes the figures into docs/projekt/ydeevne.md
    nox -s bench -- --factor 5 --repeat 3 --no-pdf   (see python benchmarks/bench.py --help)
    """
    # "test": Playwright, for the reader's side on a slow network (benchmarks/web.py)
    _install(session, "test")
    session.run("python", str(ROOT / "benchmarks" / "bench.py"), *session.posargs)


@nox.session
def new(session: nox.Session) -> None:
    """nox -s new -- begreb "tidlig indsats"  (sider, praksis, kilder: docs/_templates/)"""
    _install(session)
    kind, *rest = session.posargs or [""]
    if kind != "begreb" or not rest:
        session.error(
            'Brug: nox -s new -- begreb "tidlig indsats". Andet: kopiér fra docs/_templates/.'
        )
    session.run("handbog", "ordliste", "ny", " ".join(rest))
