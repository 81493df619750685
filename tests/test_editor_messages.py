"""Every editor mistake fails the build with exactly one Danish message naming file and line.

Each test copies a sound example project (tests/roots/), makes one mistake an editor makes,
builds it strictly (warnings are errors, and Sphinx goes on to report them all) and checks:
the build fails, there is exactly one message, it is the handbook's Danish message from
:mod:`handbog.messages` at the right file and line, and nothing crashed (no traceback).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import string
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ROOTS

from handbog import messages
from handbog.checks import SKELETON, rereading
from handbog.project import strict_html_command

WARNING = re.compile(r"^(?P<where>[^\s]*?):?(?P<line>\d+)?: (?:WARNING|ERROR): (?P<text>.*)$")


def _project(rootdir: Path, tmp_path: Path, root: str = "ok") -> Path:
    src = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", src)
    return src


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def _build(make_app: Callable, src: Path) -> tuple[int, list[str], str]:
    warning = io.StringIO()
    app = make_app("html", srcdir=src, freshenv=True, warningiserror=True, warning=warning)
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    lines = [line for line in text.splitlines() if ": WARNING: " in line or ": ERROR: " in line]
    return app.statuscode, lines, text


def _one_message(make_app: Callable, src: Path, key: str, file: str, line: int | None) -> str:
    status, lines, text = _build(make_app, src)
    assert status != 0, "bygningen skulle fejle"
    assert "Traceback" not in text and "Extension error" not in text, text
    assert len(lines) == 1, "\n".join(lines)
    message = lines[0]
    subtype = messages.BY_KEY[key].subtype
    assert message.endswith(f"[handbog.{subtype}]"), message
    where = f"{file}:{line}: " if line else f"{file}: "
    assert where in message, (where, message)
    # the message is the catalogue's: its fixed words stand in it
    fixed = [part for part, *_ in string.Formatter().parse(messages.BY_KEY[key].template)]
    longest = max(fixed, key=len).strip()
    assert longest[:40] in message, (longest, message)
    return message


# -- Data that cannot be read --------------------------------------------------------------------


def test_a_broken_bibtex_entry_is_one_message_at_its_line(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    bib = src / "refs.bib"
    start = len(bib.read_text("utf-8").splitlines()) + 1
    _append(bib, "@book{jensen2019,\n  author = {Jensen, A},\n  title = {Uden slut\n")
    message = _one_message(make_app, src, "bib-syntaks", "refs.bib", start)
    assert "'jensen2019'" in message


def test_a_bibtex_entry_without_author_is_one_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    bib = src / "refs.bib"
    start = len(bib.read_text("utf-8").splitlines()) + 1
    _append(
        bib, "@book{uden2020,\n  title = {X},\n  year = {2020},\n  keywords = {systematisk},\n}\n"
    )
    message = _one_message(make_app, src, "bib-felt", "refs.bib", start)
    assert "'author'" in message


def _broken_model(src: Path, old: str, new: str) -> Path:
    model = src / "model.toml"
    text = (REPO / "ubproject.toml").read_text("utf-8")
    assert old in text
    model.write_text(text.replace(old, new, 1), "utf-8")
    _append(src / "conf.py", '\nneeds_from_toml = "model.toml"\n')
    return model


def _stopped(src: Path) -> str:
    """The strict build on the command line, as an editor runs it (a stopped build leaves
    Sphinx' global registrations behind, so it does not run inside the test process)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src.parent.parent), str(ROOTS)])}
    command = strict_html_command(src, src, src / "_build" / "html", src / "_build" / "doctrees")
    proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=src)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Extension error" not in proc.stderr, proc.stderr
    return re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr)


def test_a_typo_in_the_model_file_stops_the_build_with_one_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    model = _broken_model(src, 'prefix = "PR_"', 'prefix = "PR_')
    text = _stopped(src)
    lines = [line for line in text.splitlines() if "WARNING" in line]
    assert len(lines) == 1, text
    line = _line_of(model, 'prefix = "PR_')
    assert f"model.toml:{line}: WARNING: ubproject.toml kan ikke læses:" in lines[0]
    assert "[handbog.model]" in lines[0]


