"""`eitflow init`: write a scenario template (CSV files or one workbook) to start from."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.cli.common import fail_input, locale_lang
from eitflow.i18n import text
from eitflow.io.template import template_files, write_template


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--excel", is_flag=True, help="write one workbook (scenario.xlsx) instead of CSV files")
@click.option("--force", is_flag=True, help="overwrite template files already in DIRECTORY")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="language of README.md, the comments of scenario.yaml and the workbook's notes (column names "
                   "stay as they are); fr also writes 'lang: fr' so that runs report in French, and the CSV "
                   "files with ';' and decimal commas, as French Excel opens them; default: the user's locale's "
                   "(LANG=fr_FR.UTF-8: French), else English")
@click.option("--network", is_flag=True,
              help="the example with a shared heat network: corridors.csv (a trunk from the incinerator and three "
                   "branches), junctions.csv, three more heat users and a networks: block in scenario.yaml (with "
                   "--excel: the corridors and junctions sheets and a networks.heat.temperature_c parameter)")
def init_command(directory: Path, excel: bool, force: bool, lang: str | None, network: bool) -> None:
    """Write a scenario template with a filled small example into DIRECTORY.

    Without --excel: scenario.yaml, sites.csv, flows.csv, links.csv and README.md (what
    every column means). With --excel: one workbook scenario.xlsx with sheets sites,
    flows, links, hubs, corridors, junctions, parameters and notes. --lang fr writes them
    in French. --network adds a shared heat network to the example.

    \b
    Examples:
      eitflow init my_territory
      eitflow run my_territory/scenario.yaml --out runs/mine && eitflow report runs/mine
      eitflow init my_territory --excel
      eitflow init my_network --network
      eitflow init mon_territoire --lang fr
      eitflow run my_territory/scenario.xlsx --out runs/mine
    """
    # a template for the person typing: in their language unless told otherwise
    lang = lang or locale_lang()
    try:
        path = write_template(directory, excel=excel, force=force, lang=lang, network=network)
    except (FileExistsError, OSError) as exc:
        fail_input(exc, lang)
    files = ", ".join(template_files(excel, network)[1:])
    click.echo(text("line_init_wrote", lang, path=path) if excel else text("line_init_wrote_csv", lang, path=path,
                                                                           files=files, directory=directory))
    click.echo(text("line_init_next", lang))
    run = text("line_init_run_dir", lang)
    click.echo(f"  eitflow run {path} --out {run}")
    click.echo(f"  eitflow report {run}")


