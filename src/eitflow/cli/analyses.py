"""Commands over the analyses: pareto, alternatives, resilience, explain, zones, compare."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from eitflow.analyses.alternatives import k_best
from eitflow.analyses.compare import compare_lang, compare_runs
from eitflow.analyses.explain import check_flow_id, explain
from eitflow.analyses.pareto import front_notes, pareto_front, same_plan_lines
from eitflow.analyses.resilience import resilience
from eitflow.analyses.sizes import NoNetworkError, catalogue_sizes
from eitflow.analyses.zones import ALLOCATIONS, DEFAULT_ALLOCATION, zone_amounts, zone_flows, zones
from eitflow.cli.common import STATE, echo_status, echo_wrapped, fail_input, guard_process, input_lang
from eitflow.errors import ScenarioError
from eitflow.i18n import Phrase
from eitflow.pipeline import optimise
from eitflow.results.result import Result
from eitflow.scenario import Scenario


def _load_scenario(path: Path, time_limit: float | None, mip_gap: float | None,
                   lang: str | None = None) -> Scenario:
    """Read a scenario for a command (exit 2 on invalid input, said in --lang or the
    scenario's language) and apply solver overrides."""
    from eitflow.io.assemble import with_solver_options
    from eitflow.io.read import read_scenario

    over = {k: v for k, v in dict(time_limit_s=time_limit, mip_gap=mip_gap).items() if v is not None}
    guard_process(lang=lang)
    try:
        scen = read_scenario(path, confine_to_scenario_dir=False)
        scen.params = with_solver_options(scen.params, over)
        STATE["lang"] = _lang(scen, lang)   # a stop is said in the analysis's language
    except (ScenarioError, OSError) as exc:
        fail_input(exc, input_lang(path, lang))
    from eitflow.cli.common import echo_run_dir_read, echo_siting_note
    from eitflow.cli.outfiles import check_tables, scenario_files
    check_tables(scenario_files(path, scen), _lang(scen, lang))   # --csv... before any solve, never over an input
    echo_run_dir_read(path, scen, _lang(scen, lang), over)
    command = click.get_current_context().info_name or ""
    echo_siting_note(scen, command, _lang(scen, lang), plan=command in PLAN_COMMANDS)
    return scen


#: the commands that read a siting scenario's plan (`analyses.siting.plan`), as `eitflow site` finds it
PLAN_COMMANDS = ("explain", "zones", "resilience", "alternatives", "pareto", "sizes")


def _optimise(scen: Scenario, lang: str) -> tuple[Scenario, Result]:
    """The result a command reads, and its scenario: the optimum, or for a scenario with
    activities to place the plan `eitflow site` finds (the territory with its placements), so
    that explain and zones say what the site run's unmatched.csv and zones.csv say."""
    if scen.siting is None:
        return scen, optimise(scen)
    from eitflow.analyses.siting import plan

    try:
        res = plan(scen)
    except ScenarioError as exc:   # a placement's id is already a site's or a flow's
        fail_input(exc, lang)
    return res.scenario, res


def _on_plan(scen: Scenario, lang: str) -> Scenario:
    """The scenario an analysis that re-solves works on: as given, or for a scenario with
    activities to place the territory with the plan's placements (`_optimise`): each re-solve
    may leave a placed activity out, never move it to another plot."""
    if scen.siting is None:
        return scen
    plan_scen, res = _optimise(scen, lang)
    if res.summary["objective"] is None:   # no plan: nothing to re-solve (the territory alone is not it)
        click.echo(res.status_line(lang))   # with its reason
        raise SystemExit(1)
    return plan_scen


def _expanded(scen: Scenario, lang: str) -> Scenario:
    """A siting scenario with every candidate placement's sites and flows (exit 2 where a
    placement's id is already a site's or a flow's, as `eitflow site` says)."""
    from eitflow.candidates.placements import expand_placements

    try:
        return expand_placements(scen)
    except ScenarioError as exc:
        fail_input(exc, lang)
        raise   # not reached: fail_input exits


def _same_as_run(path: Path, res, lang: str) -> None:
    """Where SCENARIO was a run directory: say, on stderr, when this solve's objective is not
    the run's (summary.json), so that a table is never read as the run's when it is not: the
    same scenario and settings give the same plan, but a time limit can end two solves apart."""
    import eitflow.i18n as i18n
    from eitflow.io.read import run_dir_scenarios
    from eitflow.results.rundir import read_summary

    if not run_dir_scenarios(path):
        return
    try:
        was = read_summary(path).get("objective")
    except (OSError, ValueError):
        return
    now = res.summary["objective"]
    if now is None or not isinstance(was, (int, float)) or abs(now - was) <= 1e-6 * max(1.0, abs(was)):
        return
    unit = i18n.unit(str(res.summary.get("objective_unit", "")), lang)
    echo_wrapped(_t("note_run_differs", lang, path=path, a=f"{i18n.number(now, lang, 2)}\u00a0{unit}",
                    b=f"{i18n.number(was, lang, 2)}\u00a0{unit}"), err=True)


def _emit(df: pd.DataFrame, csv: Path | None, title: str | None = None, scen: Scenario | None = None,
          lang: str = "en") -> None:
    """A table for people (rich: names first, units, locale numbers, fitted to the terminal),
    or the raw figures to `csv`."""

    if csv is not None:
        from eitflow.cli.outfiles import write_table

        write_table(df, csv, lang)
        return
    from eitflow.cli.tables import SITE_COLUMNS, print_table
    from eitflow.report.names import party_names, scenario_places

    names = None
    if scen is not None:   # sites, networks, and the hubs and junctions a corridor may end at
        names = party_names(scen.sites, lang, [str(v) for c in SITE_COLUMNS if c in df.columns for v in df[c].unique()],
                            scenario_places(scen))
    print_table(df, lang, title=title.strip() if title else None, names=names)


def _no_solution(key: str, summary: dict, lang: str) -> None:
    """An analysis of a model with no solution: what it cannot give (message `key`), the
    status and its reason as `eitflow run` says them, nothing written; exits 1, as run does."""
    from eitflow.results.summary import status_line

    echo_wrapped(_t(key, lang))
    click.echo(status_line(summary, lang))
    raise SystemExit(1)


def _t(key: str, lang: str, **kw) -> str:
    import eitflow.i18n as i18n

    return i18n.text(key, lang, **kw)


def _lang(scen: Scenario, lang: str | None) -> str:
    import eitflow.i18n as i18n

    return i18n.resolve_lang(lang, scen.params.lang)


def _build_commands():
    scenario_arg = click.argument("scenario", type=click.Path(path_type=Path))
    csv_opt = click.option("--csv", "csv", type=click.Path(path_type=Path), help="write the table to this CSV")

    def solver_opts(fn):
        fn = click.option("--lang", type=click.Choice(["fr", "en"]),
                          help="language of the tables and messages (default: the scenario's)")(fn)
        fn = click.option("--time-limit", type=float, help="override the time limit of each solve (s)")(fn)
        return click.option("--mip-gap", type=float, help="override the relative MIP gap")(fn)

    @click.command("pareto")
    @scenario_arg
    @click.option("--points", type=click.IntRange(1, 200), default=7, show_default=True)
    @csv_opt
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                  help="directory for pareto.png, pareto.svg and pareto.html (default: beside --csv, else "
                       "pareto-NAME in the current directory, NAME the scenario's)")
    @click.option("--force", is_flag=True, help="replace pareto.png, pareto.svg and pareto.html in --out even where "
                                                "they were not written by eitflow")
    @solver_opts
    def pareto_cmd(scenario, points, csv, out_dir, force, time_limit, mip_gap, lang):
        """Net benefit vs avoided CO2 (epsilon-constraint), each point with its status and gap;
        writes the plot (pareto.png, pareto.svg, pareto.html) into --out.

        \b
        Examples:
          eitflow pareto scenarios/zae_example/scenario.yaml --points 7 --out runs/pareto
          eitflow pareto scenarios/zae_example/scenario.yaml   # into ./pareto-zae_example/
        """
        import eitflow.i18n as i18n
        from eitflow.cli.outfiles import check_replace, echo_written, scenario_stem
        from eitflow.report.plots import PARETO_FILES, write_pareto

        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        if out_dir is None:   # a directory of its own: another scenario's front is never replaced by this one
            out_dir = csv.parent if csv is not None else Path(f"pareto-{scenario_stem(scenario)}")
        check_replace([out_dir / n for n in PARETO_FILES], "--out", force, lang)   # before the first solve
        scen = _on_plan(scen, lang)
        df = pareto_front(scen, n_points=points)
        if df.attrs.get("no_front"):   # no solution, no front: say why as `eitflow run` does, and write nothing
            _no_solution(f"pareto_no_front_{df.attrs['no_front']['solve']}", df.attrs["no_front"]["summary"], lang)
        _emit(df, csv, lang=lang)
        if points > 1 and df.attrs.get("one_point"):   # asked for several: say why there is one
            echo_wrapped(i18n.text("pareto_one_point", lang))
        for line in [*front_notes(df, lang), *same_plan_lines(df, lang)]:   # an end not proven; points of one plan
            echo_wrapped(line)
        try:
            written = write_pareto(df, out_dir, lang)
        except OSError as exc:   # a directory that cannot be made or written (read-only, no space): said, as --csv's
            from eitflow.cli.common import fail, why_not_written
            fail(i18n.text("cli_cannot_write", lang, path=str(out_dir), why=why_not_written(exc, lang)), lang)
        echo_written(written, lang)
        if df["net_benefit_eur_per_yr"].isna().all():
            raise SystemExit(1)

    @click.command("alternatives")
    @scenario_arg
    @click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="alternatives to find")
    @click.option("--within", type=click.FloatRange(0, None), default=0.1, show_default=True,
                  help="largest shortfall from the optimum (the best plan found, rank 0, which may be better than the "
                       "run's own when its solve stops within its gap), as a share of it")
    @csv_opt
    @click.option("--diff-csv", type=click.Path(path_type=Path), help="write to this CSV how each alternative differs from the optimum: links added, removed or "
                       "changed, corridors added or removed, other changes; each row's part of the objective's "
                       "difference, so that an alternative's rows add up to it")
    @solver_opts
    def alternatives_cmd(scenario, k, within, csv, diff_csv, time_limit, mip_gap, lang):
        """The next best portfolios of links and network corridors (no-good cuts) and how each
        differs from the optimum.

        \b
        Example:
          eitflow alternatives scenarios/zae_example/scenario.yaml -k 5 --within 0.1
        """
        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        scen = _on_plan(scen, lang)
        ports, diffs = k_best(scen, k=k, within=within, lang=lang)
        if ports.attrs.get("no_solution"):   # no plan, no alternatives: say why as `eitflow run` does, write nothing
            _no_solution("alternatives_no_solution", ports.attrs["no_solution"]["summary"], lang)
        from eitflow.cli import views

        _emit(views.portfolios(ports) if csv is None else ports, csv, scen=scen, lang=lang)
        unit = ports.attrs["search"]["unit"]
        _emit(diffs if diff_csv else views.differences(diffs, lang, unit), diff_csv,
              None if diff_csv else _t("cli_alt_diffs", lang), scen=scen, lang=lang)
        if diff_csv is None and len(diffs):   # what the figures after the shares are, once under the table
            echo_wrapped(_t("alt_diffs_legend", lang))
            echo_wrapped(views.alternatives_add_up(ports, lang) or "")
        if ports["objective"].isna().all():
            raise SystemExit(1)
        echo_wrapped(views.alternatives_found(ports.attrs["search"], lang))
        note = views.run_plan_note(ports, unit, lang)
        if note:
            echo_wrapped(note)

    @click.command("resilience")
    @scenario_arg
    @click.option("--max-supplier-share", type=click.FloatRange(0, 1, min_open=True),
                  help="cap each demand's dependence on one supplying site (share of its amount)")
    @click.option("--fresh/--no-fresh", default=None,
                  help="also solve each closure as a run without the company (its generated corridors anew); "
                       "default: when corridors are generated")
    @csv_opt
    @click.option("--out", "run_dir", type=click.Path(file_okay=False, path_type=Path),
                  help="run directory to write resilience.csv into, for its report and results.xlsx: "
                       "eitflow report RUN_DIR")
    @click.option("--force", is_flag=True, help="replace the run directory's resilience.csv")
    @solver_opts
    def resilience_cmd(scenario, max_supplier_share, fresh, csv, run_dir, force, time_limit, mip_gap, lang):
        """For each company with a chosen exchange: what is lost if it closes.

        \b
        Examples:
          eitflow resilience scenarios/zae_example/scenario.yaml --max-supplier-share 0.6
          eitflow resilience runs/example --out runs/example && eitflow report runs/example
        """
        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        from eitflow.cli.resilience import hold_run_dir
        from eitflow.results.rundir import RunDirError
        from eitflow.results.target import TargetError

        try:   # RUN_DIR/resilience.csv, checked and locked before any solve
            if run_dir is not None:   # the closures of RUN_DIR's own plan, not another scenario's
                from eitflow.analyses.resilfile import same_inputs
                same_inputs(run_dir, scen)
            lock, target = hold_run_dir(run_dir, force) if run_dir is not None else (None, None)
        except (RunDirError, TargetError, OSError) as exc:
            fail_input(exc, lang)
        try:
            _resilience_locked(scen, max_supplier_share, fresh, csv, run_dir, target, lang)
        finally:
            if lock is not None:
                lock.release()

    def _resilience_locked(scen, max_supplier_share, fresh, csv, run_dir, target, lang):
        """Once RUN_DIR (if any) is checked and locked: solve, print, write RUN_DIR/resilience.csv."""
        from eitflow.analyses.resilfile import run_table
        from eitflow.cli.outfiles import echo_written
        from eitflow.cli.resilience import after_table, cap_line, table_view, under_table
        from eitflow.i18n import LANGS
        from eitflow.results.spreadsheet import write_table

        scen = _on_plan(scen, lang)
        # the run directory's copy says its lists in every language: the report reads in its own
        df = resilience(scen, max_supplier_share=max_supplier_share, lang=lang, fresh=fresh, progress=True,
                        langs=LANGS if target is not None else ())
        if line := cap_line(df, lang):
            echo_wrapped(line)
        if df.attrs.get("no_solution"):   # no plan, no company to close: say why as `eitflow run` does, write nothing
            _no_solution("resilience_no_solution", df.attrs["no_solution"]["summary"], lang)
        _emit(df if csv else table_view(df, lang), csv, scen=scen, lang=lang)   # the CSV keeps every column
        for line in under_table(df, lang) if csv is None else []:   # the marks' legend, as the report's
            echo_wrapped(line)
        if target is not None:   # the run's own copy: its report and results.xlsx read it (`report.resilience`)
            from types import SimpleNamespace

            _same_as_run(run_dir, SimpleNamespace(summary=df.attrs["base"]), lang)   # another plan than the run's: said
            echo_written([write_table(run_table(df), target)], lang)
            echo_wrapped(_t("resil_out_hint", lang, run=run_dir))
        for note in after_table(df, lang):
            echo_wrapped(note)
        if df.attrs["base"]["objective"] is None:
            raise SystemExit(1)


    @click.command("explain")
    @scenario_arg
    @click.option("--flow", "flow_id", help="explain only this flow_id (matched or not)")
    @click.option("--nearest", type=click.IntRange(1, 100), default=5, show_default=True,
                  help="nearest compatible partners shown per flow")
    @csv_opt
    @solver_opts
    def explain_cmd(scenario, flow_id, nearest, csv, time_limit, mip_gap, lang):
        """Why each unmatched flow is unmatched: its nearest partners and the rule stopping each.

        \b
        Example:
          eitflow explain scenarios/zae_example/scenario.yaml --flow f31
        """

        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        every = scen   # a siting scenario's flows include every candidate placement's
        if flow_id is not None:   # a mistyped id is said at once, not after the solve
            every = scen if scen.siting is None else _expanded(scen, lang)
            try:
                check_flow_id(every, flow_id)
            except KeyError as exc:
                fail_input(ValueError(exc.args[0]), lang)
        scen, res = _optimise(scen, lang)
        echo_status(res, lang)   # the status line and, under it, the run's note, as `eitflow run` says them
        _same_as_run(scenario, res, lang)
        if flow_id is not None and flow_id not in set(scen.flows["flow_id"].astype(str)):
            site_id = every.flows.loc[every.flows["flow_id"].astype(str) == flow_id, "site_id"].iat[0]
            fail_input(ValueError(Phrase("explain_flow_not_placed", flow=flow_id, site=site_id)), lang)
        df = explain(scen, res, flow_id=flow_id, n_nearest=nearest, lang=lang)
        from eitflow.cli import views

        # six columns of the twenty, one table at 120 (`views.explained`); the CSV keeps them all
        _emit(df if csv else views.explained(df, lang, views.site_names(df, scen, lang)), csv, scen=scen, lang=lang)

    @click.command("zones")
    @scenario_arg
    @csv_opt
    @click.option("--allocation", type=click.Choice(list(ALLOCATIONS)), default=DEFAULT_ALLOCATION, show_default=True,
                  help="how an exchange between two zones is counted (see the text above)")
    @click.option("--flows-csv", type=click.Path(path_type=Path), help="write exchanges between zones to this CSV")
    @click.option("--amounts-csv", type=click.Path(path_type=Path), help="write amounts per zone and resource")
    @solver_opts
    def zones_cmd(scenario, csv, allocation, flows_csv, amounts_csv, time_limit, mip_gap, lang):
        """The optimum rolled up by zone: totals per zone (EUR/yr, tCO2/yr, EUR), exchanges
        inside and between zones, amounts per zone and resource.

        An exchange inside a zone counts there in full. One between two zones is counted by
        the --allocation rule (the report and `compare` use the default):

        \b
          company  each partner's gain at the suggested transfer price (price_bands.csv)
                   counts in its own zone; CO2 avoided and the link's investment in the
                   buyer's zone, where the input is replaced (default)
          sink     the whole exchange in the buyer's zone
          source   the whole exchange in the supplier's zone
          half     half in each zone

        Under every rule a built supply's or hub's annual cost and investment count in its
        own zone, so the zones always add up to the run's totals. A shared network is a
        place of its own between the zones (its connections are exchanges out of and into
        them); its cost and result go to the companies it serves, in their zones.

        \b
        Examples:
          eitflow zones scenarios/zae_example/scenario.yaml
          eitflow zones scenarios/zae_example/scenario.yaml --allocation sink --csv zones.csv
        """
        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        scen, res = _optimise(scen, lang)
        echo_status(res, lang)   # the status line and, under it, the run's note, as `eitflow run` says them
        _same_as_run(scenario, res, lang)
        from eitflow.cli import views

        totals, pairs = zones(scen, res, allocation), zone_flows(scen, res)
        _emit(totals if csv else views.zone_totals(totals, scen), csv,
              _t("cli_zones_title", lang, rule=_t(f"alloc_{allocation}", lang)), scen, lang)
        if res.candidates.network is not None:   # its corridors cross zones: where it counts, as the report says

            echo_wrapped(_t("zones_network_rule", lang))
        _emit(pairs if flows_csv else views.zone_pairs(pairs, lang), flows_csv,
              None if flows_csv else _t("cli_zone_pairs", lang), scen, lang)
        _emit(zone_amounts(scen, res), amounts_csv, None if amounts_csv else _t("cli_zone_amounts", lang), scen,
              lang)
        if res.summary["objective"] is None:
            raise SystemExit(1)

    @click.command("compare")
    @click.argument("run_a", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.argument("run_b", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @csv_opt
    @click.option("--lang", type=click.Choice(["fr", "en"]), help="language of the summary (default: run B's)")
    def compare_cmd(run_a, run_b, csv, lang):
        """What changed between two run directories: links, amounts, benefit, CO2, per zone.

        \b
        Example:
          eitflow compare runs/base runs/carbon200 --csv runs/diff.csv
        """
        from eitflow.results.rundir import read_summary

        try:
            summary_b = read_summary(run_b)
        except (OSError, ValueError):
            summary_b = {}   # compare_runs below says what is wrong with the run directory
        lang = compare_lang(summary_b, lang)
        from eitflow.cli.outfiles import check_tables, run_dir_files
        check_tables([*run_dir_files(run_a), *run_dir_files(run_b)], lang)   # never over A's or B's files
        try:
            table, text = compare_runs(run_a, run_b, lang)   # names as compare_runs gives them
        except (FileNotFoundError, ValueError, KeyError) as exc:
            fail_input(exc)
        # each line wrapped to the terminal, the lines it wraps into under its text (its indent and
        # two more), as `echo_status` says a run's note: a link's line ran to 176 characters at 80
        for line in text.split("\n"):
            echo_wrapped(line, hang=len(line) - len(line.lstrip()) + 2)
        if csv is not None:
            _emit(table, csv, lang=lang)

    @click.command("sizes")
    @scenario_arg
    @csv_opt
    @solver_opts
    def sizes_cmd(scenario, csv, time_limit, mip_gap, lang):
        """Whether a linearly sized network still pays at the catalogue's pipe sizes: the run's
        plan (its objective as linear sizing prices it, and with each corridor at the size that
        carries it), the best plan with the catalogue's sizes on the corridors it builds, and the
        best with no new corridor. Four solves (three without a corridor sized on a line).

        \b
        Example:
          eitflow sizes scenarios/ludres_backbone/scenario.yaml
        """
        import eitflow.i18n as i18n
        from eitflow.cli.common import fail_input, money_per_year

        scen = _load_scenario(scenario, time_limit, mip_gap, lang)
        lang = _lang(scen, lang)
        scen = _on_plan(scen, lang)
        try:
            df = catalogue_sizes(scen)
        except NoNetworkError:   # only that: another ValueError (a solve's, a bug) is not 'no network'
            fail_input(ValueError(i18n.Phrase("sizes_no_network", path=str(scenario))), lang)
        _emit(df, csv, scen=scen, lang=lang)
        ok = df[df["objective_at_catalogue"].notna()]
        if not len(ok):
            raise SystemExit(1)
        # the first of the plans worth the most (a tie, the run's plan at catalogue sizes being
        # the best catalogue plan, goes to the run, whatever the solves' last digits)
        top = float(ok["objective_at_catalogue"].max())
        best = ok[ok["objective_at_catalogue"] >= top - 1e-9 * abs(top) - 0.005].iloc[0]
        none = df.loc[df["plan"] == "no_new_corridor", "objective_at_catalogue"].iloc[0]
        unit = str(best["objective_unit"])

        def fmt(v) -> str:
            if v is None or pd.isna(v):
                return "–"
            if unit == "EUR/yr":   # as `eitflow run`'s lines say money
                return money_per_year(float(v), lang)
            return f"{i18n.number(float(v), lang, 0)}\u00a0{i18n.unit(unit, lang)}"

        echo_wrapped(_t("sizes_best", lang, plan=_t(f"plan_{best['plan']}", lang), obj=fmt(best["objective_at_catalogue"]),
                        none=fmt(none)))

    return pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd, sizes_cmd


pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd, sizes_cmd = _build_commands()


#: every analysis command, for `for c in COMMANDS: cli.main.add_command(c)`
COMMANDS = [pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd, sizes_cmd]


