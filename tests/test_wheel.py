"""The package as a user gets it: the wheel, installed in a fresh venv outside the checkout.

One wheel and one venv for the whole module (building and installing take most of its time).
Nothing here imports the checkout's ``src``: every command runs the venv's own interpreter or
script, from ``/`` or from a copy of a project, with no PYTHONPATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, ROOTS

from handbog import version

pytestmark = pytest.mark.slow

PACKAGE = REPO / "src" / "handbog"
#: The core's content, in the wheel as handbog/kerne/ (pyproject.toml, handbog.kommune.core).
CORE_FILES = ("ubproject.toml", "conf.py", "CHANGELOG.md")
CORE_FOLDERS = ("docs", "checklists", "glossary")
ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"PYTHONPATH", "VIRTUAL_ENV", "HANDBOG_PROJEKT", "PYTHONHOME"}
}
ENV.update(COLUMNS="200", NO_COLOR="1", PYTHONIOENCODING="utf-8")


@dataclass
class Installed:
    wheel: Path
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def run(self, *args: str, cwd: Path | str = "/") -> subprocess.CompletedProcess[str]:
        env = {**ENV, "PATH": f"{self.bin}{os.pathsep}{ENV.get('PATH', '')}"}
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=600,
        )


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what the wheel is made of (the package, and the core's content that
    # a municipal edition builds on), never from the checkout with its build output.
    source = tmp / "kilde"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", *CORE_FILES):
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "_build")
    for folder in ("src", *CORE_FOLDERS):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    dist = tmp / "dist"
    _ok(
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), "."],
            cwd=source,
            capture_output=True,
            text=True,
            env=ENV,
            timeout=600,
        )
    )
    (wheel,) = dist.glob("handbog-*.whl")
    venv = tmp / "venv"
    _ok(subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True))
    # the dependencies come from pip's configured index, as for any user
    _ok(
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=900,
        )
    )
    return Installed(wheel, venv)


def test_the_wheel_holds_every_file_of_the_package(installed: Installed):
    """Every file of the package in the checkout (schemas, templates, static files, data)."""
    in_checkout = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    with zipfile.ZipFile(installed.wheel) as wheel:
        in_wheel = {name for name in wheel.namelist() if name.startswith("handbog/")}
    assert in_checkout - in_wheel == set()
    assert {p for p in in_checkout if not p.endswith(".py")}, "no data files were compared"


def test_the_venv_uses_the_installed_package(installed: Installed):
    result = _ok(
        installed.run(installed.bin / "python", "-c", "import handbog; print(handbog.__file__)")
    )
    where = Path(result.stdout.strip()).resolve()
    assert where.is_relative_to(installed.venv.resolve())
    assert not where.is_relative_to(REPO)


def test_help_works_from_the_root_without_a_project(installed: Installed):
    for args in [("--help",), ("tjekliste", "--help"), ("ordliste", "--help"), ("pdf", "--help")]:
        result = _ok(installed.run(installed.bin / "handbog", *args))
        assert "usage: handbog" in result.stdout
    result = installed.run(installed.bin / "handbog", "tjekliste", "liste")
    assert result.returncode == 2
    assert "fandt ingen håndbog" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_commands_check_the_handbook_as_their_project(installed: Installed):
    handbog = installed.bin / "handbog"
    checked = _ok(installed.run(handbog, "--projekt", REPO, "tjekliste", "valider"))
    assert "I orden:" in checked.stdout
    checked = _ok(installed.run(handbog, "ordliste", "valider", cwd=REPO / "docs"))
    assert "Ordlisten er i orden" in checked.stdout
    # the same through python -m, as Read the Docs calls it
    _ok(installed.run(installed.bin / "python", "-m", "handbog", "tjekliste", "liste", cwd=REPO))


def test_a_tiny_project_builds_with_the_installed_package(installed: Installed, tmp_path: Path):
    """tests/roots/test-ok, made a project of its own: its conf.py is base_conf.py's settings
    with the model beside it (base_conf points into the checkout), and the conf checks that
    the extension Sphinx loads is the installed one."""
    project = tmp_path / "projekt"
    shutil.copytree(ROOTS / "test-ok", project)
    shutil.copy(REPO / "ubproject.toml", project / "ubproject.toml")
    base = (ROOTS / "base_conf.py").read_text(encoding="utf-8")
    assert "sys.path" not in base  # nothing puts the checkout's src within reach
    (project / "conf.py").write_text(
        base
        + "\nneeds_from_toml = 'ubproject.toml'\n"
        + "import handbog\n"
        + f"assert handbog.__file__.startswith({str(installed.venv)!r}), handbog.__file__\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    command = [installed.bin / "python", "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    _ok(installed.run(*command, "-q", project, out))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "KE_TEST" in page
    # the bibliography's note after the entry: the word of the project's model (literature.bibstyle)
    assert "<em>Fundet ved rapportens systematiske søgning.</em>" in page


def test_the_wheel_holds_the_cores_content(installed: Installed):
    """Pages, checklists, glossary, bibliography, model, conf.py and changelog, as handbog/kerne/
    (what a municipal edition builds on: handbog.kommune.core)."""
    with zipfile.ZipFile(installed.wheel) as wheel:
        in_wheel = {n for n in wheel.namelist() if n.startswith("handbog/kerne/")}
    in_checkout = {
        f"handbog/kerne/{path.relative_to(REPO).as_posix()}"
        for folder in CORE_FOLDERS
        for path in (REPO / folder).rglob("*")
        if path.is_file() and "_build" not in path.parts and "__pycache__" not in path.parts
    } | {f"handbog/kerne/{name}" for name in CORE_FILES}
    assert in_checkout - in_wheel == set()
    assert "handbog/kerne/docs/litteratur.bib" in in_wheel


def test_a_municipal_edition_builds_from_an_empty_folder_with_only_the_wheel(
    installed: Installed, tmp_path: Path
):
    """handbog kommune ny, then handbog kommune byg: the core comes from the installed wheel,
    nothing of it is copied into the edition's folder."""
    handbog = installed.bin / "handbog"
    made = _ok(installed.run(handbog, "kommune", "ny", "Prøve Kommune", cwd=tmp_path))
    assert "Prøve Kommunes udgave er oprettet" in made.stdout
    folder = tmp_path / "proeve-kommune"
    # HTML only: the PDFs of an edition are tested in test_kommune_pdf.py (minutes)
    built = _ok(installed.run(handbog, "kommune", "byg", "--stille", "--kun-html", cwd=folder))
    assert "Prøve Kommunes udgave · baseret på Praksishåndbogen, udgave" in built.stdout
    assert "WARNING" not in built.stderr
    page = (folder / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'class="handbog-identitet">Prøve Kommunes udgave' in page
    kept = {p.name for p in folder.iterdir()}
    assert kept == {
        "kommune.toml", "README.md", "CHANGELOG.md", ".github", ".gitignore", "sider", "bokse",
        "build", "kerne.json",
    }  # fmt: skip


def test_the_wheels_version_is_the_core_edition(installed: Installed):
    """»pip install handbog==2026.1« picks a core edition (handbog kommune opdater --til)."""
    edition = version.edition(REPO)
    assert edition
    assert installed.wheel.name.startswith(f"handbog-{edition}-"), installed.wheel.name
    shown = _ok(
        subprocess.run(
            [str(installed.venv / "bin" / "python"), "-c",
             "import handbog; print(handbog.__version__)"],
            capture_output=True, text=True, env=ENV, timeout=120,
        )
    )  # fmt: skip
    assert shown.stdout.strip() == edition


def test_pyproject_reads_the_edition_with_the_same_heading_as_the_package():
    pattern = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"][
        "version"
    ]["pattern"]
    changelog = (REPO / version.CHANGELOG).read_text("utf-8")
    found = re.search(pattern, changelog)
    assert found is not None and found.group("version") == version.edition(REPO)
    # and both refuse the same headings
    for heading in ("## Udgave 2026.2 – maj 2027", "## Udgave", "## Ændringer"):
        by_hatch = re.search(pattern, heading)
        by_package = version.EDITION_HEADING.search(heading)
        assert (by_hatch and by_hatch.group("version")) == (
            by_package and by_package.group("edition")
        ), heading
