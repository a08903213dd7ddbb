"""A real Dask cluster for the tests: `dask scheduler` and `dask worker` processes on 127.0.0.1,
started as a user would (subprocesses, each worker with its nanny, so the worker process is
daemonic), each worker in its own working directory with no shared output directory.

Every worker loads `solve_counter.py` (--preload), which appends to solved.log in the worker's
own directory: "solve <id>" each time the worker process enters `eitflow.sweep.task.solve_run`
for a run (what a test counts: a run solved twice is two such lines), and, from a worker
plugin, the transitions of the sweep's chunk tasks (a task `eitflow-runs-<id>.<id>...` solves
those runs: "start <id>" for each when it goes to "executing", "done <id>" when its results
are in memory) and one line per batch of `eitflow run --scheduler` ("batch <key>"), each with
the time, so a failed count says where and when (`story`). A chunk's "start" is not a solve:
Dask moves a task to "executing" before its function is called, and a chunk whose client died
at that moment loses its base scenario (a dependency the scheduler releases with the client)
and fails before `solve_run` is entered. Each process runs in its own process group;
`kill_worker` ends one as a lost machine would (SIGKILL to the group).
"""
from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DASK = str(Path(sys.executable).parent / "dask")

COUNTER = '''
import os
import time
from distributed.diagnostics.plugin import WorkerPlugin

LOG = os.path.join(os.getcwd(), "solved.log")


class SolveCounter(WorkerPlugin):
    def transition(self, key, start, finish, **kwargs):
        if isinstance(key, str) and key.startswith("_solve_batch") and finish == "executing":
            with open(LOG, "a") as fh:
                fh.write(f"batch {key}\\n")
        if not (isinstance(key, str) and key.startswith("eitflow-runs-")):
            return
        rids = key[len("eitflow-runs-"):].split(".")  # a task solves these runs, one after the other
        if finish == "executing":
            what = "start"
        elif start == "executing" and finish == "memory":
            what = "done"
        else:
            return
        with open(LOG, "a") as fh:  # when, and the transition: what a failed count is read with
            fh.write("".join(f"{what} {rid} {time.time():.3f} {start}->{finish}\\n" for rid in rids))


def _count_solves():
    import eitflow.sweep.task as task

    solve_run = task.solve_run

    def counted(base, params, rid, *args, **kwargs):
        with open(LOG, "a") as fh:
            fh.write(f"solve {rid} {time.time():.3f} solve_run\\n")
        return solve_run(base, params, rid, *args, **kwargs)

    task.solve_run = counted  # remembered_run looks the name up in its module at each call


async def dask_setup(worker):
    _count_solves()
    await worker.plugin_add(SolveCounter(), name="eitflow-solve-counter")
'''


class RealCluster:
    """A scheduler and `n` workers (1 process, 1 thread each) under `root`."""

    def __init__(self, root: Path, n: int = 2):
        self.root = root
        self.n = n
        self.procs: dict[str, subprocess.Popen] = {}
        self.address = ""
        self.counter = root / "solve_counter.py"
        self.sched_file = root / "scheduler" / "scheduler.json"
        self.next_worker = 0

    def _spawn(self, name: str, argv: list[str], cwd: Path) -> None:
        cwd.mkdir(parents=True, exist_ok=True)
        log = open(cwd / f"{name}.log", "ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.procs[name] = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                            start_new_session=True)
        log.close()

    def start(self) -> RealCluster:
        """The scheduler and the workers, started; on any failure every process started so far
        is stopped (a worker that cannot start left its scheduler running after the tests)."""
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> RealCluster:
        self.counter.write_text(COUNTER, encoding="utf-8")
        self._spawn("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--no-show", "--scheduler-file", str(self.sched_file)], self.root / "scheduler")
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.sched_file.exists():
                try:
                    self.address = json.loads(self.sched_file.read_text())["address"]
                    break
                except (ValueError, KeyError):
                    pass
            if self.procs["scheduler"].poll() is not None:
                raise RuntimeError("the dask scheduler exited: " + (self.root / "scheduler" / "scheduler.log").read_text())
            time.sleep(0.2)
        else:
            raise RuntimeError("the dask scheduler did not start within 60 s")
        for _ in range(self.n):
            self.add_worker()
        self.wait_for_workers(self.n)
        return self

    def worker_dir(self, i: int) -> Path:
        return self.root / f"worker{i}"

    def add_worker(self) -> int:
        i = self.next_worker
        self.next_worker += 1
        d = self.worker_dir(i)
        self._spawn(f"worker{i}", [DASK, "worker", self.address, "--nworkers", "1", "--nthreads", "1",
                                   "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}",
                                   "--local-directory", str(d / "dask-scratch"), "--preload", str(self.counter),
                                   "--death-timeout", "30"], d)
        return i

    def workers_alive(self) -> int:
        from distributed import Client

        with Client(self.address, timeout=30) as c:
            return len(c.scheduler_info(n_workers=-1)["workers"])

    def wait_for_workers(self, n: int, timeout: float = 90) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as c:
            c.wait_for_workers(n, timeout=timeout)

    def kill_worker(self, i: int) -> None:
        """SIGKILL to the worker's process group (nanny and worker), as a lost machine."""
        p = self.procs.pop(f"worker{i}")
        os.killpg(p.pid, signal.SIGKILL)
        p.wait(10)

    def solved(self, workers: list[int] | None = None) -> tuple[collections.Counter, collections.Counter]:
        """(solves, completions) per run id, over every worker's log (or those of `workers`):
        how many times a worker process entered `solve_run` for the run, and how many of its
        chunk tasks ended with their results in memory."""
        solves, done = collections.Counter(), collections.Counter()
        logs = ([self.worker_dir(i) / "solved.log" for i in workers] if workers is not None
                else self.root.glob("worker*/solved.log"))
        for log in (p for p in logs if p.exists()):
            for line in log.read_text().splitlines():
                what, rid = line.split()[:2]
                if what in ("solve", "done"):
                    (solves if what == "solve" else done)[rid] += 1
        return solves, done

    def story(self, rids: set[str], since: float) -> str:
        """The log lines of `rids` on every worker, oldest first, their times in seconds after
        `since` (time.time()): what an assertion on the counts says when it fails."""
        rows = []
        for log in self.root.glob("worker*/solved.log"):
            for line in log.read_text().splitlines():
                f = line.split()
                if len(f) >= 4 and f[1] in rids:
                    rows.append((float(f[2]), f"{float(f[2]) - since:+8.3f} s  {log.parent.name}  {f[0]} {f[1]} {f[3]}"))
        return "\n".join(r for _, r in sorted(rows))

    def batches(self) -> dict[str, int]:
        """Batches of `eitflow run --scheduler` each worker solved (worker directory -> count)."""
        return {log.parent.name: sum(1 for x in log.read_text().splitlines() if x.startswith("batch "))
                for log in self.root.glob("worker*/solved.log")}

    def reset_counts(self) -> None:
        for log in self.root.glob("worker*/solved.log"):
            log.unlink()

    def stop(self) -> None:
        for name, p in list(self.procs.items()):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for name, p in list(self.procs.items()):
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(5)
        self.procs.clear()


