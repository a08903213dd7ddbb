"""`eitflow sweep`: run a grid or Monte Carlo sweep of one or several scenarios on Dask."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("sweep")
@click.argument("sweep_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="sweep directory (created; an existing one is resumed: finished runs are kept)")
@click.option("--storage", metavar="URL", help="the sweep directory on object storage instead of --out, through "
              "fsspec (s3://bucket/sweeps/carbon, gs://..., az://...; the filesystem's package must be installed)")
@click.option("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler: its address (tcp://host:8786) or "
              "the file `dask scheduler --scheduler-file` wrote; default: a local cluster")
@click.option("--workers", type=click.IntRange(0, 256), default=2, show_default=True,
              help="worker processes of the local cluster; 0 solves in this process, without Dask")
@click.option("--lang", type=click.Choice(["en", "fr"]),
              help="language of the messages and the report (default: the sweep directory's, else the first base's)")
@click.option("--dry-run", is_flag=True, help="list the runs and which are already finished, solve nothing")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
def sweep_cmd(sweep_file: Path, out: Path | None, storage: str | None, scheduler: str | None, workers: int,
              lang: str | None, dry_run: bool, quiet: bool) -> None:
    """Run a scenario sweep (grid and/or Monte Carlo, one or several base scenarios) on Dask.

    Writes, as runs finish, OUT/runs/<id>/ and one row per run in OUT/results.csv (and
    .parquet), the chosen exchanges of every run in OUT/links.csv, then OUT/frequency.csv
    (how often each exchange is chosen), OUT/report.html and the plot OUT/sweep.png/.svg.
    Stopped and started again on the same OUT, it solves only the runs not finished.
    The sweep file's format: README, "Sweeps".

    \b
    Examples:
      eitflow sweep scenarios/sweeps/carbon_and_heat.yaml --out runs/carbon
      eitflow sweep scenarios/sweeps/carbon_and_heat.yaml --out runs/carbon --scheduler tcp://10.0.0.5:8786
      eitflow sweep scenarios/sweeps/carbon_and_heat.yaml --storage s3://bucket/sweeps/carbon --scheduler tcp://10.0.0.5:8786
    """
    import eitflow.i18n as i18n
    from eitflow.cli.common import EXIT_NO_SOLUTION, STATE, fail_input, input_lang
    from eitflow.errors import ScenarioError
    from eitflow.sweep.spec import SweepError, load_sweep
    from eitflow.sweep.store import SweepLockedError, recorded_lang

    # a refusal is said in the first base's language, read from its scenario.yaml as far as it
    # can be even when the sweep file or the base is not valid
    said = input_lang(_first_base(sweep_file) or sweep_file, lang)
    STATE["lang"] = said   # a stop is said in the sweep's language
    if (out is None) == (storage is None):
        fail_input(ValueError(i18n.Phrase("sweep_out_or_storage")), said)
    location = storage or str(out)
    try:
        sw = load_sweep(sweep_file)
        # a sweep directory's language (sweep.json) before the first base's: resumed, it stays
        lang = STATE["lang"] = i18n.resolve_lang(lang, recorded_lang(location) or _first_lang(sw))
        if dry_run:
            _dry_run(sw, location, (workers or 1) if not scheduler else None, lang)
            return
        from eitflow.sweep.run import run_sweep

        # stopped by Ctrl-C or a signal: say what OUT holds (the runs written stay; the same
        # command resumes), not "nothing was written"
        STATE["stopped"] = _stopped_note_ready(location, lang)
        df = run_sweep(sw, location, scheduler=scheduler, n_workers=workers, progress=not quiet, lang=lang,
                       out_name="--out")
    except (SweepError, ScenarioError, SweepLockedError, OSError, ImportError) as exc:
        fail_input(exc, said)
    from eitflow.report.sweep import gap_notes, status_counts, write_sweep_report

    click.echo(i18n.text("sweep_line_done", lang, n=i18n.counted(len(df), "n_runs", lang),
                         now=i18n.counted(df.attrs["solved_now"], "n_solved_now", lang),
                         resumed=i18n.counted(df.attrs["resumed"], "n_resumed", lang),
                         counts=status_counts(df["status"], lang), path=f"{location}/results.csv"))
    # runs stopped at their limit: how far from their bounds, as the report says it
    notes = "" if (df["status"] == "optimal").all() else gap_notes(df, lang)
    if notes:
        click.echo(notes)
    from eitflow.cli.outfiles import echo_written

    echo_written(write_sweep_report(location, lang), lang)
    if (df["status"] == "error").any():
        sys.exit(EXIT_NO_SOLUTION)


def _stopped_note_ready(location: str, lang: str):
    """`_stopped_note` for the stop handler, what it needs loaded first (Babel's numbers, the
    run's locale: a count said once now, writing nothing). The handler runs in the main thread
    between two bytecodes of whatever it does: run while that thread imported Babel, its own
    import found babel.numbers half made (an ImportError, a traceback, exit 1)."""
    import eitflow.i18n as i18n

    i18n.counted(0, "sweep_stopped", lang, path=location)
    i18n.text("sweep_stopped_unlisted", lang, path=location, why="")
    return lambda: _stopped_note(location, lang)


def _stopped_note(location: str, lang: str) -> str:
    """What a stopped sweep leaves (said by the stop handler): the runs written, each whole; when
    the store cannot be listed (a bucket unreachable), that it could not, and why."""
    import eitflow.i18n as i18n
    from eitflow.sweep.store import Store

    try:
        n = len(Store(location).finished())
    except Exception as exc:  # noqa: BLE001 - a stop message never fails; unlisted, not "0 runs"
        return i18n.text("sweep_stopped_unlisted", lang, path=location, why=f"{type(exc).__name__}: {exc}")
    return i18n.counted(n, "sweep_stopped", lang, path=location)


def _first_base(sweep_file: Path) -> Path | None:
    """The first base scenario a sweep file names (`base:`, or the first of `bases:`), before
    the file is checked; None when it names none."""
    import yaml

    try:
        raw = yaml.safe_load(sweep_file.read_text(encoding="utf-8"))
        given = raw.get("base") or raw.get("bases")
        first = next(iter(given.values() if isinstance(given, dict) else given if isinstance(given, list) else [given]))
        return sweep_file.parent / str(first)
    except Exception:  # noqa: BLE001 - an unreadable sweep file: its refusal is said in English
        return None


def _first_lang(sw) -> str | None:
    from eitflow.io.read import read_scenario

    return read_scenario(sw.base).params.lang


DRY_ROWS = 40  # the dry run lists this many runs at most (a grid of 100,000 would take minutes to print)


def _dry_run(sw, location: str, threads: int | None, lang: str) -> None:
    import eitflow.i18n as i18n
    from eitflow.cli.tables import print_table
    from eitflow.sweep.params import siting_note, value_warning_lines
    from eitflow.sweep.run import check_one_sweep, plan, plan_line, read_bases
    from eitflow.sweep.store import Store, is_url

    bases = read_bases(sw)
    for line in value_warning_lines(sw, {n: b.scenario for n, b in bases.items()}, lang):
        click.echo(line, err=True)   # as the sweep itself says them before it solves
    note = siting_note({n: b.scenario for n, b in bases.items()}, lang)
    if note:   # as the sweep itself says it before it solves, and `eitflow run` on such a base
        click.echo(note, err=True)
    table = plan(sw, bases)
    done: set[str] = set()
    if is_url(location) or Path(location).is_dir():
        store = Store(location)
        done = store.finished()
        check_one_sweep(store, done, table["run_id"].tolist(), bases)  # as the sweep itself would refuse
    from eitflow.report.names import param_label, param_value

    # the parameters named as the sweep report names them ('rayon de chaleur (km)', not max_distance_km.heat),
    # the gap target and the other shares as percentages (0.005 is 0,50 %; a discount rate 0.05, 5 %)
    shown = table.head(DRY_ROWS).copy()
    for c in [c for c in shown.columns[2:] if c in i18n.SHARE_PARAMS]:
        shown[c] = [param_value(c, v, lang) for v in shown[c]]
    shown = shown.rename(columns={c: param_label(c, lang) for c in table.columns[2:]})
    shown[i18n.text("sweep_finished", lang)] = shown["run_id"].isin(done)
    print_table(shown, lang)
    if len(table) > DRY_ROWS:
        click.echo(i18n.counted(len(table) - DRY_ROWS, "sweep_dry_more", lang))
    click.echo(plan_line(table, bases, done, threads, lang))