def test_a_model_that_contradicts_itself_stops_the_build_with_one_message(
    make_app, rootdir, tmp_path
):
    src = _project(rootdir, tmp_path)
    _broken_model(src, 'casebesoeg = "casebesøg"\nnormativ', "normativ")
    text = _stopped(src)
    lines = [line for line in text.splitlines() if "WARNING" in line]
    assert len(lines) == 1, text
    assert "'grundlag'" in lines[0] and "Giv hver tilladt værdi præcis ét ord" in lines[0]


def test_a_broken_glossary_file_is_one_message_also_where_the_term_is_used(
    make_app, rootdir, tmp_path
):
    src = _project(rootdir, tmp_path, "ordliste")
    term = src / "glossary" / "andet-begreb.yaml"
    _edit(term, "term: andet begreb", 'term: "andet begreb')
    status, lines, text = _build(make_app, src)
    assert status != 0 and "Traceback" not in text
    assert len(lines) == 1, "\n".join(lines)
    assert "glossary/andet-begreb.yaml:" in lines[0] and "ikke gyldig YAML" in lines[0]
    # the pages that use the term are named in the one message
    assert "Begrebet bruges på 2 sider (index.md, ordliste.md)" in lines[0]


def test_a_broken_checklist_file_is_one_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path, "tjekliste")
    checklist = src / "checklists" / "moede.yaml"
    _edit(checklist, "titel: Mødet med forældrene", "titel: Mødet: med forældrene")
    status, lines, text = _build(make_app, src)
    assert status != 0 and "Traceback" not in text
    assert len(lines) == 1, "\n".join(lines)
    line = _line_of(checklist, "titel: Mødet: med")
    assert f"checklists/moede.yaml:{line}:" in lines[0] and "ikke gyldig YAML" in lines[0]


# -- Needs ---------------------------------------------------------------------------------------


