"""Error types raised by the library; the CLI turns them into exit codes.

`ScenarioError` (exit 2) carries every problem found in the input, each naming the
file, the row (1-based data row, header excluded) and the column, so an analyst can
fix a spreadsheet export in one pass. `SolveError` (exit 1) means no feasible solution
or a solver failure.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One input problem: where it is and what was expected."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ScenarioError(ValueError):
    """Invalid scenario input; holds one or more `Problem`s."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SolveError(RuntimeError):
    """No feasible solution, or the solver failed; `status` says which."""

    def __init__(self, status: str, message: str):
        self.status = status
        super().__init__(f"{status}: {message}")


class Collector:
    """Gathers problems so validation reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(file, message, row, column))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)
