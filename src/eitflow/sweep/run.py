"""Scenario sweeps: many solves of one or several base scenarios over a grid and/or Monte
Carlo draws of their parameters, on Dask or in this process, written as they finish and
resumable. The sweep file's format is in the README ("Sweeps"; `sweep.spec`).

Every run has a deterministic id (`sweep.params.run_id`: its parameters and its base's input
files). Workers return the bytes of each run; only the client writes (no shared filesystem):

    OUT/plan.csv                    every run: run_id, base, parameters (written first)
    OUT/inputs/<base>/              copies of each base scenario's files
    OUT/runs/<id>/                  summary.json (with a `sweep` block), matches.csv, unmatched.csv
                                    (`outputs: full`: every file of `eitflow run`)
    OUT/results.csv, .parquet       one row per run (`sweep.tables`), appended as runs finish
    OUT/links.csv, .parquet         one row per run and chosen exchange
    OUT/frequency.csv               how often each exchange is chosen

A run is finished when its summary.json exists; a sweep started again on the same OUT solves
only the others (a run that failed is tried again). results.csv and links.csv grow by whole
lines while the sweep runs (`sweep.journal`; results.parquet is rewritten every 5 s at most, in
at most 2 % of the client's time: `Pacer`) and are put in sweep order at the end; apart from the
`seconds_*` columns and summary.json's `timings_s`, every file is the same bytes whichever
machines solved the runs, in whatever order.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.i18n import Count, Phrase
from eitflow.io.runinputs import INPUTS, input_copy_name
from eitflow.io.swept import carried_run
from eitflow.sweep.journal import Journal, resume
from eitflow.sweep.params import (
    check_values,
    has_unit,
    inputs_digest,
    run_id,
    sited_bases,
    siting_note,
    value_warning_lines,
)
from eitflow.sweep.shutdown import Shutdown
from eitflow.sweep.spec import Sweep, SweepError, in_file, load_sweep
from eitflow.sweep.store import Store, recorded_lang, refuse_foreign_directory
from eitflow.sweep.tables import (
    LINK_COLUMNS,
    LINK_TEXT,
    RESULT_TEXT,
    csv_lines,
    error_row,
    frequency,
    read_table,
    result_columns,
)
from eitflow.sweep.task import Base

CHECKPOINT_S = 5.0        # results.parquet is rewritten at most this often while the sweep runs,
CHECKPOINT_SHARE = 0.02   # and takes at most this share of the client's time: its cost grows with the table


class Pacer:
    """When to rewrite results.parquet: `CHECKPOINT_S` after the last rewrite, or `cost /
    CHECKPOINT_SHARE` when the rewrite took `cost` seconds (a rewrite reads the whole table,
    so on a long sweep rewriting at a fixed pace would cost the client ever more per run)."""

    def __init__(self, now: float):
        self.next = now + CHECKPOINT_S

    def due(self, now: float) -> bool:
        return now >= self.next

    def done(self, started: float, ended: float) -> None:
        self.next = ended + max(CHECKPOINT_S, (ended - started) / CHECKPOINT_SHARE)


def read_bases(sw: Sweep) -> dict[str, Base]:
    """Read every base scenario once, on the client (a `ScenarioError` names the bad file),
    and check the sweep's parameter values against them (`params.check_values`: a
    `SweepError` naming the sweep file and the parameter), before anything is solved."""
    from eitflow.io.read import read_scenario
    from eitflow.results.rundir import sha256

    out: dict[str, Base] = {}
    seen: dict[str, str] = {}
    for name, path in sw.bases.items():
        scen = read_scenario(path)
        digest = inputs_digest(scen)
        if digest in seen:
            raise SweepError(Phrase("sweep_e_same_bases", a=seen[digest], b=name))
        seen[digest] = name
        files = [("scenario", scen.source), *sorted(scen.files.items())] if scen.source else []
        inputs = {k: {"path": str(p), "sha256": sha256(p)} for k, p in files if p is not None and p.exists()}
        out[name] = Base(name, scen, digest, inputs)
    try:
        check_values(sw.runs, {name: b.scenario for name, b in out.items()})
    except SweepError as exc:
        raise SweepError(in_file(str(sw.source), exc) if sw.source else exc.args[0]) from None
    return out


def plan(sw: Sweep, bases: dict[str, Base]) -> pd.DataFrame:
    """One row per run: run_id, base and its parameters (NaN where a run does not set one),
    base by base in the sweep file's order; a run listed twice is kept once."""
    names = sorted({k for r in sw.runs for k in r})
    rows = [{"run_id": run_id(p, b.digest), "base": b.name, **{n: p.get(n, np.nan) for n in names}}
            for b in bases.values() for p in sw.runs]
    df = pd.DataFrame(rows, columns=["run_id", "base", *names])
    return df[~df["run_id"].duplicated()].reset_index(drop=True)