def test_a_duplicate_id_is_reported_at_the_new_one_naming_the_old(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    # a page read before index.md, saved later: the copy an editor just made
    new = src / "anden.md"
    new.write_text(
        "---\norphan: true\n---\n\n# Anden\n\n```{praksis} Kopi\n:id: PR_TEST\n"
        ":realiserer: KE_TEST\n:bygger_paa: KI_INTERVIEWS\n:grundlag: interviews\n\nTekst.\n```\n",
        "utf-8",
    )
    original = src / "index.md"
    stamp = original.stat().st_mtime
    os.utime(new, (stamp + 60, stamp + 60))
    message = _one_message(make_app, src, "dublet-id", "anden.md", 7)
    assert f"index.md:{_line_of(original, '{praksis} En praksis med kilde')}" in message
    # the original is kept
    html = (Path(src) / "_build" / "html" / "index.html").read_text("utf-8")
    assert "En praksis med kilde" in html


def test_a_duplicate_read_in_another_process_is_the_same_one_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    index = src / "index.md"
    names = [f"side{n}" for n in range(8)]
    _append(index, "\n```{toctree}\n" + "\n".join(names) + "\n```\n")
    for name in names:
        (src / f"{name}.md").write_text(f"# {name}\n\nTekst.\n", "utf-8")
    copy = src / "side7.md"  # read last, in another process than index.md
    copy.write_text(
        "# Kopi\n\n```{praksis} Kopi\n:id: PR_TEST\n:realiserer: KE_TEST\n"
        ":bygger_paa: KI_INTERVIEWS\n:grundlag: interviews\n\nTekst.\n```\n",
        "utf-8",
    )
    stamp = index.stat().st_mtime
    os.utime(copy, (stamp + 60, stamp + 60))
    warning = io.StringIO()
    app = make_app(
        "html", srcdir=src, freshenv=True, warningiserror=True, warning=warning, parallel=2
    )
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    lines = [line for line in text.splitlines() if ": WARNING: " in line]
    assert app.statuscode != 0 and "Traceback" not in text
    assert len(lines) == 1, "\n".join(lines)
    assert "side7.md:3: WARNING: PR_TEST er brugt to gange: her og i index.md:16." in lines[0]


def test_a_value_a_field_does_not_allow_lists_the_allowed_ones(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _edit(src / "index.md", ":grundlag: interviews, litteratur", ":grundlag: interview, litteratur")
    message = _one_message(
        make_app, src, "feltvaerdi", "index.md", _line_of(src / "index.md", "{praksis}")
    )
    assert "Mente du 'interviews'?" in message
    assert "casebesoeg (casebesøg)" in message and "normativ (normativt argument)" in message


def test_a_practice_without_text_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _append(src / "conf.py", "\nhandbog_need_text = True\n")
    # the other needs get a text, the practice stays empty
    _edit(src / "index.md", ":id: KE_TEST\n", ":id: KE_TEST\n\nEt element.\n")
    message = _one_message(
        make_app, src, "tom-tekst", "index.md", _line_of(src / "index.md", "{praksis}")
    )
    assert message.split("WARNING: ", 1)[1].startswith("PR_TEST: en praksis har en titel")


def test_a_link_to_the_wrong_type_is_named_in_danish(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _edit(src / "index.md", ":realiserer: KE_TEST", ":realiserer: KI_INTERVIEWS")
    message = _one_message(
        make_app, src, "forkert-linktype", "index.md", _line_of(src / "index.md", "{praksis}")
    )
    assert "en kilde (KI_)" in message


def test_a_link_to_an_unknown_id_suggests_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _edit(src / "index.md", ":realiserer: KE_TEST", ":realiserer: KE_TESTT")
    message = _one_message(
        make_app, src, "ukendt-id", "index.md", _line_of(src / "index.md", "{praksis}")
    )
    assert "Mente du KE_TEST" in message


def test_an_id_in_the_wrong_form_is_one_message_with_the_right_form(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    # the checklist item links to it too: that is not a second message
    text = page.read_text("utf-8").replace("PR_TEST", "PR_tést")
    page.write_text(text, "utf-8")
    message = _one_message(make_app, src, "id-form", "index.md", _line_of(page, "{praksis}"))
    assert "'PR_tést'" in message and "Skriv fx 'PR_TEST'" in message


def test_a_block_without_title_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _edit(page, "```{praksis} En praksis med kilde", "```{praksis}")
    message = _one_message(make_app, src, "mangler-titel", "index.md", _line_of(page, "{praksis}"))
    assert "en praksis mangler sin titel" in message


def test_a_misspelt_field_is_named_with_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _edit(
        page, ":grundlag: interviews, litteratur", ":grundlag: interviews, litteratur\n:grundlg: x"
    )
    message = _one_message(make_app, src, "ukendt-felt", "index.md", _line_of(page, "{praksis}"))
    assert ":grundlg: er ikke et felt. Mente du 'grundlag'?" in message


def test_a_need_reference_to_an_unknown_id_suggests_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _append(page, "\nSe {need}`PR_TESTT` og {need}`KE_TEST`.\n\nOgså {need}`PR_TESTT`.\n")
    message = _one_message(make_app, src, "need-ukendt", "index.md", _line_of(page, "Se {need}"))
    assert "Mente du PR_TEST" in message and "1 andet sted" in message


# -- Pages ---------------------------------------------------------------------------------------


def test_an_element_page_missing_a_skeleton_heading_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _append(src / "conf.py", "\nhandbog_page_skeleton = ['Definition', 'Hjælperedskaber']\n")
    _append(src / "index.md", "\n## Definition\n\nTekst.\n")
    message = _one_message(
        make_app, src, "skelet-mangler", "index.md", _line_of(src / "index.md", "{kerneelement}")
    )
    assert "KE_TEST: siden mangler overskriften '## Hjælperedskaber'" in message


def test_skeleton_headings_out_of_order_are_named_at_the_heading(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _append(src / "conf.py", "\nhandbog_page_skeleton = ['Definition', 'Hjælperedskaber']\n")
    _append(src / "index.md", "\n## Hjælperedskaber\n\nTekst.\n\n## Definition\n\nTekst.\n")
    line = _line_of(src / "index.md", "## Hjælperedskaber")
    _one_message(make_app, src, "skelet-orden", "index.md", line)


def test_the_default_skeleton_is_the_templates():
    template = (REPO / "docs" / "_templates" / "kerneelement-side.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", template, flags=re.MULTILINE)
    assert tuple(headings) == SKELETON


def test_an_unknown_citation_key_suggests_the_nearest_once(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _append(page, "\nIgen {cite:p}`hansen2021`.\n\nOg {cite:t}`hansen2021`.\n")
    message = _one_message(make_app, src, "cite-ukendt", "index.md", _line_of(page, "Igen"))
    assert "Mente du 'hansen2020'?" in message
    assert "1 andet sted bruger det samme" in message


def test_an_unused_reference_outside_the_reports_list_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    bib = src / "refs.bib"
    start = len(bib.read_text("utf-8").splitlines()) + 1
    _append(
        bib,
        "@book{berg2021,\n  author = {Berg, B},\n  title = {Ubrugt},\n  year = {2021},\n"
        "  publisher = {Forlag},\n  keywords = {seed},\n}\n",
    )
    message = _one_message(make_app, src, "bib-ubrugt", "refs.bib", start)
    assert "'berg2021'" in message


def test_an_unknown_term_is_one_message_counting_the_other_uses(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path, "ordliste")
    page = src / "index.md"
    _append(page, "\nEt {term}`testbegrebb` og igen {term}`testbegrebb`.\n")
    message = _one_message(make_app, src, "term-ukendt", "index.md", _line_of(page, "testbegrebb"))
    assert "Mente du 'testbegreb'?" in message


def test_a_link_to_a_missing_page_suggests_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path, "ordliste")
    page = src / "index.md"
    _append(page, "\nSe {doc}`ordlist`.\n")
    message = _one_message(make_app, src, "doc-ukendt", "index.md", _line_of(page, "ordlist`"))
    assert "Mente du 'ordliste'?" in message


def test_a_link_to_a_missing_anchor_suggests_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _append(page, "\n## Faglig begrundelse\n\nSe [begrundelsen](#faglig-begrundlse).\n")
    message = _one_message(make_app, src, "link-ukendt", "index.md", _line_of(page, "begrundlse"))
    assert "Mente du 'faglig-begrundelse'?" in message


def test_a_page_in_no_table_of_contents_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    (src / "ny-side.md").write_text("# Ny side\n\nTekst.\n", "utf-8")
    message = _one_message(make_app, src, "ingen-toctree", "ny-side.md", None)
    assert "'ny-side'" in message


def test_a_misspelt_block_name_suggests_the_nearest(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _edit(page, "```{praksis} En praksis med kilde", "```{prakis} En praksis med kilde")
    # an example of the markup inside a code block is not a block
    _append(page, "\n````md\n```{prakis} Eksempel\n```\n````\n")
    message = _one_message(make_app, src, "ukendt-blok", "index.md", _line_of(page, "{prakis} En"))
    assert "Mente du 'praksis'?" in message


def test_a_block_that_is_never_closed_is_named(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _append(page, "\n```{note}\nEn note, der ikke lukkes.\n\nResten af siden.\n")
    _one_message(make_app, src, "blok-aaben", "index.md", _line_of(page, "{note}"))


def test_a_missing_image_suggests_a_file_of_the_folder(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    (src / "modellen.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    page = src / "index.md"
    _append(page, "\n![Modellen](model.svg)\n")
    message = _one_message(make_app, src, "billede", "index.md", _line_of(page, "model.svg"))
    assert "Mente du 'modellen.svg'?" in message


def test_a_cpr_like_number_on_a_page_is_named_at_its_line(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _append(page, "\nBarnet har nummer 010203-1234.\n")
    _one_message(make_app, src, "personoplysninger", "index.md", _line_of(page, "010203"))


# -- The catalogue -------------------------------------------------------------------------------


def test_every_warning_subtype_of_the_package_has_a_message_in_the_catalogue():
    subtypes = {m.subtype for m in messages.CATALOGUE}
    used: set[str] = set()
    for path in (REPO / "src" / "handbog").rglob("*.py"):
        used |= set(re.findall(r'subtype="([a-z]+)"', path.read_text("utf-8")))
        used |= set(re.findall(r'subtype: str = "([a-z]+)"', path.read_text("utf-8")))
    assert used, "fandt ingen advarsler i pakken"
    assert used <= subtypes, sorted(used - subtypes)


def test_every_message_has_its_meaning_fix_and_an_example_for_every_value():
    for message in messages.CATALOGUE:
        assert message.meaning.strip() and message.fix.strip(), message.key
        assert message.fields <= set(message.example) | {"others"}, message.key
        # the template formats (no stray braces)
        message.text(
            message.example.get("need_id"),
            **{k: message.example.get(k, "") for k in message.fields if k != "need_id"},
        )


@pytest.mark.sphinx("html", testroot="fejlbeskeder")
def test_the_troubleshooting_page_lists_every_message(app):
    app.build()
    assert app._warning.getvalue().strip() == ""
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    for message in messages.CATALOGUE:
        section = soup.find(id=f"besked-{message.key}")
        assert section is not None, message.key
        # the fix as the page shows it: what is typed in code, without the terminal's '…'
        fix = "".join(part.astext() for part in messages._with_code(message.fix))
        # (this small project keeps Sphinx's smartquotes: ID'et shows as ID’et)
        shown = " ".join(section.get_text().replace("\u2019", "'").split())
        assert " ".join(fix.split()) in shown, message.key


def test_a_misspelt_block_name_in_a_glossary_text_is_named_at_its_line(make_app, rootdir, tmp_path):
    """Glossary and checklist texts are MyST as well; the page check does not see them."""
    src = _project(rootdir, tmp_path, "ordliste")
    term = src / "glossary" / "andet-begreb.yaml"
    _append(term, "noter: |\n  ```{notte}\n  En note.\n  ```\n")
    line = _line_of(term, "{notte}")
    status, lines, text = _build(make_app, src)
    assert status != 0 and "Traceback" not in text
    ours = [entry for entry in lines if "notte" in entry]
    assert len(ours) == 1, "\n".join(lines)
    assert f"glossary/andet-begreb.yaml:{line}: " in ours[0] and "Mente du 'note'?" in ours[0]


# -- The next build ------------------------------------------------------------------------------


def _rebuild(make_app: Callable, src: Path) -> list[str]:
    """An incremental build, as ``nox -s html`` and ``nox -s live`` run it: the same output
    and doctrees as the build before, nothing read again unless it changed."""
    warning = io.StringIO()
    app = make_app("html", srcdir=src, freshenv=False, warningiserror=True, warning=warning)
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    return [line for line in text.splitlines() if ": WARNING: " in line]


def test_a_mistake_is_shown_again_on_every_build_until_it_is_fixed(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page, other = src / "index.md", src / "andet.md"
    other.write_text("# Andet\n\nEn side uden fejl.\n", "utf-8")
    _append(page, "\n```{toctree}\nandet\n```\n")
    # one of the handbook's checks (while reading) and one of MyST's own warnings
    _append(page, "\nEt nummer: 010203-1234.\n\n#### For dyb overskrift\n")
    status, first, _text = _build(make_app, src)
    assert status != 0 and len(first) == 2, "\n".join(first)
    assert any("[handbog.personoplysninger]" in line for line in first), first
    assert any("[myst.header]" in line for line in first), first

    # nothing changed: the page is read again and both messages come back, word for word
    assert sorted(_rebuild(make_app, src)) == sorted(first)
    assert sorted(_rebuild(make_app, src)) == sorted(first)

    # fixed: the messages go, and the page is not read again after that
    _edit(page, "\nEt nummer: 010203-1234.\n\n#### For dyb overskrift\n", "\n")
    assert _rebuild(make_app, src) == []
    assert not (Path(src) / "_build" / "doctrees" / rereading.STATE_FILE).exists()
    assert _rebuild(make_app, src) == []


def test_what_a_message_quotes_for_typing_is_code_on_the_troubleshooting_page():
    """The terminal marks a command with '…'; the page (and the editors' PDF) sets it in code,
    so that the page's own text quotes only with »…« (issue 23)."""
    parts = messages._with_code(
        "Kør 'python -m handbog ordliste valider', ret {term}`…` og skriv »…«, ikke „…“; "
        "ID'et og [“Quote”]{lang=en} står."
    )
    code = [p.astext() for p in parts if p.tagname == "literal"]
    text = "".join(p.astext() for p in parts if p.tagname != "literal")
    assert code == ["python -m handbog ordliste valider", "{term}`…`", "„…“", "[“Quote”]{lang=en}"]
    assert "»…«" in text and "ID'et" in text
    foreign = re.compile(r"(?:^|(?<=[\s(]))'[^'\n]+'(?!\w)|[„“”\"`]")
    for message in messages.CATALOGUE:
        for body in (message.meaning, message.fix):
            prose = "".join(p.astext() for p in messages._with_code(body) if p.tagname != "literal")
            assert not foreign.search(prose), (message.key, prose)
