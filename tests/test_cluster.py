"""Sweeps and single runs on a real Dask cluster: a `dask scheduler` and two `dask worker`
processes on 127.0.0.1 (tests/cluster.py), each worker in its own directory, the sweep's
directory only on the client's side.

The base scenarios have components of over 500 links, solved under the watchdog inside the
(daemonic) worker processes, and one of them asks for `solver.workers: 2`. What is checked:
the cluster's files equal an in-process run's byte for byte (timings aside); a worker killed
mid-sweep, or every worker, loses nothing and solves no finished run again; a client killed
mid-sweep leaves nothing half-written and, started again, solves only what was missing.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from cluster import RealCluster, tree_bytes, write_dense_heat

pytest.importorskip("distributed")

SWEEP = """\
name: dense heat on a cluster
bases:
  one: one/scenario.yaml
  two: two/scenario.yaml
grid:
  carbon_price_eur_per_t: {carbon}
  prices: {{heat: {heat}}}
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = RealCluster(tmp_path_factory.mktemp("cluster")).start()
    yield c
    c.stop()


def _sweep_file(root: Path, carbon: str, isolate: str = "auto", heat: str = "[0.9, 1.1]") -> Path:
    """Two bases: one dense component of 576 links, and two such components with
    solver.workers: 2; each carbon price x 2 heat prices. The time limit is long so that no
    component is cut short by its first slice, even on a loaded machine: the runs are then the
    same whichever process solves them."""
    write_dense_heat(root / "one", n=24, isolate=isolate, time_limit=600)
    write_dense_heat(root / "two", clusters=2, n=23, seed=5, workers=2, isolate=isolate, time_limit=600)
    p = root / "sweep.yaml"
    p.write_text(SWEEP.format(carbon=carbon, heat=heat), encoding="utf-8")
    return p


def _same_as_local(out: Path, local: Path) -> None:
    a, b = tree_bytes(out), tree_bytes(local)
    assert sorted(a) == sorted(b)
    for rel in a:
        assert a[rel] == b[rel], rel
    for name in ("results.parquet", "links.parquet"):
        fa, fb = pd.read_parquet(out / name), pd.read_parquet(local / name)
        keep = [c for c in fa.columns if not c.startswith("seconds_")]
        pd.testing.assert_frame_equal(fa[keep], fb[keep])


def _wait_for(cond, timeout: float, what: str) -> None:
    t = time.time() + timeout
    while time.time() < t:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _finished(out: Path) -> set[str]:
    """The runs written in `out`: not a run's temporary directory (".<run>.tmp-..."), which
    holds its summary.json a moment before it is renamed into place (the clean-clone CI once
    counted one as a run written before a kill: solved 0 times, not 1)."""
    runs = out / "runs"
    return ({p.name for p in runs.iterdir() if not p.name.startswith(".") and (p / "summary.json").exists()}
            if runs.is_dir() else set())


def _written_and_released(cluster, out: Path) -> set[str]:
    """The runs written in `out` whose task the scheduler no longer holds. The client releases
    a chunk's future before it writes the runs, but the release reaches the scheduler a moment
    later (on a loaded machine, later than the test sees the files): a worker killed in between
    held a result the scheduler still counted as wanted, and it solved those runs again
    elsewhere, so "a run written before the kill is never solved again" failed for them
    (shown by delaying the client's release by 6 s). Files first, then the scheduler: a run
    released then stays released."""
    from distributed import Client

    from eitflow.sweep.cluster import _chunk_keys
    from eitflow.sweep.task import chunk_runs

    written = _finished(out)
    with Client(cluster.address, timeout=30) as c:
        held = {r for k in c.run_on_scheduler(_chunk_keys) for r in chunk_runs(k)}
    return written - held


