"""Command line: a thin click layer over the library (no logic of its own).

Exit codes: 0 solved (optimal or feasible), 1 no feasible solution or solver failure,
2 invalid input or usage (the message names file, row and column).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from eitflow._version import __version__
from eitflow.cli.common import EXIT_NO_SOLUTION, fail_input, input_lang
from eitflow.cli.group import LAZY_COMMANDS as LAZY_COMMANDS  # re-exported: the help's tests read it here
from eitflow.cli.group import LazyGroup
from eitflow.cli.importcmd import import_


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eitflow")
def main() -> None:
    """eitflow: optimise industrial-ecology exchanges (waste heat, by-products, H2, CO2...).

    \b
    Examples:
      eitflow validate scenarios/zae_example/scenario.yaml
      eitflow run scenarios/zae_example/scenario.yaml --out runs/example
    """


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), help="language of the message (default: the scenario's)")
@click.option("--strict", is_flag=True,
              help="exit 2 on warnings too (plausible but odd values), for a script that must not go on with them")
def validate(scenario: Path, lang: str | None, strict: bool) -> None:
    """Check a scenario and report every problem at once (exit 2 if any).

    \b
    Example:
      eitflow validate scenarios/zae_example/scenario.yaml
    """
    from eitflow.candidates.generate import build_candidates
    from eitflow.errors import ScenarioError
    from eitflow.io.read import read_scenario

    try:
        scen = read_scenario(scenario, confine_to_scenario_dir=False)
    except (ScenarioError, OSError) as exc:
        fail_input(exc, input_lang(scenario, lang))
    cand = build_candidates(scen)
    import eitflow.i18n as i18n
    from eitflow.cli.common import echo_idle_networks, echo_run_dir_read, echo_warnings

    lang = i18n.resolve_lang(lang, scen.params.lang)
    echo_run_dir_read(scenario, scen, lang)
    echo_warnings(scen, lang)
    # a siting's networks reach its plots and serve the activities placed there: read them on
    # the scenario with every candidate placement (`candidates.placements.expand_placements`)
    net_scen, net_cand = scen, cand
    if scen.siting is not None and cand.network is not None:
        from eitflow.candidates.placements import expand_placements
        net_scen = expand_placements(scen)
        net_cand = build_candidates(net_scen)
    # a network nothing can use: known from the candidate network only, so said here, as a warning
    idle = echo_idle_networks(net_scen, net_cand, lang)
    if strict and (scen.warnings or idle):   # said as a problem, in place of the 'ok' line
        click.echo(i18n.text("line_validate_strict", lang, path=scenario,
                             n=i18n.counted(len(scen.warnings) + idle, "n_warnings", lang)), err=True)
        raise SystemExit(2)
    from eitflow.results.terminal import validate_lines

    for line in validate_lines(scenario, scen, cand, net_scen, net_cand, lang):
        click.echo(line)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="run directory to create")
@click.option("--force", is_flag=True, help="replace an existing run directory")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), help="override the scenario's solver")
@click.option("--time-limit", type=float, help="override the time limit (s)")
@click.option("--mip-gap", type=float, help="override the relative MIP gap")
@click.option("--workers", type=int, help="parallel processes over independent components")
@click.option("--scheduler", metavar="ADDRESS", help="solve the components on the Dask cluster of this scheduler "
              "(tcp://host:8786, or the file `dask scheduler --scheduler-file` wrote) instead of local processes")
@click.option("--export-lp", type=click.Path(path_type=Path), help="also write the PuLP model as an LP file")
@click.option("--report", "with_report", is_flag=True, help="also write report.html (offline) in the run directory")
@click.option("--pdf", is_flag=True, help="also write brief.pdf (one page for elected officials) and report.pdf")
@click.option("--excel", is_flag=True, help="also write results.xlsx")
@click.option("--gpkg", is_flag=True, help="also write eitflow.gpkg for QGIS (needs the 'geo' extra)")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="language of the messages, report, PDFs and workbook (default: the scenario's 'lang:', else "
                   "English)")
@click.option("-q", "--quiet", is_flag=True, help="print only the status line")
def run(scenario: Path, out: Path, force: bool, solver: str | None, time_limit: float | None,
        mip_gap: float | None, workers: int | None, scheduler: str | None, export_lp: Path | None,
        with_report: bool, pdf: bool, excel: bool, gpkg: bool, lang: str | None, quiet: bool) -> None:
    """Optimise SCENARIO (scenario.yaml, or a workbook .xlsx or .ods) and write the run directory:
    matches.csv, unmatched.csv, not_chosen.csv, price_bands.csv, companies.csv, zones.csv,
    summary.json and GeoJSON layers (sites, exchanges, candidates, unmatched).

    \b
    Examples:
      eitflow run scenarios/zae_example/scenario.yaml --out runs/example
      eitflow run my_park.xlsx --out runs/park --report --excel
      eitflow run scenarios/dunkerque_dh/scenario.yaml --out runs/dk --lang fr --pdf --gpkg
      eitflow run scenarios/fr_heat/scenario.yaml --out runs/fr --time-limit 120 --workers 2
      eitflow run scenarios/fr_heat/scenario.yaml --out runs/fr --scheduler tcp://10.0.0.5:8786
    """
    from eitflow.errors import ScenarioError
    from eitflow.io.assemble import with_solver_options
    from eitflow.io.read import read_scenario
    from eitflow.results.rundir import RunExistsError, check_target
    from eitflow.results.target import CLI_NAMES, RunLock, TargetError

    over = {k: v for k, v in dict(name=solver, time_limit_s=time_limit, mip_gap=mip_gap, workers=workers).items()
            if v is not None}
    import eitflow.i18n as i18n
    from eitflow.cli.common import STATE, guard_process, process_age_s

    started = time.time()  # the time limit counts from here: everything after start-up
    guard_process(out, lang)
    try:
        check_target(out, force, names=CLI_NAMES)
        startup = process_age_s()
        t = time.perf_counter()
        scen = read_scenario(scenario, confine_to_scenario_dir=False)
        scen.params = with_solver_options(scen.params, over)
        if lang:   # the run's language, kept in summary.json: `eitflow report DIR` later writes in it too
            scen.params = scen.params.model_copy(update={"lang": lang})
        STATE["lang"] = i18n.resolve_lang(lang, scen.params.lang)   # a stop is said in the run's language
        # the destination is checked and locked before solving: a second run on it, a
        # read-only or full destination, a --force on what is not a run are refused now
        inputs = [p for p in [scen.source, *scen.files.values()] if p is not None]
        check_target(out, force, inputs, CLI_NAMES)
        if export_lp is not None:   # a user's file (a scenario's table) was overwritten by the model, after the solve
            from eitflow.cli.outfiles import check_replace
            check_replace([export_lp], "--export-lp", None, STATE["lang"])
        _check_output_tools(pdf, gpkg)
        lock = RunLock(out, CLI_NAMES).acquire()
    except (ScenarioError, RunExistsError, TargetError, OSError) as exc:
        fail_input(exc, input_lang(scenario, lang))
    if not quiet:
        from eitflow.cli.common import echo_run_dir_read
        echo_run_dir_read(scenario, scen, STATE["lang"], over)
    try:
        _run_locked(scen, out, force, lock, export_lp, with_report, pdf, excel, gpkg, lang, quiet, t,
                    started + scen.params.solver.time_limit_s, scheduler, startup)
    finally:
        lock.release()


def _check_output_tools(pdf: bool, gpkg: bool) -> None:
    """What --pdf and --gpkg need is there, before anything is solved."""
    from eitflow.i18n import Phrase
    from eitflow.results.target import TargetError

    if pdf:
        from eitflow.report.pdf import find_chromium

        try:
            find_chromium()
        except RuntimeError as exc:
            raise TargetError(Phrase("cli_pdf_needs", why=exc.args[0])) from None
    if gpkg:
        try:
            import pyogrio  # noqa: F401
        except ImportError:
            raise TargetError(Phrase("cli_gpkg_needs")) from None


def _run_locked(scen, out: Path, force: bool, lock, export_lp: Path | None, with_report: bool, pdf: bool,
                excel: bool, gpkg: bool, lang: str | None, quiet: bool, t: float, deadline: float,
                scheduler: str | None = None, startup: float | None = None) -> None:
    """`eitflow run` once its destination is locked: solve (on the Dask cluster of
    `scheduler` when given), write, print, all by `deadline` (start + time_limit_s).
    Timings (summary.json): `startup` from process creation to reading, `read`, `imports`
    (the solver stages' modules, loaded lazily)."""
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    from eitflow.cli.common import STATE, echo_status, echo_warnings, fail, why_not_written
    from eitflow.errors import ScenarioError, SolveError
    from eitflow.i18n import resolve_lang, text
    from eitflow.pipeline import optimise
    from eitflow.results.rundir import write_run

    timings = {"read": read_s, "imports": time.perf_counter() - t}
    if startup is not None:
        timings["startup"] = startup
    run_lang = resolve_lang(lang, scen.params.lang)
    if not quiet:
        echo_warnings(scen, run_lang)
        from eitflow.cli.common import echo_siting_note
        echo_siting_note(scen, "run", run_lang)
    try:
        if scheduler:
            from eitflow.solve.executors import dask_executor

            with dask_executor(scheduler) as executor:
                result = optimise(scen, timings, executor=executor, progress=not quiet, deadline=deadline)
        else:
            result = optimise(scen, timings, progress=not quiet, deadline=deadline)
    except (OSError, TimeoutError, ScenarioError) as exc:  # the scheduler cannot be reached; too many candidates
        fail_input(exc, run_lang)
    except SolveError as exc:
        fail(exc, run_lang, EXIT_NO_SOLUTION)
    if result.objective is not None:   # a linear network's plan at catalogue sizes, once: the brief's figure
        from eitflow.analyses.sizes import note_plan_at_catalogue
        note_plan_at_catalogue(scen, result, deadline - time.time())
    if not quiet and result.candidates is not None:   # as validate says it: the candidates are built now
        from eitflow.cli.common import echo_idle_networks
        echo_idle_networks(scen, result.candidates, run_lang)
    if export_lp is not None:
        from eitflow.io.atomic import replacing
        from eitflow.model.build import build_arrays
        from eitflow.model.pulp_model import to_pulp
        from eitflow.report.ourfiles import MARK

        try:
            with replacing(export_lp) as tmp:   # its first line says eitflow wrote it (`report.ourfiles`)
                to_pulp(build_arrays(scen, result.candidates), name=MARK).writeLP(str(tmp))
        except OSError as exc:
            fail(text("cli_cannot_write", run_lang, path=str(export_lp), why=why_not_written(exc, run_lang)), run_lang,
                 EXIT_NO_SOLUTION)
    t = time.perf_counter()
    import eitflow.i18n as i18n

    lang = i18n.resolve_lang(lang, scen.params.lang)
    s = result.summary

    def extras(run_dir: Path) -> None:
        """The report, PDFs, GeoPackage and workbook, written into the staged run so that a
        failure (a full disk) leaves no half-written file in a committed run."""
        if s["objective"] is not None or with_report or pdf:
            from eitflow.cli.report import write_outputs

            # no solution: no PDF to present, but report.html says why (asked for by --pdf too)
            write_outputs(run_dir, lang, html=with_report or pdf, pdf=pdf and s["objective"] is not None,
                          gpkg=gpkg and s["objective"] is not None)
        if excel:
            from eitflow.report.workbook import write_results_workbook
            from eitflow.results.rundir import read_summary

            # its summary sheet from summary.json as written (the files left out, the inputs), not the result's
            write_results_workbook(result, run_dir / "results.xlsx", lang, summary=read_summary(run_dir))

    from eitflow.results.target import CLI_NAMES, TargetError

    try:
        write_run(result, out, force=force, extras=extras, lock=lock, deadline=deadline, names=CLI_NAMES)
    except (OSError, TargetError) as exc:
        said = text("cli_cannot_write_run", lang, out=str(out), why=why_not_written(exc, lang))
        fail(f"{said} ({result.status_line(lang)})", lang, EXIT_NO_SOLUTION)
    STATE["committed"] = True
    echo_status(result, lang)
    if export_lp is not None:   # outside the run directory, where its user said: named, as every file written
        from eitflow.cli.outfiles import echo_written

        echo_written([export_lp], lang)
    if pdf and s["objective"] is None:   # asked for, not written: say so rather than leave the reader looking
        click.echo(i18n.text("line_no_pdf", lang, out=out / "report.html"))
    if gpkg and s["objective"] is None:   # likewise: nothing to map
        click.echo(i18n.text("line_no_gpkg", lang))
    if not quiet and s["objective"] is not None:
        from eitflow.results.terminal import omitted_lines, run_lines, run_written_line

        for line in run_lines(result, lang):
            click.echo(line)
        click.echo(run_written_line(result, out, lang, time.perf_counter() - t,
                                    time.time() - (deadline - scen.params.solver.time_limit_s)))
        for line in omitted_lines(out, lang):   # files left out to keep to the time limit: which and why
            click.echo(line)
    if s["objective"] is None:
        sys.exit(EXIT_NO_SOLUTION)


main.add_command(import_)   # `eitflow import hotmaps` (`cli.importcmd`)


if __name__ == "__main__":  # pragma: no cover
    from eitflow.cli import main as entry

    entry()


