"""The one exception the PDF build raises for problems an editor has to fix."""

from __future__ import annotations


class PdfBuildError(Exception):
    """One or more problems, each a sentence that names the module, page and anchor.

    Messages are Danish (the editors' language) with a short English gloss, so the build
    log tells an editor what to fix without reading the code.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))