@pytest.mark.slow
def test_sweep_on_a_real_cluster_equals_a_local_run(cluster, tmp_path):
    """4 runs, each with components of over 500 links solved under the watchdog: its child
    is a subprocess, which a daemonic Dask worker may start."""
    from eitflow.sweep.run import run_sweep

    sweep_file = _sweep_file(tmp_path, "[50, 150]", heat="[1.1]")
    cluster.reset_counts()
    out = tmp_path / "cluster_out"
    df = run_sweep(sweep_file, out, scheduler=cluster.address, progress=False)
    assert len(df) == 4 and df.attrs["solved_now"] == 4
    # every run solved: the 576-link components under the watchdog in a daemonic worker
    assert (df["status"] == "optimal").all(), df[["status", "message"]]
    for rid in df["run_id"]:
        s = json.loads((out / "runs" / rid / "summary.json").read_text())
        assert max(s["counts"]["candidate_links"] // s["counts"]["components"], 0) > 500
    solves, done = cluster.solved()
    assert set(done) == set(df["run_id"]) and set(done.values()) == {1} and set(solves.values()) == {1}
    # the workers wrote nothing of the sweep: their directories hold only their own logs and scratch
    for i in range(2):
        assert not list(cluster.worker_dir(i).rglob("summary.json"))
    local = tmp_path / "local_out"
    run_sweep(sweep_file, local, n_workers=0, progress=False)
    _same_as_local(out, local)


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_loses_nothing(cluster, tmp_path):
    """Kill one worker when a third of the runs are written, then every worker (two new
    ones start): the sweep completes, the bases are recomputed from their task data, and no
    run written before a kill is solved again. (Parameters differ from the other tests':
    workers answer a run they solved before from memory. The solves stay in the workers, no
    watchdog child: 24 quick runs.)"""
    from eitflow.sweep.run import run_sweep

    sweep_file = _sweep_file(tmp_path, "[30, 60, 90, 120, 150, 180, 210, 240, 270]", isolate="never")
    cluster.reset_counts()
    out = tmp_path / "out"
    box: dict = {}
    # two runs in flight at most (so in chunks of two at most): the sweep lasts long enough to
    # be interrupted twice
    th = threading.Thread(target=lambda: box.update(df=run_sweep(sweep_file, out, scheduler=cluster.address,
                                                                  progress=False, window=2)))
    th.start()
    try:
        _wait_for(lambda: len(_finished(out)) >= 6, 300, "6 finished runs")
        before_first = _written_and_released(cluster, out)
        n_first = len(_finished(out))
        victim = next(int(n[len("worker"):]) for n in cluster.procs if n.startswith("worker"))
        cluster.kill_worker(victim)
        _wait_for(lambda: len(_finished(out)) >= n_first + 4, 300, "4 more runs")
        before_all = _written_and_released(cluster, out)
        assert len(_finished(out)) < 36, "the sweep ended before the workers were killed"
        for n in [n for n in cluster.procs if n.startswith("worker")]:
            cluster.kill_worker(int(n[len("worker"):]))
        new = [cluster.add_worker() for _ in range(2)]
    finally:
        th.join(300)
    df = box["df"]
    assert len(df) == 36 and (df["status"] == "optimal").all(), df[["status", "message"]]
    solves, done = cluster.solved()
    assert set(done) == set(df["run_id"])
    for rid in before_first:  # written before the first kill: solved once, never again
        assert solves[rid] == 1 and done[rid] == 1, (rid, solves[rid], done[rid])
    # written before the second kill: not solved again by the new workers (a run that was in
    # flight on the first worker killed was started there once before)
    again, _ = cluster.solved(new)
    assert not (set(again) & before_all), sorted(set(again) & before_all)
    local = tmp_path / "local"
    run_sweep(sweep_file, local, n_workers=0, progress=False)
    _same_as_local(out, local)


@pytest.mark.slow
def test_a_killed_client_resumes_without_solving_anything_twice(cluster, tmp_path):
    # carbon prices no other test uses: the workers would answer those runs from memory
    sweep_file = _sweep_file(tmp_path, "[35, 70, 105, 140, 175, 205]", isolate="never")
    cluster.wait_for_workers(2)
    cluster.reset_counts()
    out = tmp_path / "out"
    argv = [str(Path(sys.executable).parent / "eitflow"), "sweep", str(sweep_file), "--out", str(out), "--scheduler",
            cluster.address, "-q"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for(lambda: len(_finished(out)) >= 6 or p.poll() is not None, 300, "6 finished runs")
    os.killpg(p.pid, signal.SIGKILL)
    p.wait(10)
    t_kill = time.time()
    written = _finished(out)
    assert 6 <= len(written) < 24, (len(written), p.returncode, p.stderr.read().decode()[-3000:])
    # nothing half-written: every run directory is complete, every table line whole
    for rid in (out / "runs").iterdir():
        if not rid.name.startswith("."):
            assert {"summary.json", "matches.csv", "unmatched.csv"} <= {f.name for f in rid.iterdir()}
            json.loads((rid / "summary.json").read_text())
    text = (out / "results.csv").read_bytes()
    assert text.endswith(b"\n")
    rows = pd.read_csv(out / "results.csv")
    assert set(rows["run_id"]) <= written
    before = rows[["run_id", "status"]].to_string()
    r = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"({24 - len(written)} solved now, {len(written)} resumed)" in r.stdout
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]  # no temporary left
    solves, done = cluster.solved()
    df = pd.read_csv(out / "results.csv")
    assert len(df) == 24 and (df["status"] == "optimal").all()
    # every run solved once: those written before the kill, those the workers finished or were
    # solving while no client was there (handed over to the resumed client), and the rest. (A
    # chunk Dask had moved to "executing" as the client died can fail before solving anything,
    # its base released with the client: the resumed client solves those runs, once.)
    odd = {rid for rid in df["run_id"] if solves[rid] != 1}
    assert set(solves) == set(df["run_id"]) and not odd, (
        f"{dict(solves)}\nruns not solved once, on the workers (s after the kill):\n{cluster.story(odd, t_kill)}\n"
        f"results.csv at the kill:\n{before}\nthe resumed client said:\n{r.stdout}{r.stderr}")
    local = tmp_path / "local"
    from eitflow.sweep.run import run_sweep

    run_sweep(sweep_file, local, n_workers=0, progress=False)
    _same_as_local(out, local)


@pytest.mark.slow
def test_run_spreads_one_scenario_over_the_cluster(cluster, tmp_path):
    """`eitflow run --scheduler`: one scenario's three components of 576 links (under the
    watchdog in the workers) solved on the cluster give the files of a local run."""
    # a long time limit: each component's first slice (1 % of it, at least 2 s) is then far
    # more than it needs even on a loaded machine, so the solves are the same as a local run's
    scen = write_dense_heat(tmp_path / "three", clusters=3, n=24, seed=11, time_limit=600)
    exe = str(Path(sys.executable).parent / "eitflow")
    cluster.wait_for_workers(2)
    cluster.reset_counts()
    # the scheduler named by the file `dask scheduler --scheduler-file` wrote, as on SLURM/PBS
    r = subprocess.run([exe, "run", str(scen), "--out", str(tmp_path / "on_cluster"), "--scheduler",
                        str(cluster.sched_file), "-q"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r2 = subprocess.run([exe, "run", str(scen), "--out", str(tmp_path / "local"), "-q"], capture_output=True,
                        text=True, timeout=300)
    assert r2.returncode == 0, r2.stderr
    assert r.stdout == r2.stdout and r.stdout.startswith("status: optimal")
    a, b = tree_bytes(tmp_path / "on_cluster"), tree_bytes(tmp_path / "local")
    assert sorted(a) == sorted(b)
    for rel in a:
        assert a[rel] == b[rel], rel
    s = json.loads((tmp_path / "on_cluster" / "summary.json").read_text())
    assert s["counts"]["components"] == 3 and s["counts"]["solver_batches"] == 3
    # the three batches ran on the workers, spread over both
    per_worker = cluster.batches()
    assert sum(per_worker.values()) == 3 and len([n for n in per_worker.values() if n]) == 2, per_worker


@pytest.mark.slow
def test_a_sweep_that_lost_every_worker_says_so(cluster, tmp_path, capsys, monkeypatch):
    """Every worker killed and none started again: the sweep waited for one without a word
    (the progress bar still). It now says that the cluster has no worker and that the runs
    wait for one, once, and goes on when workers come back."""
    import eitflow.sweep.cluster as sweep_cluster
    from eitflow.sweep.run import run_sweep

    monkeypatch.setattr(sweep_cluster, "WATCH_S", 0.6, raising=False)
    sweep_file = _sweep_file(tmp_path, "[45, 95, 145]", isolate="never", heat="[1.05]")
    cluster.wait_for_workers(2)
    out = tmp_path / "out"
    box: dict = {}
    th = threading.Thread(target=lambda: box.update(df=run_sweep(sweep_file, out, scheduler=cluster.address,
                                                                  progress=True, window=1)))
    th.start()
    said = ""
    try:
        _wait_for(lambda: len(_finished(out)) >= 1, 300, "a finished run")
        for n in [n for n in cluster.procs if n.startswith("worker")]:
            cluster.kill_worker(int(n[len("worker"):]))
        assert len(_finished(out)) < 6, "the sweep ended before the workers were killed"
        t = time.time() + 120
        while "the cluster has no worker now" not in said and time.time() < t:
            said += capsys.readouterr().err
            time.sleep(0.1)
    finally:
        for _ in range(2):
            cluster.add_worker()
        th.join(300)
    said += capsys.readouterr().err
    assert said.count("the cluster has no worker now: the runs wait until one connects") == 1, said[-3000:]
    df = box["df"]
    assert len(df) == 6 and (df["status"] == "optimal").all(), df[["status", "message"]]


@pytest.mark.slow
def test_a_cluster_that_cannot_start_leaves_no_process(tmp_path, monkeypatch):
    """The test cluster's own clean-up: a worker that cannot start (here its preload is not
    Python) made `RealCluster.start` raise with the scheduler still running, for the rest of
    the machine's life (three were found hours later, each taking 1.5 % of a core)."""
    import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "COUNTER", "this is not python (")
    c = RealCluster(tmp_path, n=1)
    monkeypatch.setattr(c, "wait_for_workers", lambda n, timeout=90: RealCluster.wait_for_workers(c, n, timeout=3))
    from distributed.exceptions import WorkerStartTimeoutError

    with pytest.raises(WorkerStartTimeoutError):
        c.start()
    import psutil  # distributed's own dependency

    left = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"])
            if str(tmp_path) in " ".join(p.info["cmdline"] or [])]
    assert not left, left


def test_a_second_sweep_on_the_cluster_never_takes_the_first_ones_results(cluster, tmp_path):
    """Two sweeps on one cluster sharing runs (the same base and parameters, so the same run ids):
    the first over base `one` with `outputs: full`, the second over `one` and the bundled ZAE
    example (more resources, so more columns in results.csv) with the default tables. The workers
    handed the second sweep the first one's outputs, matched by run id alone: its `one` rows in
    results.csv were the first sweep's, their figures under the wrong columns (heat's under co2's,
    the timings under other resources'), and its runs full directories. (A helper trying sweeps on
    a cluster.) The second sweep on the cluster now equals the same sweep run in-process, byte for
    byte but timings."""
    import shutil

    from eitflow.sweep.run import run_sweep

    write_dense_heat(tmp_path / "one", n=6, isolate="never", time_limit=60)
    shutil.copytree(Path(__file__).resolve().parents[1] / "scenarios" / "zae_example", tmp_path / "zae")
    first = tmp_path / "first.yaml"
    first.write_text("name: first\nbases:\n  one: one/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [50, 100]\n"
                     "outputs: full\n", encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text("name: second\nbases:\n  one: one/scenario.yaml\n  zae: zae/scenario.yaml\n"
                      "grid:\n  carbon_price_eur_per_t: [50, 100]\n", encoding="utf-8")
    run_sweep(first, tmp_path / "out_first", scheduler=cluster.address, progress=False)
    run_sweep(second, tmp_path / "out_second", scheduler=cluster.address, progress=False)
    run_sweep(second, tmp_path / "out_local", n_workers=0, progress=False)
    a, b = (pd.read_csv(tmp_path / d / "results.csv") for d in ("out_second", "out_local"))
    keep = [c for c in b.columns if not c.startswith("seconds_")]
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(a[keep], b[keep])
    _same_as_local(tmp_path / "out_second", tmp_path / "out_local")
