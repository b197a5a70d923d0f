"""A problem in a data file, written `file:line: where: what is wrong, and how to fix it`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class FileProblem:
    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"


class InvalidData(ValueError):
    """Data files with problems; carries every problem, not just the first."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
