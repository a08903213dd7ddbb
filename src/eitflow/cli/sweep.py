"""`eitflow sweep`: run a grid or Monte Carlo sweep of a scenario on Dask."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eitflow.sweep.run import finished, plan, run_sweep
from eitflow.sweep.spec import SweepError, load_sweep


@click.command("sweep")
@click.argument("sweep_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="sweep directory (created; an existing one is resumed: finished runs are kept)")
@click.option("--scheduler", metavar="ADDRESS", help="address of an existing Dask scheduler (tcp://host:8786); "
              "default: a local cluster")
@click.option("--workers", type=click.IntRange(1, 256), default=2, show_default=True,
              help="worker processes of the local cluster")
@click.option("--dry-run", is_flag=True, help="list the runs and which are already finished, solve nothing")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
def sweep_cmd(sweep_file: Path, out: Path, scheduler: str | None, workers: int, dry_run: bool, quiet: bool) -> None:
    """Run a scenario sweep (grid and/or Monte Carlo) on Dask; writes OUT/results.csv, OUT/runs/<id>/
    and the plot of net benefit and CO2 avoided against each parameter (OUT/sweep.png, .svg, .html).

    \b
    Examples:
      eitflow sweep sweeps/carbon.yaml --out runs/carbon
      eitflow sweep sweeps/carbon.yaml --out runs/carbon --scheduler tcp://10.0.0.5:8786
    """
    from eitflow.cli.common import EXIT_NO_SOLUTION, fail_input
    from eitflow.errors import ScenarioError
    from eitflow.io.read import read_scenario

    try:
        sw = load_sweep(sweep_file)
        if dry_run:
            table = plan(sw, read_scenario(sw.base))
            table["finished"] = [finished(out / "runs" / r) is not None for r in table["run_id"]]
            from eitflow.cli.tables import print_table

            print_table(table, "en")
            click.echo(f"{len(table)} runs, {int(table['finished'].sum())} finished")
            return
        df = run_sweep(sw, out, scheduler=scheduler, n_workers=workers, progress=not quiet)
    except (SweepError, ScenarioError, OSError) as exc:
        fail_input(exc)
    counts = df["status"].value_counts().to_dict()
    click.echo(f"{len(df)} runs ({int(df['computed'].sum())} solved now, {int((~df['computed']).sum())} resumed): "
               + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f"; table: {out / 'results.csv'}")
    from eitflow import i18n
    from eitflow.report.plots import write_sweep_plots
    from eitflow.sweep.run import RESULT_COLUMNS

    params = [c for c in df.columns if c not in ("run_id", *RESULT_COLUMNS)]
    lang = i18n.resolve_lang(None, read_scenario(sw.base).params.lang)
    for p in write_sweep_plots(df, params, out, lang):
        click.echo(i18n.text("line_wrote", lang, path=p))
    if counts.get("error"):
        sys.exit(EXIT_NO_SOLUTION)


