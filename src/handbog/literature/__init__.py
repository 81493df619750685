"""Where the content comes from: the BibTeX file, its styles, sources and citations.

Built on sphinxcontrib-bibtex and pybtex: :mod:`.bibliography` reads the one BibTeX file,
:mod:`.bibstyle` holds the Danish styles (pybtex entry points), :mod:`.sources` makes a need of
each source, :mod:`.citations` each page's »Kilder«, and :mod:`.additions` marks what the
handbook adds itself, which no source says.
"""
