"""`eitflow report`: the offline HTML report of a run directory, and static figures."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.report.figures import write_figures
from eitflow.report.html import write_report
from eitflow.results.rundir import RunDirError


@click.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: RUN_DIR/report.html)")
@click.option("--figures", type=click.Choice(["png", "svg"]),
              help="also write map.<fmt> and sankey.<fmt> beside the report, for slides")
def report_command(run_dir: Path, out: Path | None, figures: str | None) -> None:
    """Write a self-contained HTML report of RUN_DIR (opens offline, in any browser).

    Key figures and status, a map of sites and exchanges, a Sankey of the flows, the
    tables of matches and unmatched flows with reasons, and totals per zone.

    \b
    Examples:
      eitflow run scenarios/zae_example/scenario.yaml --out runs/example
      eitflow report runs/example                      # writes runs/example/report.html
      eitflow report runs/example --out zae.html --figures png   # + map.png, sankey.png
    """
    import sys

    try:
        path = write_report(run_dir, out)
    except (RunDirError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {path}")
    if figures:
        for p in write_figures(run_dir, figures, out_dir=path.parent):
            click.echo(f"wrote {p}")


