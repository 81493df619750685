"""The package works away from the checkout: no module reads a file when it is imported, and
the command line finds its project from the working folder or --projekt, never from where the
package lies (the wheel itself is tested in test_wheel.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from handbog import cli, model

ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
ENV.pop(cli.PROJECT_ENV, None)

#: Imports every module of the package with an audit hook that records each file opened by
#: the package's own code. An open belongs to the package when, walking out from the open,
#: the first frame outside the standard library is a handbog module; one that goes through
#: the import machinery first is the loading of a module, and one whose first frame is
#: another package (Sphinx reading its own data when imported) is not the package's.
IMPORT_ALL = r"""
import importlib, pkgutil, sys, sysconfig, traceback
from pathlib import Path

stdlib = tuple(
    str(Path(sysconfig.get_paths()[k]).resolve()) for k in ("stdlib", "platstdlib")
)
reads = []

def owner(frame):
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib"):
            return None
        if not name.startswith("<") and not str(Path(name).resolve()).startswith(stdlib):
            return name
        frame = frame.f_back
    return None

def hook(event, args):
    if event != "open":
        return
    found = owner(sys._getframe(1))
    if found and "/handbog/" in found.replace("\\", "/"):
        reads.append(f"{args[0]} ({found})")

sys.addaudithook(hook)
import handbog
modules = ["handbog"]
for info in pkgutil.walk_packages(handbog.__path__, "handbog."):
    if info.name != "handbog.__main__":
        importlib.import_module(info.name)
        modules.append(info.name)
print(len(modules))
for read in reads:
    print(read)
"""


def test_importing_every_module_reads_no_file():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL],
        cwd="/",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    count, *reads = result.stdout.splitlines()
    assert int(count) > 50  # every module was imported, not just the package
    assert reads == []


def test_the_hook_sees_a_read_at_import_time(tmp_path):
    """The check above can fail: a module that reads a file when imported is caught."""
    package = tmp_path / "handbog_probe" / "handbog"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from pathlib import Path\nDATA = Path(__file__).with_name('x.txt').read_text()\n"
    )
    (package / "x.txt").write_text("x")
    script = IMPORT_ALL.replace("import handbog\n", "sys.path.insert(0, {!r})\nimport handbog\n")
    result = subprocess.run(
        [sys.executable, "-c", script.replace("{!r}", repr(str(package.parent)))],
        cwd="/",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "x.txt" in result.stdout


def handbog(*args: str, cwd: Path | str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbog", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**ENV, **env},
        timeout=120,
    )


def test_help_works_from_the_root_of_the_file_system():
    for args in [("--help",), ("tjekliste", "--help"), ("ordliste", "valider", "--help")]:
        result = handbog(*args, cwd="/")
        assert result.returncode == 0, result.stderr
        assert "--projekt" in result.stdout


def test_without_a_project_the_command_says_what_to_do(tmp_path):
    for args in [("tjekliste", "liste"), ("ordliste", "valider"), ("ordliste", "ny", "x")]:
        result = handbog(*args, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "fandt ingen håndbog" in result.stderr
        assert "--projekt MAPPE" in result.stderr
        assert "Traceback" not in result.stderr
    result = handbog("--projekt", str(tmp_path), "tjekliste", "liste", cwd="/")
    assert result.returncode == 2
    assert f"{tmp_path} er ikke en håndbog" in result.stderr
    assert not list(tmp_path.iterdir())  # 'ordliste ny' wrote nothing


def test_the_project_is_found_from_a_folder_inside_it_or_named(tmp_path):
    """The checkout is the project: from docs/ (upwards), by --projekt before or after the
    command, and by HANDBOG_PROJEKT."""
    runs = [
        handbog("tjekliste", "valider", cwd=REPO / "docs"),
        handbog("--projekt", str(REPO), "tjekliste", "valider", cwd=tmp_path),
        handbog("tjekliste", "--projekt", str(REPO), "valider", cwd=tmp_path),
        handbog("tjekliste", "valider", cwd=tmp_path, HANDBOG_PROJEKT=str(REPO)),
    ]
    count = len(list((REPO / "checklists").glob("*.yaml")))
    for result in runs:
        assert result.returncode == 0, result.stderr
        assert f"I orden: {count} fil(er) kontrolleret." in result.stdout
    listing = handbog("tjekliste", "liste", cwd=REPO / "docs")
    assert listing.returncode == 0, listing.stderr
    assert "foraeldremoede" in listing.stdout


def test_a_projects_files_are_read_with_its_own_model(tmp_path):
    """A project whose model lets an item check another type: its checklists are checked
    against its own ubproject.toml, not the handbook's."""
    project = _project_with_renamed_prefix(tmp_path)
    result = handbog("tjekliste", "valider", cwd=project)
    assert result.returncode == 0, result.stderr
    # the handbook's own model refuses the new prefix
    result = handbog("tjekliste", "--tjeklister", str(project / "checklists"), "valider", cwd="/",
                     HANDBOG_PROJEKT=str(REPO))  # fmt: skip
    assert result.returncode == 1
    assert "'PRX_FS_LIGEVAERD' er ikke gyldigt" in result.stderr
    assert "en praksis (PR_)" in result.stderr


def test_a_broken_model_is_a_message_at_its_line(tmp_path):
    (tmp_path / "ubproject.toml").write_text("[needs]\ntypes = [\n", encoding="utf-8")
    result = handbog("tjekliste", "liste", cwd=tmp_path)
    assert result.returncode == 1
    assert "ubproject.toml" in result.stderr
    assert "Traceback" not in result.stderr


def _project_with_renamed_prefix(tmp_path: Path) -> Path:
    """A copy of the handbook's model in which practices are ``PRX_``, and one checklist whose
    item checks such a practice."""
    project = tmp_path / "projekt"
    (project / "checklists").mkdir(parents=True)
    text = (REPO / "ubproject.toml").read_text(encoding="utf-8")
    assert text.count('prefix = "PR_"') == 1
    text = text.replace('prefix = "PR_"', 'prefix = "PRX_"').replace("|PR|", "|PRX|")
    (project / "ubproject.toml").write_text(text, encoding="utf-8")
    info = model.load(project / "ubproject.toml")
    assert info.types["praksis"].prefix == "PRX_"
    source = REPO / "tests" / "data" / "checklists" / "gyldige" / "moede.yaml"
    checklist = source.read_text(encoding="utf-8")
    assert "PR_" in checklist
    (project / "checklists" / "moede.yaml").write_text(
        checklist.replace("PR_", "PRX_"), encoding="utf-8"
    )
    return project
