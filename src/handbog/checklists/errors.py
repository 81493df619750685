"""The exceptions for problems an editor or a user has to fix in a checklist or answers file.

Every problem names the file, the line and column (when known), what is wrong and what is
expected, in Danish, so a message is useful without reading the code::

    checklists/foraeldremoede.yaml:14:5: ukendt felt 'tjeker' — mente du 'tjekker'? ...
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path relative to the working folder when it lies below it (shorter messages)."""
    path = Path(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, 1-based line and column; 0 when unknown) and what."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class _ProblemsError(Exception):
    """An error that carries one or more :class:`Problem` s, all of them reported at once."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        if not self.problems:
            raise ValueError("an error needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    # The first problem's location, so simple callers can use the error like a single problem.
    @property
    def path(self) -> Path:
        return self.problems[0].path

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def column(self) -> int:
        return self.problems[0].column

    @property
    def message(self) -> str:
        return self.problems[0].message

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ChecklistError(_ProblemsError):
    """One or more problems in checklist YAML files (``checklists/*.yaml``)."""


class AnswersError(_ProblemsError):
    """One or more problems in an answers file (``handbog-tjeklistesvar`` JSON)."""
