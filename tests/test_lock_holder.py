"""A run directory's lock names who holds it: the lock file records the process, the command and
since when (`results.target.lock_record`), and a command refused says them ("... is being written
by 'eitflow report' (process 4242, since 2026-12-06 22:45:38 UTC)"; in French "par « eitflow
report » (processus 4242, depuis le 06/12/2026 à 22:45:38 UTC)"). Before, the file held the
process id alone and every refusal read "another eitflow run", whichever command held it.

The times are checked against the clock read around the lock's taking (UTC, to the second), the
process against `os.getpid()`: this process takes the lock, as another command would."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from eitflow.results.target import RunBusyError, RunLock, run_dir_lock
from resil_gain_case import cli as _cli
from resil_gain_case import two_suppliers


def _stamps(t0: float, t1: float, fmt: str) -> set[str]:
    """Every second from t0 to t1 (UTC) written with `fmt`: the lock was taken within them."""
    return {time.strftime(fmt, time.gmtime(s)) for s in range(int(t0), int(t1) + 1)}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("lock")
    two_suppliers(root)
    out = root / "run"
    _cli("run", root / "scenario.yaml", "--out", out, "-q")
    return root / "scenario.yaml", out


def test_the_lock_file_records_its_holder_and_since_when(tmp_path):
    t0 = time.time()
    with RunLock(tmp_path / "out", holder="eitflow resilience") as lock:
        t1 = time.time()
        pid, holder, since = lock.path.read_text(encoding="ascii").splitlines()
        assert (pid, holder) == (str(os.getpid()), "eitflow resilience")
        assert since in _stamps(t0, t1, "%Y-%m-%dT%H:%M:%SZ")
        with pytest.raises(RunBusyError) as exc:
            RunLock(tmp_path / "out").acquire()
    said = str(exc.value)
    assert f"is being written by 'eitflow resilience' (process {os.getpid()}, since " in said
    assert any(f"since {s})" in said for s in _stamps(t0, t1, "%Y-%m-%d %H:%M:%S UTC"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_held_run_directory_names_the_command_holding_it(run, lang):
    """`eitflow report RUN` holds RUN: `resilience --out RUN` is refused (exit 2) naming the
    report, its process and since when, in the command's language; nothing is written."""
    scenario, out = run
    t0 = time.time()
    with run_dir_lock(out, ("RUN_DIR", "--force"), "eitflow report"):
        t1 = time.time()
        said = _cli("resilience", scenario, "--out", out, "--lang", lang, code=2).output
    if lang == "en":
        assert f"is being written by 'eitflow report' (process {os.getpid()}, since " in said
        assert any(f"since {s})" in said for s in _stamps(t0, t1, "%Y-%m-%d %H:%M:%S UTC"))
    else:
        assert f"est en cours d'écriture par « eitflow report » (processus {os.getpid()}, depuis le " in said
        assert any(f"depuis le {s})" in said for s in _stamps(t0, t1, "%d/%m/%Y à %H:%M:%S UTC"))
    assert "another eitflow run" not in said and "autre calcul eitflow" not in said
    assert not (out / "resilience.csv").exists()


def test_a_lock_file_of_an_older_eitflow_says_its_process(tmp_path):
    """A lock file with the process id alone (written before it recorded its holder) still
    names the process; the holder unknown, "another eitflow run" as before."""
    with RunLock(tmp_path / "out") as lock:
        lock.path.write_text("4242\n", encoding="ascii")   # flock is advisory: the text can change under it
        with pytest.raises(RunBusyError, match=r"being written by another eitflow run \(process 4242\)"):
            RunLock(tmp_path / "out").acquire()
