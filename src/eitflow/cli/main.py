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
from eitflow.cli.helptext import ARGS_KEY, SaidGroup, say_help

# command name -> (module:attribute, one-line help): imported only when the command runs, so
# `eitflow --help` and `eitflow validate` do not pay for matplotlib, Dask or the analyses
LAZY_COMMANDS = {
    "pareto": ("eitflow.cli.analyses:pareto_cmd", "Net benefit vs avoided CO2 (epsilon-constraint), with a plot."),
    "alternatives": ("eitflow.cli.analyses:alternatives_cmd", "The next best portfolios of links (and network "
                                                              "corridors) and how each differs."),
    "resilience": ("eitflow.cli.analyses:resilience_cmd", "For each company with an exchange: what is lost if it "
                                                          "closes."),
    "explain": ("eitflow.cli.analyses:explain_cmd", "Why each unmatched flow is unmatched."),
    "site": ("eitflow.cli.site:site_cmd", "Where to put new activities: place them on free plots for the best "
                                          "synergies, and rank the plots."),
    "zones": ("eitflow.cli.analyses:zones_cmd", "The optimum rolled up by zone (one documented allocation rule)."),
    "compare": ("eitflow.cli.analyses:compare_cmd", "What changed between two run directories."),
    "sizes": ("eitflow.cli.analyses:sizes_cmd", "Whether a linearly sized network still pays at the catalogue's "
                                                "pipe sizes."),
    "sweep": ("eitflow.cli.sweep:sweep_cmd", "Grid or Monte Carlo sweep on a Dask cluster, with a plot."),
    "report": ("eitflow.cli.report:report_command", "The offline HTML report, PDFs, figures, GeoPackage of a run."),
    "init": ("eitflow.cli.init:init_command", "Write a scenario template (CSV files or one workbook)."),
    "bench": ("eitflow.cli.bench:bench", "Benchmark suites (JSON results) and comparisons."),
}


