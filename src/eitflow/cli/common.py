"""What every command shares: exit codes and the one way an input problem is printed.

Exit codes: 0 solved (optimal or feasible), 1 no feasible solution or solver failure,
2 invalid input or usage (the message names file, row and column).
"""
from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_NO_SOLUTION, EXIT_INPUT = 0, 1, 2


def fail_input(exc: Exception) -> None:
    from eitflow.errors import ScenarioError

    if isinstance(exc, ScenarioError):
        n = len(exc.problems)
        click.echo(f"error: invalid scenario ({n} problem{'s' if n > 1 else ''}):", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_INPUT)


def echo_warnings(scen) -> None:
    """Plausible but odd data (`Scenario.warnings`): printed, the command goes on (exit 0)."""
    for w in getattr(scen, "warnings", []):
        click.echo(f"warning: {w}", err=True)
