"""`eitflow init`: write a scenario template (CSV files or one workbook) to start from."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.cli.common import fail_input, locale_lang
from eitflow.i18n import text
from eitflow.io.template import write_template


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--excel", is_flag=True, help="write one workbook (scenario.xlsx) instead of CSV files")
@click.option("--force", is_flag=True, help="overwrite template files already in DIRECTORY")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="language of README.md, the comments of scenario.yaml and the workbook's notes (column names "
                   "stay as they are); fr also writes 'lang: fr' so that runs report in French, and the CSV "
                   "files with ';' and decimal commas, as French Excel opens them; default: the user's locale's "
                   "(LANG=fr_FR.UTF-8: French), else English")
def init_command(directory: Path, excel: bool, force: bool, lang: str | None) -> None:
    """Write a scenario template with a filled small example into DIRECTORY.

    Without --excel: scenario.yaml, sites.csv, flows.csv, links.csv and README.md (what
    every column means). With --excel: one workbook scenario.xlsx with sheets sites,
    flows, links, hubs, parameters and notes. --lang fr writes them in French.

    \b
    Examples:
      eitflow init my_territory
      eitflow run my_territory/scenario.yaml --out runs/mine && eitflow report runs/mine
      eitflow init my_territory --excel
      eitflow init mon_territoire --lang fr
      eitflow run my_territory/scenario.xlsx --out runs/mine
    """
    # a template for the person typing: in their language unless told otherwise
    lang = lang or locale_lang()
    try:
        path = write_template(directory, excel=excel, force=force, lang=lang)
    except (FileExistsError, OSError) as exc:
        fail_input(exc, lang)
    click.echo(text("line_init_wrote", lang, path=path) if excel else text("line_init_wrote_csv", lang, path=path,
                                                                           directory=directory))
    click.echo(text("line_init_next", lang))
    run = text("line_init_run_dir", lang)
    click.echo(f"  eitflow run {path} --out {run}")
    click.echo(f"  eitflow report {run}")


