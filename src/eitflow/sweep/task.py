"""What runs on a worker: one run of a sweep, from its base scenario and its parameters to
the bytes of its run directory. Nothing is written on the worker's disk (full outputs go
through a private temporary directory): the client writes every file, so a cluster needs no
shared filesystem.

A worker process remembers the outputs of its last runs (`RECENT_BYTES` at most) and which
runs it is solving: a client killed mid-sweep and started again first takes, from every
worker, what was solved while it was away and waits for what was still being solved or
queued there (`take_recent`), so nothing is solved twice; a run asked again is answered from
memory.

The base scenario reaches the workers as the result of a task whose own argument is the
scenario (`load_base`): task data the scheduler keeps, so a worker that dies with it is
replaced by recomputing that task, never by "lost scattered data".
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import hashlib
import json
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from eitflow.scenario import Scenario


@dataclass
class Base:
    """A base scenario as sent to the workers: its name in the sweep, the scenario itself
    (read once by the client), the sha256 of its input files (part of every run id), the
    `inputs` block summary.json records (file paths as the client sees them, sha256), and
    the layout of the sweep's tables (so a worker writes a run's table lines) and their language."""

    name: str
    scenario: Scenario
    digest: str
    inputs: dict
    resources: dict = dataclasses.field(default_factory=dict)  # {supply resource: base unit} of the whole sweep
    units: tuple = ()                                           # supply resources with a unit to build (sized)
    columns: list = dataclasses.field(default_factory=list)     # results.csv's columns
    lang: str = "en"                                            # of results.csv's messages: the sweep's

    @functools.cached_property
    def writes(self) -> str:
        """A digest of how the sweep writes this base's runs besides their ids (`memo_key`): its
        tables' layout and language, and its inputs as the client names them. Read once the
        sweep has set them (`sweep.run.run_sweep`), then kept: one digest per base, not per run."""
        what = [list(self.columns), sorted(self.resources.items()), list(self.units), self.lang, self.inputs]
        return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def load_base(base: Base) -> Base:
    """The task that puts a base scenario on the workers (recomputable from its argument)."""
    return base


def _csv_bytes(df) -> bytes:
    """A table as `results.rundir` writes it (no live formula, %.10g)."""
    from eitflow.results.csvtext import FLOAT_FORMAT
    from eitflow.results.spreadsheet import neutralise_frame

    return neutralise_frame(df).to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n").encode("utf-8")


def _full_files(result, summary: dict) -> dict[str, bytes]:
    """Every file `eitflow run` writes (`results.rundir.write_run`), inputs/ aside (the
    client copies those from its own disk), with `summary` as summary.json."""
    from eitflow.results.rundir import dumps, write_run

    result = dataclasses.replace(result, scenario=dataclasses.replace(result.scenario, source=None, files={}))
    tmp = Path(tempfile.mkdtemp(prefix="eitflow-run-"))
    try:
        run = write_run(result, tmp / "run")
        files = {p.relative_to(run).as_posix(): p.read_bytes() for p in sorted(run.rglob("*")) if p.is_file()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    files["summary.json"] = dumps(summary).encode("utf-8")
    return files


RECENT_BYTES = 128 * 2**20  # outputs a worker process keeps for a client that comes back


_recent: OrderedDict[str, tuple[dict, int]] = OrderedDict()  # `memo_key` -> (output, its size in bytes)


_running: set[str] = set()


_lock = threading.Lock()


def _size(out: dict) -> int:
    return sum(len(b) for b in out.get("files", {}).values()) + 200


def memo_key(base: Base, rid: str, outputs: str) -> str:
    """What a worker remembers a run's output under: its run id (the base's inputs and the run's
    parameters) and what the output is written with besides: the sweep's `outputs`, its tables'
    layout and language, the inputs as the client names them. By run id alone a second sweep on
    the cluster sharing runs with an earlier one took the earlier one's outputs: its results.csv
    rows in the earlier sweep's columns (figures under other resources' columns), full run
    directories where it asked for tables."""
    return f"{rid}~{base.writes}~{outputs}"


def remembered_run(base: Base, params: dict[str, float], rid: str, outputs: str = "tables") -> dict:
    """`solve_run` on a Dask worker: answered from this process's memory when it solved the
    run already for a sweep writing it the same way (`memo_key`), remembered afterwards (the
    oldest outputs go past RECENT_BYTES)."""
    key = memo_key(base, rid, outputs)
    with _lock:
        hit = _recent.get(key)
        if hit is not None:
            return hit[0]
        _running.add(rid)
    out = None
    try:
        out = solve_run(base, params, rid, outputs)
        return out
    finally:
        with _lock:
            _running.discard(rid)
            if out is not None and "files" in out:
                _recent[key] = (out, _size(out))
                total = sum(n for _, n in _recent.values())
                while total > RECENT_BYTES and len(_recent) > 1:
                    total -= _recent.popitem(last=False)[1][1]


def remembered_runs(base: Base, jobs: list[tuple[str, dict]], outputs: str = "tables") -> list[tuple[str, dict]]:
    """A chunk of runs on a Dask worker, one after the other (`remembered_run`): [(run id,
    output)]. Every run of the chunk counts as being solved from the start, so a client that
    comes back waits for the whole chunk rather than submitting its last runs again."""
    with _lock:
        _running.update(rid for rid, _ in jobs if memo_key(base, rid, outputs) not in _recent)
    try:
        return [(rid, remembered_run(base, params, rid, outputs)) for rid, params in jobs]
    finally:
        with _lock:
            _running.difference_update(rid for rid, _ in jobs)


CHUNK_KEY = "eitflow-runs-"  # a chunk task's key: this and its run ids joined by "."


def chunk_runs(key) -> list[str]:
    """The run ids a chunk task's key names ([] for any other key)."""
    k = str(key)
    return k[len(CHUNK_KEY):].split(".") if k.startswith(CHUNK_KEY) else []


