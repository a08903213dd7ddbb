"""`eitflow init`: write a scenario template (CSV files or one workbook) to start from."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eitflow.io.template import write_template


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--excel", is_flag=True, help="write one workbook (scenario.xlsx) instead of CSV files")
@click.option("--force", is_flag=True, help="overwrite template files already in DIRECTORY")
def init_command(directory: Path, excel: bool, force: bool) -> None:
    """Write a scenario template with a filled small example into DIRECTORY.

    Without --excel: scenario.yaml, sites.csv, flows.csv, links.csv and README.md (what
    every column means). With --excel: one workbook scenario.xlsx with sheets sites,
    flows, links, hubs, parameters and notes.

    \b
    Examples:
      eitflow init my_territory
      eitflow run my_territory/scenario.yaml --out runs/mine && eitflow report runs/mine
      eitflow init my_territory --excel
      eitflow run my_territory/scenario.xlsx --out runs/mine
    """
    try:
        path = write_template(directory, excel=excel, force=force)
    except (FileExistsError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {path}" + ("" if excel else f" (and sites.csv, flows.csv, links.csv, README.md in {directory})"))
    click.echo("next: edit it, then")
    click.echo(f"  eitflow run {path} --out runs/my_run")
    click.echo("  eitflow report runs/my_run")


