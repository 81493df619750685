"""One quotation style, »…«: the check names every other one, outside code and YAML syntax."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from test_editor_messages import _append, _one_message, _project

from handbog.checks import quotes


def _found(hits: list[quotes.Hit]) -> list[tuple[int, int, str]]:
    return [(h.line, h.column, h.found) for h in hits]


def test_each_other_quotation_style_is_named_with_line_and_column():
    text = (
        "Rapporten siger »tidlig«.\n"
        'Ordet „tidlig“ og “tidlig” og "tidlig".\n'
        "Et citat „over\nto linjer“ tæller én gang.\n"
    )
    assert _found(quotes.markdown_hits(text)) == [
        (2, 7, "„tidlig“"),
        (2, 19, "“tidlig”"),
        (2, 31, '"tidlig"'),
        (3, 10, "„over to linjer“"),
    ]


def test_code_targets_tags_options_and_other_languages_keep_their_marks():
    text = (
        'Kør `handbog tjekliste "fil"` og se {doc}`Hvad »uden myndighed« betyder <a/"b">`.\n'
        '<a href="../x.pdf">X</a> og [“Quote”]{lang=en} og {term}`"ord"`.\n'
        "```{praksis} En praksis\n"
        ':id: PR_X\n:filter: type == "praksis"\n\n'
        "Teksten siger »følg eller forklar«.\n"
        "```\n"
        "```python\n"
        'print("kode")\n'
        "```\n"
        '<!-- en note "til"\nredaktøren -->\n'
    )
    assert quotes.markdown_hits(text) == []


def test_a_directives_content_is_prose():
    text = ':::{admonition} Kort fortalt\nRapporten kalder det "ufarlig".\n:::\n'
    assert _found(quotes.markdown_hits(text)) == [(2, 22, '"ufarlig"')]


def test_a_tilfoejelse_is_prose_and_a_link_text_too():
    text = '- {tilfoejelse}``Et „kerneelement“.``\n- {doc}`Hvad "uden" betyder <x>`\n'
    assert _found(quotes.markdown_hits(text)) == [(1, 21, "„kerneelement“"), (2, 14, '"uden"')]


def test_yaml_quoting_of_a_value_is_syntax_not_a_quotation():
    text = (
        '# "kommentar"\n'
        '- vaerdi: "0"\n'
        "- {vaerdi: '1', tekst: \"Delvist\"}\n"
        'tekst: "Et citat med »ord« i."\n'
        "forklaring: >-\n"
        '  Håndbogen bruger "fagfolk".\n'
    )
    assert _found(quotes.yaml_hits(text)) == [(6, 20, '"fagfolk"')]


def test_the_handbooks_sources_use_one_quotation_style():
    pages = [p for p in sorted((REPO / "docs").rglob("*.md")) if "_templates" not in p.parts]
    found = [
        f"{p.relative_to(REPO)}:{h.line}: {h.found}"
        for p in pages
        for h in quotes.markdown_hits(p.read_text("utf-8"))
    ]
    found += [
        f"{p.relative_to(REPO)}:{h.line}: {h.found}"
        for p, h in quotes.data_file_hits([REPO / "checklists", REPO / "glossary"])
    ]
    assert found == []


def test_a_quotation_in_other_marks_is_one_message_at_its_line(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    line = len(page.read_text("utf-8").splitlines()) + 2
    _append(page, "\nRapporten kalder det „tidlig“ indsats.\n")
    message = _one_message(make_app, src, "anfoerselstegn", "index.md", line)
    assert "„tidlig“" in message and "»…«" in message


def test_sphinx_no_longer_turns_an_apostrophe_into_a_quotation_mark(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    _append(src / "index.md", "\nSe Weitz' bog og VIVE's rapport.\n")
    _append(src / "conf.py", f"\nsmartquotes_action = {_conf_value('smartquotes_action')!r}\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "Weitz' bog" in html and "‹" not in html


def _conf_value(name: str) -> str:
    """A setting of the handbook's conf.py, as the handbook is built with it."""
    namespace: dict[str, object] = {"__file__": str(REPO / "conf.py")}
    exec(compile((REPO / "conf.py").read_text("utf-8"), "conf.py", "exec"), namespace)
    return str(namespace[name])
