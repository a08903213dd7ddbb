"""`eitflow run` stopped from outside -- SIGKILL, SIGTERM, SIGINT at random moments, with
HiGHS under the watchdog, CBC and `--workers 2` -- leaves no process after 5 s, no
temporary file and no partial run directory; SIGTERM and SIGINT say so and exit with
128 + the signal. Every process eitflow starts carries a tag in its environment, so the
test finds them wherever they were reparented."""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
import zlib
from pathlib import Path

import pytest

from hard_scenarios import write_hard_scenario

CONFIGS = {
    # a 625-link component: HiGHS in the watchdog's child process
    "highs-watchdog": dict(m=25, n=25),
    # CBC run by eitflow (in the watchdog's child: the cbc binary is a grandchild)
    "cbc": dict(m=25, n=25, solver="cbc"),
    # CBC in-process (a small component): the cbc binary is a child of eitflow itself
    "cbc-in-process": dict(m=15, n=15, solver="cbc", isolate="never"),
    # two components on a pool of two workers, HiGHS in the workers
    "workers-2": dict(m=15, n=15, copies=2),
}


def _tagged(tag: str) -> list[int]:
    """Processes whose environment holds EITFLOW_TEST_TAG=tag (this test's eitflow and
    everything it started)."""
    found = []
    needle = f"EITFLOW_TEST_TAG={tag}".encode()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            if needle in (d / "environ").read_bytes().split(b"\0"):
                found.append(int(d.name))
        except OSError:
            continue
    return found


def _alive(pids: list[int]) -> list[str]:
    """Those still running (zombies excluded: they hold nothing), with their command."""
    out = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rsplit(")", 1)[1].split()[0] == "Z":
                continue
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120]
            out.append(f"{pid}: {cmd!r}")
        except OSError:
            continue
    return out


def _start(tmp_path: Path, config: str, extra: list[str] = ()) -> tuple[subprocess.Popen, str, Path, Path]:
    scen = write_hard_scenario(tmp_path / "scen", time_limit_s=60, **CONFIGS[config])
    tag = uuid.uuid4().hex
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    out = tmp_path / "runs" / "out"
    env = {**os.environ, "EITFLOW_TEST_TAG": tag, "TMPDIR": str(scratch)}
    args = [sys.executable, "-c", "from eitflow.cli import main; main()", "run", str(scen), "--out", str(out),
            "-q"]
    if config == "workers-2":
        args += ["--workers", "2"]
    proc = subprocess.Popen(args + list(extra), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc, tag, scratch, out


def _python_tempdir_probe(p: Path) -> bool:
    """Python's own probe of TMPDIR (`tempfile._get_default_tempdir`, on the first
    `gettempdir()`): a file of 8 random characters holding nothing or b'blat', created and
    unlinked a microsecond later. A SIGKILL in between leaves it (seen once in CI); no program
    can clean up after SIGKILL, and it is not eitflow's file."""
    return (p.is_file() and re.fullmatch(r"[a-z0-9_]{8}", p.name) is not None
            and p.read_bytes() in (b"", b"blat"))


def _check_nothing_left(tag: str, scratch: Path, out: Path, sig: int | None = None) -> None:
    t0 = time.time()
    while time.time() - t0 < 5.0 and _alive(_tagged(tag)):
        time.sleep(0.1)
    assert _alive(_tagged(tag)) == [], "processes left 5 s after the signal"
    left = [p for p in scratch.iterdir() if not (sig == signal.SIGKILL and _python_tempdir_probe(p))]
    assert left == [], "temporary files left"
    siblings = sorted(p.name for p in out.parent.iterdir()) if out.parent.exists() else []
    assert siblings in ([], ["out"]), f"partial or temporary run files: {siblings}"
    if out.exists():  # the signal came after the commit: the run is whole
        assert (out / "summary.json").exists()


def _kill_at_random(tmp_path, config: str, sig: int, seed: int) -> None:
    rng = random.Random(seed)
    proc, tag, scratch, out = _start(tmp_path, config)
    # a random moment: during start-up, reading, building or solving
    time.sleep(rng.uniform(0.5, 4.0))
    assert proc.poll() is None, proc.communicate()
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=20)
    if sig != signal.SIGKILL:
        assert proc.returncode == 128 + sig, err
        assert f"stopped by {signal.Signals(sig).name}" in err.decode(), err
        assert b"Traceback" not in err
    _check_nothing_left(tag, scratch, out, sig)