class LazyGroup(SaidGroup):
    """A click group whose heavier commands are imported on first use, whose help is said in the
    command line's language (`helptext`) and so are its usage errors (click's, raised while
    parsing it or a command: `usage`)."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise self._said(exc, list(args)) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise self._said(exc, ctx.meta.get(ARGS_KEY, [])) from None

    def _said(self, exc: click.UsageError, args: list[str]) -> click.UsageError:
        from eitflow.cli.usage import SaidUsageError, argv_lang

        # a request for help (`eitflow` alone) is not an error; what is already said stays
        if isinstance(exc, SaidUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
            return exc
        ctx = exc.ctx or click.Context(self, info_name="eitflow")
        lang = argv_lang(args, self, ctx)
        return exc if lang == "en" else SaidUsageError(exc, lang)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            mod, attr = LAZY_COMMANDS[name][0].split(":")
            self.add_command(getattr(importlib.import_module(mod), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        lang = getattr(formatter, "lang", "en")
        for name in self.list_commands(ctx):
            if name in self.commands:
                cmd = self.commands[name]
                if cmd.hidden:
                    continue
            if lang != "en" and name in LAZY_COMMANDS:
                # the list's own line, said: the same whether the command is loaded yet or not
                rows.append((name, say_help(LAZY_COMMANDS[name][1], lang)))
            elif name in self.commands:
                rows.append((name, self.commands[name].get_short_help_str(formatter.width - 6 - len(name))))
            else:
                rows.append((name, LAZY_COMMANDS[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


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
    f = scen.flows
    n = lambda v: i18n.number(v, lang)  # noqa: E731
    c = lambda v, stem: i18n.counted(int(v), stem, lang)  # noqa: E731 - "1 offre", "2 offres"
    click.echo(i18n.text("line_validate_ok", lang, path=scenario, sites=c(len(scen.sites), "n_sites"),
                         sup=c((f.direction == "supply").sum(), "n_supplies"),
                         dem=c((f.direction == "demand").sum(), "n_demands"),
                         links=c(len(cand.links), "n_cand_links"),
                         dropped=c(len(cand.dropped), "n_pairs_in_range_dropped")))
    if scen.siting is not None:   # the plots and activities read, and what `eitflow site` would weigh
        from eitflow.candidates.placements import expand_placements
        placements = net_scen.placements if net_scen is not scen else expand_placements(scen).placements
        click.echo("  " + i18n.text("line_validate_siting", lang, plots=c(len(scen.siting.plots), "n_plots"),
                                    activities=c(len(scen.siting.activities), "n_activities"),
                                    placements=c(len(placements) if placements is not None else 0,
                                                 "n_candidate_placements")))
    if net_cand.network is not None:   # shared networks: how many corridors, and the places none reaches
        from eitflow.candidates.netwhy import network_outline
        from eitflow.ids import named, named_sites
        from eitflow.report.names import network_name

        j = scen.junctions
        names = {**named_sites(scen.sites), **(named_sites(j.rename(columns={"junction_id": "site_id"}))
                                               if j is not None and len(j) else {})}
        if scen.siting is not None and "name" in scen.siting.plots:
            names.update(named_sites(scen.siting.plots.rename(columns={"plot_id": "site_id"})))

        from eitflow.io.workbook import is_workbook

        # where the corridors come from as the user gave them: a workbook's sheet, else the file
        src = (f"{scen.source.name}:corridors" if scen.source is not None and is_workbook(scen.source)
               else Path(scen.files["corridors"]).name if "corridors" in scen.files else "corridors.csv")
        for r, o in network_outline(net_scen, net_cand.network).items():
            gen = r in scen.params.networks and scen.params.networks[r].generate != "none"
            click.echo(i18n.text("line_validate_network_gen" if gen else "line_validate_network", lang,
                                 r=network_name(r, lang), src=src, n=i18n.counted(o["places"], "n_places", lang),
                                 c=i18n.counted(o["corridors"], "n_candidate_corridors", lang), g=n(o["given"]),
                                 gen=i18n.counted(o["generated"], "n_generated", lang),
                                 long=i18n.counted(o["too_long"], "n_too_long", lang,
                                                   km=i18n.number(o["max_length_km"], lang, 1))))
            if o["unreached"]:   # as people know them, code beside ("Landrecies (INSEE59331)")
                ids = ", ".join(named(names, i) for i in o["unreached"][:10]) + (
                    ", ..." if len(o["unreached"]) > 10 else "")
                click.echo(i18n.text("line_validate_unreached", lang, r=network_name(r, lang),
                                     k=n(len(o["unreached"])), ids=ids))


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
        _check_output_tools(pdf, gpkg)
        lock = RunLock(out, CLI_NAMES).acquire()
    except (ScenarioError, RunExistsError, TargetError, OSError) as exc:
        fail_input(exc, input_lang(scenario, lang))
    if not quiet:
        from eitflow.cli.common import echo_run_dir_read
        echo_run_dir_read(scenario, scen, STATE["lang"])
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
    from eitflow.cli.common import STATE, echo_status, echo_warnings, fail, money_per_year, why_not_written
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
        from eitflow.model.build import build_arrays
        from eitflow.model.pulp_model import to_pulp

        try:
            to_pulp(build_arrays(scen, result.candidates)).writeLP(str(export_lp))
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
            write_results_workbook(result, run_dir / "results.xlsx", lang)

    from eitflow.results.target import CLI_NAMES, TargetError

    try:
        write_run(result, out, force=force, extras=extras, lock=lock, deadline=deadline, names=CLI_NAMES)
    except (OSError, TargetError) as exc:
        said = text("cli_cannot_write_run", lang, out=str(out), why=why_not_written(exc, lang))
        fail(f"{said} ({result.status_line(lang)})", lang, EXIT_NO_SOLUTION)
    STATE["committed"] = True
    echo_status(result, lang)
    if pdf and s["objective"] is None:   # asked for, not written: say so rather than leave the reader looking
        click.echo(i18n.text("line_no_pdf", lang, out=out / "report.html"))
    if gpkg and s["objective"] is None:   # likewise: nothing to map
        click.echo(i18n.text("line_no_gpkg", lang))
    if not quiet and s["objective"] is not None:
        tot = s["totals"]
        click.echo(i18n.text("line_run_totals", lang, n=i18n.counted(s["counts"]["chosen_links"], "n_exchanges", lang),
                             c=i18n.counted(s["counts"]["candidate_links"], "n_candidates", lang),
                             net=money_per_year(tot["net_benefit_eur_per_yr"], lang),
                             co2=i18n.number(tot["co2_avoided_t_per_yr"], lang, 1),
                             inv=i18n.money(tot["investment_eur"], lang)))
        from eitflow.results.summary import money_stage_line

        if money_stage_line(s, lang):   # objective co2: which plan the money figures describe (`solve.lexico`)
            click.echo("  " + str(money_stage_line(s, lang)))
        from eitflow.report.names import network_name
        from eitflow.results.catalogueprices import linear_costs

        nets = (s.get("networks") or {}).get("by_resource") or {}
        at_catalogue = {lc[0]: lc for lc in linear_costs(nets, result.statistics.corridors())} \
            if nets else {}
        for r, nw in nets.items():
            click.echo(i18n.text("line_run_network", lang, r=network_name(r, lang),
                                 k=i18n.counted(nw["corridors_built"], "n_corridors_built", lang),
                                 c=i18n.counted(nw["candidate_corridors"], "n_candidates", lang),
                                 g=i18n.counted(nw["generated_corridors"], "n_generated", lang),
                                 km=i18n.number(nw["length_built_km"], lang, 1),
                                 cost=money_per_year(nw["annual_cost_eur_per_yr"], lang),
                                 inv=i18n.money(nw["investment_eur"], lang)))
            if r in at_catalogue:   # the line above is the linear estimate: say what the pipes shown cost
                _, cost, est, inv, sizing = at_catalogue[r]
                click.echo(i18n.text("line_run_network_linear" if cost > est else "line_run_network_linear_less", lang,
                                     sized=i18n.text(f"sized_{sizing}", lang),
                                     cost=money_per_year(cost, lang),
                                     inv=i18n.money(inv, lang), pct=i18n.percent(abs(cost / est - 1.0), lang, 0)))
            if nw.get("existing_in_use"):
                click.echo(i18n.text("line_run_network_existing", lang,
                                     e=i18n.counted(nw["existing_in_use"], "n_existing_in_use", lang),
                                     km=i18n.number(nw["length_existing_km"], lang, 1)))
        for rec in ([] if result.supplies is None else result.supplies[result.supplies["sized"]].to_dict("records")):
            click.echo(i18n.text("line_run_supply_sized", lang, flow=rec["flow_id"], site=rec["site_id"],
                                 cap=i18n.number(rec["capacity"], lang, 1), max=i18n.number(rec["max_capacity"], lang, 1),
                                 unit=i18n.unit(rec["unit"], lang), cost=money_per_year(rec["annual_cost_eur_per_yr"], lang),
                                 inv=i18n.money(rec["investment_eur"], lang)))
        from eitflow.results.heatpumps import heat_pump_line

        if heat_pump_line(s.get("heat_pumps"), lang):   # which exchanges need a heat pump, what it draws and costs
            click.echo("  " + heat_pump_line(s.get("heat_pumps"), lang))
        # the solver's seconds (summary.json's timings_s.solve), the writing's, and all since the command started
        click.echo(i18n.text("line_run_written", lang, u=i18n.counted(len(result.unmatched), "n_unmatched_flows", lang),
                             out=out, solve=i18n.number((s.get("timings_s") or {}).get("solve", 0.0), lang, 2),
                             s=i18n.number(time.perf_counter() - t, lang, 2), total=i18n.number(
                                 time.time() - (deadline - scen.params.solver.time_limit_s), lang, 2)))
    if s["objective"] is None:
        sys.exit(EXIT_NO_SOLUTION)


@main.group("import", cls=SaidGroup)
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
    from eitflow.i18n import text

    click.echo(text("line_wrote", lang, path=path))   # "écrit ..." with --lang fr


if __name__ == "__main__":  # pragma: no cover
    from eitflow.cli import main as entry

    entry()


