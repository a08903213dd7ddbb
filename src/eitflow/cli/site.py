"""`eitflow site`: where to put new activities (a thin layer over `eitflow.analyses.siting`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from eitflow.cli.common import EXIT_NO_SOLUTION, fail_input, input_lang


@click.command("site")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="run directory to create")
@click.option("--force", is_flag=True, help="replace an existing run directory")
@click.option("--time-limit", type=float, help="override the time limit of the plan (s)")
@click.option("--mip-gap", type=float, help="override the relative MIP gap")
@click.option("--workers", type=int, help="parallel processes over independent components")
@click.option("--rank-top", type=int, help="plots per activity settled by forced solves (siting.rank_top)")
@click.option("--rank-time-limit", type=float, help="budget for ranking the plots, after the plan (s)")
@click.option("--no-rank", is_flag=True, help="skip the ranking of plots")
@click.option("--report", "with_report", is_flag=True, help="also write report.html (offline) in the run directory")
@click.option("--pdf", is_flag=True, help="also write brief.pdf (one page for elected officials) and report.pdf")
@click.option("--excel", is_flag=True, help="also write results.xlsx, with the siting's sheets")
@click.option("--gpkg", is_flag=True, help="also write eitflow.gpkg for QGIS (needs the 'geo' extra)")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="language of the messages and report")
@click.option("-q", "--quiet", is_flag=True, help="print only the status line")
def site_cmd(scenario: Path, out: Path, force: bool, time_limit: float | None, mip_gap: float | None,
             workers: int | None, rank_top: int | None, rank_time_limit: float | None, no_rank: bool,
             with_report: bool, pdf: bool, excel: bool, gpkg: bool, lang: str | None, quiet: bool) -> None:
    """Place the activities of SCENARIO (activities.csv) on its free plots (plots.csv) for the
    best synergies with the territory, and write the run directory: the ordinary outputs of
    the plan, plus placements.csv (which activity on which plot, the value it creates and
    the exchanges it enables), ranking.csv (each activity's plots, by the value of the best
    plan with it there), activity_reasons.csv (why an activity was not placed),
    land_take.csv (new land take per territory against its budget) and plots.csv /
    plots.geojson.

    \b
    Examples:
      eitflow site scenarios/fos_siting/scenario.yaml --out runs/fos
      eitflow site scenarios/fos_siting/scenario.yaml --out runs/fos --report --lang fr
      eitflow site scenarios/fos_siting/scenario.yaml --out runs/fos --excel
    """
    from eitflow.analyses.siting import site, siting_files
    from eitflow.cli.common import STATE, echo_warnings, fail, guard_process, why_not_written
    from eitflow.errors import ScenarioError, SolveError
    from eitflow.i18n import Phrase, resolve_lang, text
    from eitflow.io.assemble import with_options, with_solver_options
    from eitflow.io.read import read_scenario
    from eitflow.results.rundir import RunExistsError, check_target, write_files, write_run
    from eitflow.results.target import CLI_NAMES, RunLock, TargetError

    over = {k: v for k, v in dict(time_limit_s=time_limit, mip_gap=mip_gap, workers=workers).items() if v is not None}
    guard_process(out, lang)
    try:
        check_target(out, force, names=CLI_NAMES)
        t = time.perf_counter()
        scen = read_scenario(scenario, confine_to_scenario_dir=False)
        scen.params = with_solver_options(scen.params, over)
        if lang:   # the run's language, kept in summary.json: `eitflow report DIR` later writes in it too
            scen.params = scen.params.model_copy(update={"lang": lang})
        STATE["lang"] = resolve_lang(lang, scen.params.lang)   # a stop is said in the run's language
        sit = {k: v for k, v in dict(rank_top=rank_top, rank_time_limit_s=rank_time_limit).items() if v is not None}
        scen.params = with_options(scen.params, "siting", sit)
        if scen.siting is None:
            raise TargetError(Phrase("site_no_plots", scenario=str(scenario)))
        # the destination is checked and locked before solving, as `eitflow run` does
        check_target(out, force, [p for p in [scen.source, *scen.files.values()] if p is not None], CLI_NAMES)
        from eitflow.cli.main import _check_output_tools

        _check_output_tools(pdf, gpkg)   # Chromium, the 'geo' extra: before anything is solved, as `run`
        lock = RunLock(out, CLI_NAMES, "eitflow site").acquire()
    except (ScenarioError, RunExistsError, TargetError, OSError, ValueError) as exc:
        fail_input(exc, input_lang(scenario, lang))
    from eitflow.cli.common import echo_run_dir_read
    echo_run_dir_read(scenario, scen, STATE["lang"], over)
    import eitflow.i18n as i18n

    lang = i18n.resolve_lang(lang, scen.params.lang)
    idle = [o for o, v in (("--rank-top", rank_top), ("--rank-time-limit", rank_time_limit)) if v is not None]
    if no_rank and idle:   # options of the ranking, which --no-rank skips: they did nothing, silently
        click.echo(i18n.counted(len(idle), "cli_site_rank_options_idle", lang, options=i18n.text("val_and", lang,
                                a=", ".join(idle[:-1]), b=idle[-1]) if len(idle) > 1 else idle[0]), err=True)
    try:
        if not quiet:
            echo_warnings(scen, lang)
        try:
            sr = site(scen, {"read": time.perf_counter() - t}, rank=not no_rank)
        except SolveError as exc:
            fail(exc, lang, EXIT_NO_SOLUTION)
        except ScenarioError as exc:  # a placement's id is already a site's or a flow's
            fail_input(exc, lang)
        has = sr.solution.objective is not None
        if not quiet:   # a network nothing can use, over every candidate placement, as `run` and validate say it
            from eitflow.cli.common import echo_idle_networks
            echo_idle_networks(sr.expanded, sr.candidates, lang)

        def extras(run_dir: Path) -> None:
            """The siting tables and the report, written into the staged run (one rename)."""
            files = siting_files(sr) if has else {}
            write_files(run_dir, files)
            if with_report or pdf or gpkg:   # as `eitflow run`: no plan, no PDF (report.html says why)
                from eitflow.cli.report import write_outputs

                write_outputs(run_dir, lang, html=with_report or pdf, pdf=pdf and has, gpkg=gpkg and has)
            if excel:   # the run's sheets and the siting's (placements, ranking, reasons, land take)
                from eitflow.report.workbook import write_results_workbook

                sheets = [(k[:-4], v) for k, v in files.items() if k.endswith(".csv") and k != "plots.csv"]
                # every candidate placement by its name (activity – plot), the ranking's unplaced ones too
                ex = sr.expanded.sites
                from eitflow.results.rundir import read_summary

                write_results_workbook(sr.result, run_dir / "results.xlsx", lang, more=sheets,
                                       places=dict(zip(ex["site_id"].astype(str), ex["name"].astype(str))),
                                       summary=read_summary(run_dir))   # summary.json as written, as `eitflow run`

        try:
            write_run(sr.result, out, force=force, extras=extras, lock=lock, names=CLI_NAMES)
        except (OSError, TargetError) as exc:
            fail(text("cli_cannot_write_run", lang, out=str(out), why=why_not_written(exc, lang)), lang,
                 EXIT_NO_SOLUTION)
    finally:
        lock.release()
    STATE["committed"] = True
    click.echo(sr.result.status_line(lang))
    if pdf and not has:   # asked for, not written: said, as `eitflow run` says it
        click.echo(text("line_no_pdf", lang, out=out / "report.html"))
    if gpkg and not has:
        click.echo(text("line_no_gpkg", lang))
    from eitflow.results.summary import money_stage_line

    said = money_stage_line(sr.result.summary, lang)   # objective co2: which plan the money figures describe
    if said:
        click.echo(f"  {said}")
    from eitflow.analyses.landtake import land_take_line, land_take_territory_lines

    land = land_take_line(sr.result.summary.get("siting"), lang) if has else None
    if land:
        click.echo(f"  {land}")
    for line in land_take_territory_lines(sr.result.summary.get("siting"), lang) if has else []:
        click.echo(f"    {line}")   # each territory's new land take against its budget (land_take.csv)
    if not quiet and has:
        from eitflow import i18n
        from eitflow.analyses.ranking import objective_column
        from eitflow.analyses.siting import exchanges_detail, has_detail_fields, reason_detail
        from eitflow.cli.tables import print_table
        from eitflow.report.names import party_names, scenario_places

        # the CSVs keep their English sentences and codes; the terminal says them in --lang,
        # from the same figures, with the names people read first, as the report does
        # (report.siting) and the other analyses' tables do (cli.tables)
        plan = sr.result.scenario
        names = party_names(plan.sites, lang, (), scenario_places(plan))
        activity = _named(sr.activities["activity_id"], sr.activities["name"])
        plots = sr.expanded.siting.plots if sr.expanded.siting is not None else None
        plot = _named(plots["plot_id"], plots["name"]) if plots is not None and "name" in plots else {}
        value = objective_column("activity_value_eur_per_yr", sr.expanded.params.objective)   # tCO2/yr under co2
        pl = sr.placements[["activity_id", "plot_id", value, "cost_eur_per_yr", "exchanges"]].copy()
        links = sr.result.statistics.links()
        pl["exchanges"] = [exchanges_detail(links, s, lang, names) for s in sr.placements["site_id"]]
        pl["activity_id"] = [activity.get(str(a), a) for a in pl["activity_id"]]
        pl["plot_id"] = [plot.get(str(p), p) for p in pl["plot_id"]]
        print_table(pl, lang, title=i18n.text("cli_site_placements", lang, n=len(pl)))
        why = sr.activities[["activity_id", "placed", "best_plot", "reason", "detail"]].copy()
        why["activity_id"] = [activity.get(str(a), a) for a in why["activity_id"]]
        why["best_plot"] = [plot.get(str(p), p) for p in why["best_plot"]]
        why["reason"] = [i18n.text(f"siting_reason_{r}", lang) if i18n.has_text(f"siting_reason_{r}") else r
                         for r in why["reason"]]
        if has_detail_fields(sr.activities):
            why["detail"] = [reason_detail(rec, lang) for rec in sr.activities.to_dict("records")]
        print_table(why, lang, title=i18n.text("cli_site_activities", lang))
        # --no-rank: ranking.csv has its header alone; "ranking of 0 candidate placements" read as
        # if no plot could take an activity
        click.echo(i18n.text("cli_site_not_ranked", lang, path=out / "ranking.csv") if no_rank else
                   i18n.text("cli_site_ranking", lang, n=len(sr.ranking), path=out / "ranking.csv"))
    if not has:
        sys.exit(EXIT_NO_SOLUTION)


def _named(codes, names) -> dict[str, str]:
    """Code -> "name (code)" (`ids.with_code`) for the terminal's tables; a code without a name
    stays as it is."""
    from eitflow.ids import with_code

    out = {}
    for c, n in zip(codes.astype(str), names):
        n = n.strip() if isinstance(n, str) else ""
        out[c] = with_code(n, c) if n and n != c else c
    return out