# a task in one of these states on a worker is running, or may still start there (Dask's
# worker states; "cancelled": released by the scheduler while running, it runs to its end)
MAY_RUN = frozenset({"waiting", "constrained", "ready", "executing", "long-running", "cancelled", "resumed"})


def _held(dask_worker, wanted: set[str]) -> set[str]:
    """Those of `wanted` that this process is solving, or that a chunk this worker holds may
    still solve: a chunk the scheduler has released stays queued or running on its worker until
    the scheduler's "free-keys" message reaches it, on another connection than a client's
    `Client.run`, so the question can come first."""
    held = _running & wanted
    if dask_worker is not None:
        held |= {r for k, ts in dask_worker.state.tasks.items() if ts.state in MAY_RUN for r in chunk_runs(k)} & wanted
    return held


async def take_recent(runs: list[tuple[str, str]], wait_s: float, dask_worker=None) -> dict[str, dict]:
    """Run on every worker (`Client.run`, which passes `dask_worker`) by a client (re)starting
    a sweep, for `runs` (run id, `memo_key`): wait until none of them is being solved here nor
    named by a chunk this worker holds that may still start (at most `wait_s` seconds: a client
    killed mid-sweep left them queued or running), then hand over, by run id, the outputs this
    process has of them written as this sweep writes them (`memo_key`)."""
    wanted = {rid for rid, _ in runs}
    end = time.monotonic() + wait_s
    while time.monotonic() < end:
        with _lock:
            if not _held(dask_worker, wanted):
                break
        await asyncio.sleep(0.05)
    with _lock:
        return {rid: _recent[key][0] for rid, key in runs if key in _recent}


def solve_run(base: Base, params: dict[str, float], rid: str, outputs: str = "tables") -> dict:
    """Solve one run of a sweep; never raises.

    Returns {"files": {relative path: bytes}, "row": ..., "links": ..., "status": ...}: the
    files are summary.json (the run's summary, its sweep block — run id, base, parameters —
    and the base's inputs record), matches.csv and unmatched.csv
    (`outputs="tables"`), or every file of a run directory (`"full"`); row and links are the
    run's lines of results.csv and links.csv (`table_lines`). {"error": message, "seconds": s}
    when the run failed.
    `timings_s.optimise` in summary.json is `optimise` (s), `timings_s.run` the whole task on
    the worker.
    """
    from eitflow.pipeline import optimise
    from eitflow.results.rundir import dumps
    from eitflow.sweep.params import apply_parameters

    t0 = time.perf_counter()
    try:
        scen = apply_parameters(base.scenario, params)
        t1 = time.perf_counter()
        res = optimise(scen, duals=outputs == "full")
        t_opt = time.perf_counter() - t1
        summary = dict(res.summary)
        summary["sweep"] = {"run_id": rid, "base": base.name, "parameters": params}
        summary["inputs"] = base.inputs
        if outputs == "full":
            files = _full_files(res, summary)
        else:
            files = {"matches.csv": _csv_bytes(res.matches), "unmatched.csv": _csv_bytes(res.unmatched)}
        summary["timings_s"] = {**summary.get("timings_s", {}), "optimise": round(t_opt, 4),
                                "run": round(time.perf_counter() - t0, 4)}
        files["summary.json"] = dumps(summary).encode("utf-8")
        return {"files": files, "seconds": summary["timings_s"]["run"],
                **table_lines(base, rid, params, summary, files.get("matches.csv"))}
    except Exception as exc:  # reported in the table; the sweep goes on
        return {"error": f"{type(exc).__name__}: {exc}", "seconds": round(time.perf_counter() - t0, 4)}


def table_lines(base: Base, rid: str, params: dict, summary: dict, matches_csv: bytes | None) -> dict:
    """The run's lines of results.csv and links.csv (`sweep.tables`: the same function reads
    them back from a run directory on resume), and its status."""
    from eitflow.sweep.tables import LINK_COLUMNS, csv_lines, links_from_matches, row_from_summary

    row = row_from_summary({"run_id": rid, "base": base.name, **params}, summary, base.resources, base.lang,
                           base.units)
    return {"row": csv_lines([row], base.columns), "status": row["status"],
            "links": csv_lines(links_from_matches(rid, base.name, matches_csv), LINK_COLUMNS)}


def summary_of(files: dict[str, bytes]) -> dict:
    """summary.json of a run's files, parsed."""
    return json.loads(files["summary.json"].decode("utf-8"))
