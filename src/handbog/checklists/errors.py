"""The exceptions for problems an editor or a user has to fix in a checklist or answers file.

Each carries :class:`~handbog.data.core.Problem` s, the one problem type of every data file:
every problem names the file, the line and column (when known), what is wrong and what is
expected, in Danish, so a message is useful without reading the code::

    checklists/foraeldremoede.yaml:14:5: ukendt felt 'tjeker' — mente du 'tjekker'? ...
"""

from __future__ import annotations

from pathlib import Path

from handbog.data.core import Problem

__all__ = ["AnswersError", "ChecklistError", "Problem", "UnitsError"]


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


class UnitsError(_ProblemsError):
    """One or more problems in the overview's units file (``enheder.yaml``)."""
