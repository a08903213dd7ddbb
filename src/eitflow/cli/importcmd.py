"""`eitflow import`: open data turned into scenario tables (`importers`)."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.cli.common import fail_input
from eitflow.cli.helptext import SaidGroup


@click.group("import", cls=SaidGroup)
def import_() -> None:
    """Turn open data into scenario tables.

    \b
    Example:
      eitflow import hotmaps ../shared/data/hotmaps/Industrial_Database.csv \\
          --communes ../shared/data/insee/communes_2024.csv --out scenarios/fr_heat
    """


@import_.command("hotmaps")
@click.argument("hotmaps_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--communes", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="INSEE communes CSV (heat sinks)")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="scenario directory to create")
@click.option("--country", default="FR", show_default=True, help="ISO code, or ALL")
@click.option("--radius", "radius_km", type=float, default=30, show_default=True, help="heat radius (km)")
@click.option("--overrides", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV of sites/flows that add to or replace the open data")
@click.option("--min-population", type=int, help="smallest commune treated as a district-heating candidate")
@click.option("--dh-share", type=float, help="share of a commune's heat demand connectable to a network")
@click.option("--price", "price_eur_per_mwh", type=float,
              help="price of the heat a commune's network buys: the gas heat it avoids (EUR/MWh; the importer's default if omitted)")
@click.option("--departements", help="a territory: INSEE codes of départements (54,57,2A): their communes only, "
                                     "and the supplies in them")
@click.option("--regions", help="a territory: INSEE codes of régions (44 for the Grand Est), as --departements")
@click.option("--margin-km", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="with a territory, also the supplies this close to one of its commune centres (km)")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="language of the scenario's name, description and README.md; fr: 'lang: fr' (its runs report in French), "
                   "CSVs with ';' and decimal commas (as French Excel opens them); default: the user's locale's, else English")
@click.option("--force", is_flag=True, help="rewrite an existing scenario directory")
def import_hotmaps(hotmaps_csv: Path, communes: Path, out: Path, country: str, radius_km: float,
                   overrides: Path | None, min_population: int | None, dh_share: float | None,
                   price_eur_per_mwh: float | None, departements: str | None, regions: str | None,
                   margin_km: float, lang: str | None, force: bool) -> None:
    """Build the national excess-heat scenario: Hotmaps supplies x INSEE commune sinks; or a
    territory's (--departements, --regions).

    \b
    Examples:
      eitflow import hotmaps ../shared/data/hotmaps/Industrial_Database.csv \\
          --communes ../shared/data/insee/communes_2024.csv --country FR --radius 30 --out scenarios/fr_heat
      eitflow import hotmaps ../shared/data/hotmaps/Industrial_Database.csv \\
          --communes ../shared/data/insee/communes_2024.csv --departements 54 --margin-km 10 --out scenarios/nancy
    """
    from eitflow.cli.common import locale_lang
    from eitflow.importers.national import CLI_OPTIONS, build_national_heat_scenario

    lang = lang or locale_lang()   # a scenario for the person typing: in their language unless told otherwise

    model = {k: v for k, v in dict(min_population=min_population, dh_share=dh_share,
                                   price_eur_per_mwh=price_eur_per_mwh).items() if v is not None}
    try:
        from eitflow.importers.territory import parse_codes

        deps, regs = parse_codes(departements, "--departements"), parse_codes(regions, "--regions")
        path = build_national_heat_scenario(hotmaps_csv, communes, out, country=None if country == "ALL" else country,
                                            radius_km=radius_km, overrides_path=overrides, force=force,
                                            departements=deps, regions=regs, margin_km=margin_km, lang=lang,
                                            names=("--out", "--force"), options=CLI_OPTIONS,
                                            **model)
    except (FileExistsError, NotADirectoryError, ValueError) as exc:
        fail_input(exc, lang, "imp_problems")
    except OSError as exc:
        # --out that cannot be made or written (read-only, full, a mount gone): said as `run` says
        # it, not a traceback (the one of its parents that could not be made named); an error on
        # another file (an input) is not this one
        where = Path(exc.filename) if exc.filename else None
        if where is None or not (where == out or out in where.parents or where in out.parents):
            raise
        from eitflow.cli.common import fail, why_not_written
        from eitflow.i18n import text as said

        fail(said("cli_cannot_write", lang, path=str(where), why=why_not_written(exc, lang)), lang)
    from eitflow.i18n import text

    click.echo(text("line_wrote", lang, path=path))   # "écrit ..." with --lang fr