def write_dense_heat(root: Path, clusters: int = 1, n: int = 24, seed: int = 3, time_limit: float = 30,
                     gap: float = 0.01, workers: int = 1, isolate: str = "auto") -> Path:
    """A scenario of `clusters` dense heat clusters 50 km apart, each with `n` supplies and `n`
    demands within about 4 km of each other: n x n candidate links in one component each
    (24 -> 576 links: over the 500 links from which a component is solved under the watchdog).
    Each demand has a supply of about its size 100-300 m away, so the optimum is found at
    HiGHS's root in well under a second: the runs are the same on any machine under any load
    (a component that needs its time slices would not be). `isolate: never` keeps the solves
    in the worker (no watchdog child: a fast sweep for the tests that kill processes)."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    sites, flows = ["site_id,name,lat,lon"], ["site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit"]
    for c in range(clusters):
        lat = 50.30 - 0.45 * c + rng.uniform(-0.015, 0.015, n)
        lon = 3.95 + rng.uniform(-0.025, 0.025, n)
        d_lat, d_lon = lat + rng.uniform(0.001, 0.002, n), lon + rng.uniform(0.001, 0.002, n)
        amount = rng.uniform(20, 60, n)
        for i in range(n):
            sites.append(f"C{c}S{i:02d},Source {c}-{i},{lat[i]:.5f},{lon[i]:.5f}")
            sites.append(f"C{c}D{i:02d},Network {c}-{i},{d_lat[i]:.5f},{d_lon[i]:.5f}")
            flows.append(f"C{c}S{i:02d},supply,heat,{amount[i]:.1f},GWh/yr,{rng.integers(110, 200)},0")
            flows.append(f"C{c}D{i:02d},demand,heat,{amount[i] * rng.uniform(0.9, 1.0):.1f},GWh/yr,"
                         f"{rng.integers(60, 95)},{rng.uniform(35, 60):.2f}")
    (root / "sites.csv").write_text("\n".join(sites) + "\n", encoding="utf-8")
    (root / "flows.csv").write_text("\n".join(flows) + "\n", encoding="utf-8")
    (root / "scenario.yaml").write_text(
        f"name: dense heat\nsites: sites.csv\nflows: flows.csv\ncarbon_price_eur_per_t: 100\n"
        f"solver:\n  time_limit_s: {time_limit}\n  mip_gap: {gap}\n  workers: {workers}\n  isolate: {isolate}\n",
        encoding="utf-8")
    return root / "scenario.yaml"


def tree_bytes(root: Path, skip_timings: bool = True) -> dict[str, bytes]:
    """Every file under a sweep directory, by relative path, with what legitimately differs
    between two runs of the same sweep taken out: the `seconds_*` columns of the tables, the
    timings_s block of summary.json, the lock file, and the Parquet files (compared as frames
    by the caller)."""
    import csv
    import io

    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if not p.is_file() or rel == ".lock" or rel.endswith(".parquet") or rel.startswith(("report.", "sweep.")):
            continue
        data = p.read_bytes()
        if skip_timings and rel.endswith(".csv") and b"seconds_" in data.split(b"\n", 1)[0]:
            rows = list(csv.reader(io.StringIO(data.decode())))
            keep = [k for k, c in enumerate(rows[0]) if not c.startswith("seconds_")]
            data = "\n".join(",".join(r[k] for k in keep) for r in rows).encode()
        if skip_timings and rel.endswith("summary.json"):
            s = json.loads(data)
            s.pop("timings_s", None)
            data = json.dumps(s, sort_keys=True).encode()
        out[rel] = data
    return out