def _supply_resources(bases: dict[str, Base]) -> dict[str, str]:
    """{resource: base unit} of every supply resource of the bases (the per-resource columns)."""
    out = {}
    for b in bases.values():
        f = b.scenario.flows
        for r in sorted(set(f.loc[f["direction"] == "supply", "resource"])):
            out[r] = b.scenario.catalogue[r].base_unit
    return out


#: OUT/site_names.csv: base, site_id, name of every base's sites
SITE_NAMES = "site_names.csv"


def site_names(bases: dict[str, Base]) -> pd.DataFrame:
    """base, site_id, name (the id where a site has no name) of every site and hub of every base
    (a hub is a party of its legs: the report named a station by its hub_id)."""
    frames = []
    for name, b in bases.items():
        hubs = b.scenario.hubs
        for s, col in ((b.scenario.sites, "site_id"), *(((hubs, "hub_id"),) if hubs is not None else ())):
            ids = s[col].astype(str)
            names = s["name"].fillna("").astype(str).str.strip() if "name" in s.columns else ids
            frames.append(pd.DataFrame({"base": name, "site_id": ids, "name": names.where(names != "", ids)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["base", "site_id", "name"])


def _csv(df: pd.DataFrame) -> bytes:
    """A whole table as every eitflow CSV is written (%.10g, no live formula)."""
    from eitflow.results.spreadsheet import neutralise_frame

    return neutralise_frame(df).to_csv(index=False, float_format="%.10g", lineterminator="\n").encode()


def _parquet(df: pd.DataFrame) -> bytes:
    """Parquet bytes of `df`, through fastparquet (small, from the Dask project; the same frame
    gives the same bytes; read by pandas, pyarrow, polars, DuckDB, R arrow)."""
    import os
    import tempfile

    with warnings.catch_warnings():  # fastparquet reads a pandas option pandas 3 deprecates
        warnings.simplefilter("ignore")
        import fastparquet

    fd, tmp = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    try:
        fastparquet.write(tmp, df, write_index=False, compression="ZSTD" if len(df) > 1000 else None)
        return Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)


def _progress(total: int, done: int, enabled: bool, lang: str):
    if not enabled:
        return None
    import eitflow.i18n as i18n
    from eitflow.progress import progress_bar

    return progress_bar(total, i18n.text("sweep_bar", lang), initial=done, unit=i18n.text("sweep_bar_unit", lang))


def run_sweep(sweep: Sweep | str | Path, out: str | Path, scheduler: str | None = None, n_workers: int = 2,
              processes: bool = True, client=None, progress: bool = True, window: int | None = None,
              lang: str | None = None, out_name: str = "out") -> pd.DataFrame:
    """Run every run of `sweep` not yet finished in `out` and return the results table (one
    row per run, in sweep order; also OUT/results.csv and .parquet).

    Parameters
    ----------
    sweep : Sweep or path of a sweep file
    out : local directory or fsspec URL (s3://bucket/prefix, memory://...) of the sweep
    scheduler : address of a Dask scheduler (tcp://host:8786); else a LocalCluster
    n_workers : worker processes of the LocalCluster; 0 solves in this process, without Dask
    processes : LocalCluster of processes (True) or threads
    client : an existing dask.distributed Client (wins over `scheduler` and `n_workers`)
    progress : a progress bar on stderr, after a line saying how many runs there are to solve
        and the longest that may take (`plan_line`), and a note where a base has activities to
        place, which the runs leave out (`params.siting_note`)
    window : runs in flight on Dask (default: 8 per worker thread, at least 32)
    lang : language of that line and of results.csv's messages (en, fr; default: the first base's)
    out_name : how a refusal names `out` (this argument; the command line passes "--out")

    Returns
    -------
    pandas.DataFrame
        results.csv's rows (`sweep.tables.result_columns`); ``df.attrs`` holds `solved_now`
        and `resumed` (run counts).

    Raises
    ------
    SweepError, ScenarioError
        A bad sweep file or base scenario, or a parameter value it does not accept, before
        anything runs; `out` holding finished runs of another sweep.
    SchedulerError
        A scheduler that cannot be reached (`solve.executors.connect`), before anything is
        written.
    SweepLockedError
        Another client is writing `out`.
    """
    import eitflow.i18n as i18n
    import eitflow.procs as procs
    from eitflow.sweep import cluster

    sw = load_sweep(sweep) if not isinstance(sweep, Sweep) else sweep
    bases = read_bases(sw)
    table = plan(sw, bases)
    params = [c for c in table.columns if c not in ("run_id", "base")]
    resources = _supply_resources(bases)
    units = tuple(r for r in resources if any(has_unit(b.scenario, r) for b in bases.values()))
    columns = result_columns(params, resources, units)
    lang = i18n.resolve_lang(lang or recorded_lang(out) or _first_lang(bases))   # a resumed sweep's own
    for b in bases.values():
        b.resources, b.columns, b.lang, b.units = resources, columns, lang, units
    refuse_foreign_directory(out, out_name)   # `store`
    store = Store(out)
    store.lock(out_name)
    shutdown = closing = None
    try:
        store.clean_partial()
        ids = table["run_id"].tolist()
        finished = store.finished()
        check_one_sweep(store, finished, ids, bases)
        done = finished & set(ids)
        todo = [r for r in ids if r not in done]
        if todo and client is None and (scheduler or n_workers > 0):
            # connected before anything is written: a wrong address leaves OUT as it was. Ctrl-C exits
            # at once (`procs.install_signal_handlers`), the cluster closed first (one close, bounded, the
            # stop's and the end's: `sweep.shutdown`); a stop while it starts waits for it to be up and its
            # closer registered (`procs.registering`): else its half-started workers' semaphores leaked
            with procs.registering(cluster.START_S):
                client, local = cluster.make_client(scheduler, n_workers, processes)
                shutdown = Shutdown(client, local)
                closing = procs.close_on_stop(lambda: shutdown(stop=True))
        # values scenario.yaml would warn about (a network at 363.15 degC: kelvins?), said whatever `progress`
        for line in value_warning_lines(sw, {n: b.scenario for n, b in bases.items()}, lang):
            print(line, file=sys.stderr, flush=True)
        if progress:
            threads = 1 if client is None else cluster.worker_threads(client)
            note = siting_note({n: b.scenario for n, b in bases.items()}, lang)   # a base's plots are not used
            print(*filter(None, [note, plan_line(table, bases, done, threads, lang, bar=True)]), sep="\n",
                  file=sys.stderr, flush=True)
        store.put("plan.csv", _csv(table))
        meta = {"name": sw.name, "source": str(sw.source or ""), "bases": {k: str(v) for k, v in sw.bases.items()},
                "outputs": sw.outputs, "runs": len(table), "lang": lang,
                # the bases whose activities to place the runs leave out: the report says it too
                "sited": sited_bases({n: b.scenario for n, b in bases.items()})}
        store.put("sweep.json", (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode())
        for b in bases.values():
            for rel, data in _input_copies(b).items():
                if store.get(rel) != data:  # the base's files as this sweep's runs read them
                    store.put(rel, data)
        # the sites' names as the bases were read (a workbook's, a French CSV's): the report's
        # one source for them
        store.put(SITE_NAMES, _csv(site_names(bases)))
        plan_rows = {r["run_id"]: {k: v for k, v in r.items() if not (isinstance(v, float) and np.isnan(v))}
                     for r in table.to_dict("records")}
        results = Journal(store, "results.csv", columns)
        links = Journal(store, "links.csv", LINK_COLUMNS)
        resume(store, results, links, done, plan_rows, resources, lang)
        bar = _progress(len(ids), len(done), progress, lang)
        full_inputs = _inputs_files(bases) if sw.outputs == "full" else {}
        jobs = ((rid, plan_rows[rid]["base"], _params_of(plan_rows[rid])) for rid in todo)
        if todo:
            runs = (cluster.in_process(bases, jobs, sw.outputs) if client is None
                    else cluster.on_dask(client, bases, jobs, sw.outputs, window, wait_s=_longest_run(bases, sw),
                                         no_workers=_say_no_workers(bar, lang) if progress else None))
            pacer = Pacer(time.monotonic())
            for rid, got in runs:
                prow = plan_rows[rid]
                if "files" in got:
                    inputs = full_inputs.get(prow["base"], {})   # its scenario.yaml carries the run's values
                    store.put_run(rid, carried_run(got["files"], inputs, rid, prow["base"], _params_of(prow)))
                    links.add(got["links"])
                    results.add(got["row"])
                else:
                    results.add(csv_lines([error_row(prow, got["error"], got.get("seconds"))], columns))
                if bar is not None:
                    # the run that just finished, then the count: `update` redraws the bar, so a
                    # postfix set after it showed the run before this one
                    bar.set_postfix_str(f"{rid} {got.get('status', 'error')}", refresh=False)
                    bar.update(1)
                if pacer.due(now := time.monotonic()):
                    _checkpoint(store, results, links, ids)
                    pacer.done(now, time.monotonic())
        if bar is not None:
            bar.close()
        df = _finish(store, results, links, ids)
    finally:
        # closed, then its closer forgotten: a stop meanwhile waits for this close, not half done
        if shutdown is not None:
            shutdown()
        if closing is not None:
            procs.forget_close(closing)
        store.unlock()
    df.attrs.update(solved_now=len(todo), resumed=len(done))
    return df


def _say_no_workers(bar, lang: str | None):
    """What the sweep says when its cluster has lost every worker (the runs wait for one)."""
    import eitflow.i18n as i18n

    def say() -> None:
        line = i18n.text("sweep_lost_workers", i18n.resolve_lang(lang))
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)
    return say


def _longest_run(bases: dict[str, Base], sw: Sweep) -> float:
    """The longest a run may take (s): its time limit, and the watchdog's grace beyond it."""
    limits = [b.scenario.params.solver.time_limit_s for b in bases.values()]
    limits += [r["solver.time_limit_s"] for r in sw.runs if "solver.time_limit_s" in r]
    return max(limits) + 10.0


def _params_of(prow: dict) -> dict[str, float]:
    return {k: float(v) for k, v in prow.items() if k not in ("run_id", "base")}


def _inputs_files(bases: dict[str, Base]) -> dict[str, dict[str, bytes]]:
    """inputs/ of a full run directory, per base (as `write_run` names them)."""
    return {b.name: {f"inputs/{k}{Path(rec['path']).suffix}": Path(rec["path"]).read_bytes()
                     for k, rec in b.inputs.items()} for b in bases.values()}


def _input_copies(b: Base) -> dict[str, bytes]:
    """OUT/inputs/<base>/: the base scenario's files, by their path in the sweep directory."""
    return {f"{INPUTS}/{b.name}/{input_copy_name(key, rec['path'])}": Path(rec["path"]).read_bytes()
            for key, rec in b.inputs.items()}


def check_one_sweep(store: Store, finished: set[str], ids: list[str], bases: dict[str, Base]) -> None:
    """A sweep directory holds one sweep. Refuse to go on when it holds finished runs this
    sweep does not list: their rows would silently leave results.csv, links.csv and the report
    (another sweep file's runs, or this file's before its points or its bases' files changed:
    a run's id is its parameters and its base's files). Adding points is fine."""
    foreign = sorted(finished - set(ids))
    if not foreign:
        return
    changed = [f"{store}/{rel}" for b in bases.values() for rel, data in _input_copies(b).items()
               if store.get(rel) not in (None, data)]
    why = (Phrase("sweep_e_foreign_changed", files=", ".join(changed)) if changed
           else Phrase("sweep_e_foreign_other"))
    raise SweepError(Phrase("sweep_e_foreign", store=str(store), n=Count(len(foreign), "n_finished_runs"),
                            ids=f"{', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''}", why=why))


def _first_lang(bases: dict[str, Base]) -> str | None:
    return next(iter(bases.values())).scenario.params.lang


def plan_line(table: pd.DataFrame, bases: dict[str, Base], done: set[str], threads: int | None,
              lang: str | None = None, bar: bool = False) -> str:
    """What the user is told before anything is solved: the runs, those finished, those to
    solve, and the longest that may take (each run's time limit, in s, over the worker
    threads; `threads` None: per worker thread; 0: the cluster has no worker yet, and the
    runs wait for one). The progress bar then estimates the time left from the runs that
    finish (`bar`: the line says so)."""
    import eitflow.i18n as i18n

    lang = i18n.resolve_lang(lang)
    todo = table[~table["run_id"].isin(done)]
    limit = todo["base"].map({n: b.scenario.params.solver.time_limit_s for n, b in bases.items()}).astype(float)
    if "solver.time_limit_s" in todo:
        limit = todo["solver.time_limit_s"].astype(float).fillna(limit)
    line = i18n.text("sweep_plan", lang, n=i18n.counted(len(table), "n_runs", lang),
                     done=i18n.counted(len(table) - len(todo), "n_finished", lang),
                     todo=i18n.number(len(todo), lang))
    if len(todo) and threads == 0:
        line += i18n.text("sweep_plan_no_workers", lang)
    elif len(todo):
        line += i18n.text("sweep_plan_bound" if threads else "sweep_plan_bound_each", lang,
                          each=i18n.duration(limit.max(), lang),
                          total=i18n.duration(float(limit.sum()) / (threads or 1), lang),
                          threads=i18n.counted(threads or 1, "n_worker_threads", lang))
        if bar:
            line += i18n.text("sweep_plan_bar", lang)
    return line


def _checkpoint(store: Store, results: Journal, links: Journal, ids: list[str]) -> None:
    """results.parquet of the runs finished so far (and the tables, on object storage)."""
    data = results.ordered(ids)
    store.put("results.parquet", _parquet(read_table(data, RESULT_TEXT)))
    results.flush()
    links.flush()


def _finish(store: Store, results: Journal, links: Journal, ids: list[str]) -> pd.DataFrame:
    """The tables in sweep order: results and links as CSV and Parquet, and frequency.csv."""
    rdata, ldata = results.ordered(ids), links.ordered(ids)
    df = read_table(rdata, RESULT_TEXT)
    lf = read_table(ldata, LINK_TEXT)
    store.put("results.csv", rdata)
    store.put("results.parquet", _parquet(df))
    store.put("links.csv", ldata)
    store.put("links.parquet", _parquet(lf))
    freq = frequency(df, lf)
    store.put("frequency.csv", _csv(freq))
    return df
