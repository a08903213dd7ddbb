"""`eitflow bench`: list suites, run one (machine-readable JSON), compare two result files."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import click

from eitflow.bench.compare import compare_results, load_results
from eitflow.bench.harness import _fmt, default_shared, missing_requirements, run_suite
from eitflow.bench.suites import DEFAULT_TIME_LIMIT_S, SUITES, Context
from eitflow.io.atomic import write_text


@click.group("bench", context_settings={"help_option_names": ["-h", "--help"]})
def bench() -> None:
    """Benchmark suites of the matching core, and comparison of two result files.

    \b
    Examples:
      eitflow bench list
      eitflow bench run exact --out benchmarks/results/exact.json --time-limit 60
      eitflow bench compare old.json new.json
    """


@bench.command("list")
@click.argument("suite", required=False)
def list_(suite: str | None) -> None:
    """List the suites, or the cases of SUITE."""
    ctx = Context(shared=default_shared())
    for name, fn in SUITES.items():
        if suite and name != suite:
            continue
        cases = fn(ctx)
        click.echo(f"{name}: {len(cases)} cases - {(fn.__doc__ or '').strip().splitlines()[0]}")
        if suite:
            for c in cases:
                miss = missing_requirements(c, ctx)
                click.echo(f"  {c.name}" + (f"  (skipped: {', '.join(miss)} not found)" if miss else ""))


@bench.command("run")
@click.argument("suite", type=click.Choice(list(SUITES)))
@click.option("--shared", type=click.Path(path_type=Path), default=None,
              help="the shared reference folder [default: ../shared, or $EITFLOW_SHARED]")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="result JSON [default: benchmarks/results/SUITE-<date>.json]")
@click.option("--force", is_flag=True, help="overwrite an existing result file")
@click.option("--time-limit", type=float, default=None, help="solver time limit per case (s) [default: per suite]")
@click.option("--workers", type=int, default=1, show_default=True,
              help="parallel processes over independent components (eitflow's solver.workers)")
@click.option("--cases", "patterns", default=None, help="only cases matching these glob patterns (comma-separated)")
def run_cmd(suite: str, shared: Path | None, out: Path | None, force: bool, time_limit: float | None,
            workers: int, patterns: str | None) -> None:
    """Run SUITE (facility, exact, fr-heat, synthetic, naive, smoke, cascade) and write a result JSON.

    Each case runs in a fresh process; one progress line per case.
    """
    if out is None:
        out = Path("benchmarks/results") / f"{suite}-{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    if out.exists() and not force:
        raise click.ClickException(f"{out} exists; choose another --out or pass --force")
    if workers < 1:
        raise click.BadParameter("must be ≥ 1", param_hint="--workers")
    ctx = Context(shared=shared or default_shared(), time_limit_s=time_limit, workers=workers)
    if time_limit is None:
        click.echo(f"suite {suite}: per-case time limits (suite default {DEFAULT_TIME_LIMIT_S[suite]:g} s)")
    try:
        data = run_suite(suite, out, ctx, patterns, force, echo=lambda s: click.echo(s))
    except (FileExistsError, ValueError, KeyError) as exc:
        raise click.ClickException(str(exc)) from None
    if "analysis" in data:
        for label, fit in data["analysis"].items():
            if isinstance(fit, dict) and "candidates_s" in fit:
                c, t = fit["candidates_s"], fit["total_s"]
                p = fit["candidates_s_vs_pairs_in_range"]
                click.echo(f"growth ({label}): candidates ~ links^{_fmt(c and c['exponent'], '.2f')}, "
                           f"total ~ links^{_fmt(t and t['exponent'], '.2f')}, candidates ~ "
                           f"pairs_in_range^{_fmt(p and p['exponent'], '.2f')} ({len(fit['cases'])} cases)")
    n_fail = sum(c["status"] == "failed" for c in data["cases"])
    n_skip = sum(c["status"] == "skipped" for c in data["cases"])
    click.echo(f"wrote {out} ({len(data['cases'])} cases, {n_fail} failed, {n_skip} skipped, {data['wall_s']:.0f} s)")


@bench.command("startup")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="result JSON to write")
@click.option("--repeats", type=click.IntRange(1, 100), default=7, show_default=True)
@click.option("--install/--no-install", default=True, show_default=True,
              help="also install the project into a fresh virtual environment and measure it")
@click.option("--force", is_flag=True, help="overwrite an existing result file")
def startup_cmd(out: Path, repeats: int, install: bool, force: bool) -> None:
    """Start-up time (eitflow --help, eitflow validate, import) and install size, as JSON.

    \b
    Example:
      eitflow bench startup --out benchmarks/results/startup.json
    """
    from eitflow.bench.machine import metadata
    from eitflow.bench.startup import measure_install, measure_startup

    if out.exists() and not force:
        raise click.ClickException(f"{out} exists; choose another --out or pass --force")
    data = {"suite": "startup", **metadata(), "startup": measure_startup(repeats)}
    if install:
        data["install"] = measure_install()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, json.dumps(data, indent=2) + "\n")
    for name, m in data["startup"].items():
        click.echo(f"{name}: median {m.get('median_s', float('nan')):.3f} s ({m.get('command')})")
    if install:
        i = data["install"]
        click.echo(f"install: {i.get('site_packages_mb')} MB in site-packages, {i.get('install_s')} s from pip's "
                   f"cache, cbcbox {'INSTALLED' if i.get('cbcbox_installed') else 'absent'}; largest: "
                   + ", ".join(f"{k} {v:g}" for k, v in list(i.get("largest_mb", {}).items())[:6]))
    click.echo(f"wrote {out}")


@bench.command("sweep")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="result JSON to write")
@click.option("--runs", type=click.IntRange(1, 1_000_000), default=1000, show_default=True,
              help="runs of the sweep (Monte Carlo draws of the bundled business park)")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="worker processes of the local cluster")
@click.option("--repeats", type=click.IntRange(1, 20), default=3, show_default=True,
              help="interleaved repeats of each measure (medians reported)")
@click.option("--national/--no-national", default=True, show_default=True,
              help="also FR heat over the local cluster against --workers (needs ../shared)")
@click.option("--in-process/--no-in-process", default=True, show_default=True,
              help="also the sweep solved in the client's process (the per-run cost outside the solver)")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), help="the shared data directory")
@click.option("--force", is_flag=True, help="overwrite an existing result file")
def sweep_cmd(out: Path, runs: int, workers: int, repeats: int, national: bool, in_process: bool,
              shared: Path | None, force: bool) -> None:
    """A sweep on a local Dask cluster against a plain loop (runs/s), the client's memory over
    the sweep, the per-run cost outside the solver; and FR heat over the cluster against
    --workers. Interleaved repeats, medians, the load average recorded.

    \b
    Example:
      eitflow bench sweep --out benchmarks/results/sweep.json
      eitflow bench sweep --runs 200 --repeats 1 --no-national --out /tmp/sweep.json
    """
    from eitflow.bench.machine import metadata
    from eitflow.sweep.benchmark import measure_national, measure_sweep

    if out.exists() and not force:
        raise click.ClickException(f"{out} exists; choose another --out or pass --force")
    data = {"suite": "sweep", **metadata(), "sweep": measure_sweep(runs, workers, repeats, echo=click.echo,
                                                                      in_process=in_process)}
    shared = shared or default_shared()
    if national:
        if (shared / "data" / "hotmaps" / "Industrial_Database.csv").exists():
            data["national"] = measure_national(shared, repeats, workers, echo=click.echo)
        else:
            click.echo(f"national: skipped, no Hotmaps data under {shared}")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text(out, json.dumps(data, indent=2) + "\n")
    s = data["sweep"]
    click.echo(f"sweep of {runs} runs: {s['medians']['sweep_cluster']['runs_per_s']} runs/s on {workers} workers "
               f"against {s['medians']['loop']['runs_per_s']} in a loop (x{s['ratios']['sweep_cluster_over_loop']})"
               + (f"; outside the solver {o['outside_solver_ms']} ms per run, of which the sweep's own "
                  f"{o['sweep_machinery_ms']} ms" if (o := s["outside_solver_per_run"]) else ""))
    if "national" in data:
        n = data["national"]
        click.echo(f"national: {n['medians']['cluster']['wall_s']} s over the cluster against "
                   f"{n['medians']['workers']['wall_s']} s with --workers {workers} "
                   f"(x{n['ratio_cluster_over_workers_wall']})")


@bench.command("endtoend")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="result JSON to write")
@click.option("--cases", default="fr-heat-all-r100", show_default=True,
              help="comma-separated end-to-end cases (fr-heat-all-r100, fr-heat-r30, fr-heat-all-r30, "
                   "eu-heat-r100-p195)")
@click.option("--workers", default="1,2", show_default=True, help="comma-separated --workers values to run")
@click.option("--repeats", type=click.IntRange(1, 50), default=3, show_default=True)
@click.option("--baseline", metavar="REF", default=None,
              help="also run the source of this git commit (e.g. main, HEAD~3), interleaved")
@click.option("--plain/--no-plain", default=True, show_default=True,
              help="also run plain HiGHS on the same monolithic model, interleaved")
@click.option("--time-limit", type=float, default=None,
              help="solver time limit (s) [default: the case's own where it has one, else the scenario's]")
@click.option("--plain-time-limit", type=float, default=None,
              help="plain HiGHS's time limit (s) [default: the time limit above]")
@click.option("--shared", type=click.Path(path_type=Path), default=None,
              help="the shared reference folder [default: ../shared, or $EITFLOW_SHARED]")
@click.option("--force", is_flag=True, help="overwrite an existing result file")
def endtoend_cmd(out: Path, cases: str, workers: str, repeats: int, baseline: str | None, plain: bool,
                 time_limit: float | None, plain_time_limit: float | None, shared: Path | None, force: bool) -> None:
    """`eitflow run` end to end in fresh processes, interleaved with an older commit and plain
    HiGHS: medians, ratios and where the time goes (startup, read, candidates, build, solve,
    duals, write).

    \b
    Example:
      eitflow bench endtoend --out benchmarks/results/endtoend.json --baseline main --repeats 3
    """
    from eitflow.bench.endtoend import run_endtoend

    try:
        ws = [int(w) for w in workers.split(",") if w.strip()]
    except ValueError:
        raise click.BadParameter("expected integers like 1,2", param_hint="--workers") from None
    if not ws or min(ws) < 1:
        raise click.BadParameter("expected integers ≥ 1 like 1,2", param_hint="--workers")
    try:
        data = run_endtoend(out, shared or default_shared(), [c.strip() for c in cases.split(",") if c.strip()],
                            ws, repeats, baseline, plain, time_limit, force, echo=click.echo,
                            plain_time_limit_s=plain_time_limit)
    except (FileExistsError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for name, case in data["cases"].items():
        for label, v in case["variants"].items():
            if "wall_s" not in v:
                click.echo(f"{name} {label}: every run failed")
                continue
            prof = "  ".join(f"{k} {x:.2f}" for k, x in v["profile_s"].items())
            click.echo(f"{name} {label:<24} median wall {v['wall_s']:.2f} s, cpu {v['cpu_s']:.2f} s | {prof}")
        for pair, r in case["ratios"].items():
            click.echo(f"{name} {pair}: wall x{_fmt(r['wall'], '.2f')}, cpu x{_fmt(r['cpu'], '.2f')}"
                       + ("" if r["objectives_agree_within_gap"] else "  OBJECTIVES DIFFER"))
    click.echo(f"wrote {out}")


@bench.command("compare")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=0.1, show_default=True,
              help="relative change of total time reported as faster/slower")
def compare_cmd(a: Path, b: Path, threshold: float) -> None:
    """Print time ratios B/A per stage and flag objective/status changes beyond the gap."""
    try:
        lines, _ = compare_results(load_results(a), load_results(b), threshold)
    except (ValueError, json.JSONDecodeError) as exc:
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover - `python -m eitflow.bench run SUITE ...`
    bench()


