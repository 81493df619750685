"""The one reader (handbog.checks.reader): a page and the data files' texts read as MyST reads them,
with the line and column of every piece, block and role."""

from __future__ import annotations

from handbog.checks import reader

PAGE = (
    "---\n"
    "title: x\n"
    "---\n"
    "# Titel\n"
    "\n"
    "- {doc}`Hvad »uden« betyder <x>` og [“Quote”]{lang=en} og `kode`\n"
    "\n"
    "> Et citat.\n"
    "\n"
    "1. ```{praksis} En praksis\n"
    "   :id: PR_X\n"
    "\n"
    "   Tekst {term}`ord`.\n"
    "   ```\n"
    "\n"
    "````md\n"
    "```{prakis} Eksempel\n"
    "```\n"
    "````\n"
    "\n"
    ":::{note}\n"
    "Aldrig lukket.\n"
)


def test_every_piece_has_the_line_and_column_it_has_in_the_file():
    reading = reader.read_markdown(PAGE)
    found = {(p.line, p.column, p.text, p.kind) for p in reading.pieces}
    assert (4, 3, "Titel", "text") in found
    assert (6, 9, "Hvad »uden« betyder", "label") in found
    assert (10, 17, "En praksis", "title") in found
    assert (11, 4, ":id: PR_X", "option") in found
    assert (13, 4, "Tekst ", "text") in found  # inside a block inside a list item
    assert (13, 17, "ord", "role") in found
    assert (22, 1, "Aldrig lukket.", "text") in found
    quoted = [p for p in reading.pieces if p.quoted]
    assert [(p.line, p.text) for p in quoted] == [(8, "Et citat.")]
    assert [p.text for p in reading.pieces if p.lang == "en"] == ["“Quote”"]
    # no piece of the front matter, of code or of the example in a code block
    assert not [p for p in reading.pieces if "kode" in p.text or "Eksempel" in p.text]
    assert not [p for p in reading.pieces if p.line <= 3]


def test_blocks_and_roles_are_named_with_their_lines():
    reading = reader.read_markdown(PAGE)
    assert [(d.line, d.name, d.unclosed) for d in reading.directives] == [
        (10, "praksis", False),
        (21, "note", True),
    ]
    assert reading.directives[0].options == {"id": "PR_X"}
    assert [(r.line, r.column, r.name) for r in reading.roles] == [(6, 3, "doc"), (13, 10, "term")]


def test_the_reader_follows_the_projects_myst_settings():
    text = ":::{notte}\nTekst.\n:::\n"
    assert [d.name for d in reader.read_markdown(text).directives] == ["notte"]
    without = reader.parser_config(extensions=[])
    assert reader.read_markdown(text, without).directives == []


def test_a_data_files_texts_are_read_at_the_files_lines():
    text = (
        "# en kommentar med {trem}`x`\n"
        "term: et begreb\n"
        "synonymer:\n"
        "  - {trem}`navn`\n"
        'definition: "Et ord med »citat«."\n'
        "noter: |\n"
        "  Første linje.\n"
        "  ```{notte}\n"
        "  En note.\n"
        "  ```\n"
    )
    reading = reader.read_yaml(text, skip=reader.NAME_FIELDS)
    found = {(p.line, p.column, p.text) for p in reading.pieces}
    assert (2, 7, "et begreb") in found
    assert (5, 14, "Et ord med »citat«.") in found
    assert (7, 3, "Første linje.") in found
    assert (9, 3, "En note.") in found
    assert [(d.line, d.name) for d in reading.directives] == [(8, "notte")]
    assert reading.roles == []  # not in the comment, nor in a list of names