# the default suite: one signal per kind of child, at a random moment each
@pytest.mark.parametrize("config,sig", [("highs-watchdog", signal.SIGKILL), ("cbc", signal.SIGTERM),
                                        ("workers-2", signal.SIGINT)])
@pytest.mark.slow
def test_a_stopped_run_leaves_nothing(tmp_path, config, sig):
    _kill_at_random(tmp_path, config, sig, seed=zlib.crc32(f"{config}{sig}".encode()))


@pytest.mark.slow
@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_every_signal_at_random_moments_leaves_nothing(tmp_path, config, sig):
    # one random moment per (child kind, signal): 12 runs of about 4 s each keep the suite
    # near its 5-minute budget; the seed differs from the default test's
    _kill_at_random(tmp_path, config, sig, seed=zlib.crc32(f"every-{config}{sig}".encode()))


def _cbc_binaries(tag: str) -> list[int]:
    """The cbc binaries among the tagged processes (by the program's own name: the scenario's
    path, in every command line, holds this test's name)."""
    found = []
    for pid in _tagged(tag):
        try:
            prog = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if Path(prog.decode(errors="replace")).name.startswith("cbc"):
            found.append(pid)
    return found


def test_cbc_is_killed_at_the_deadline(tmp_path):
    """The cbc binary never outlives the time limit (it used to run on for ~40 s after a
    time-limit exit, and to survive eitflow's death): with a 2 s limit the binary lives at most
    the limit + 2 s, the run ends soon after it, and no cbc is left behind. Timed from the
    binary's first sight, not from the command's start: the start-up (imports, reading,
    candidates) took more than 4 s on a loaded machine and failed the test for nothing."""
    proc, tag, scratch, out = _start(tmp_path, "cbc", ["--time-limit", "2"])
    first = last = None
    while proc.poll() is None:
        if _cbc_binaries(tag):
            last = time.time()
            first = first or last
        time.sleep(0.05)
    ended = time.time()
    proc.communicate(timeout=30)   # its status (a plan or none within 2 s) is not what is tested here
    assert first is not None, "no cbc binary was seen: the test no longer tests cbc"
    assert last - first <= 2 + 2, f"cbc lived {last - first:.1f} s with a 2 s limit"
    assert ended - last <= 4, f"the run went on {ended - last:.1f} s after cbc ended"
    _check_nothing_left(tag, scratch, out)


_REGISTERING = r"""
import os, signal, sys, time
from eitflow import procs
procs.install_signal_handlers(lambda s: "stopped")
target = sys.argv[1]
with (procs.registering() if sys.argv[2] == "block" else open(os.devnull)):
    open(target, "w").close()           # created ...
    os.kill(os.getpid(), signal.SIGTERM)  # ... a SIGTERM arrives before it is registered
    time.sleep(1.0)                       # the signal thread has all the time it needs
    procs.track_path(target)
time.sleep(5.0)
print("not stopped")
"""


@pytest.mark.parametrize("guarded", [True, False])
def test_a_signal_between_creating_and_registering_a_path_leaves_nothing(tmp_path, guarded):
    """The lock file, the staging directory and scratch directories are created and then
    registered; a SIGTERM in between used to leave the file behind (a rare flake of the
    kill tests: `.out.eitflow-lock`). Inside `procs.registering` the stop waits for the
    registration, then removes the file. Unguarded, the same sequence leaves it: the test
    shows the window is real."""
    target = tmp_path / ".out.eitflow-lock"
    proc = subprocess.run([sys.executable, "-c", _REGISTERING, str(target), "block" if guarded else "none"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert "not stopped" not in proc.stdout
    assert target.exists() is (not guarded)
