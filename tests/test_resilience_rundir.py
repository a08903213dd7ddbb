"""`eitflow resilience SCEN --out RUN` and `eitflow report RUN` in a run directory another eitflow
process holds: both take the lock `eitflow run` holds while it writes (`.NAME.eitflow-lock` beside
the run, `results.target.run_dir_lock`), so the second is refused at once, exit 2, naming the
other process, and nothing is written. Before, neither took it: two at once (or one beside a
report) could interleave, a report reading a half-written resilience.csv.

The scenario is test_resilience_deliverables.py's (two suppliers, two demands; its losses by
hand there)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main as group
from test_resilience_deliverables import FLOWS, LINKS, SCENARIO, SITES


def _cli(*args, code: int = 0):
    r = CliRunner().invoke(group, [str(a) for a in args])
    assert r.exit_code == code, r.output
    return r


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("two")
    for name, text in (("scenario.yaml", SCENARIO), ("sites.csv", SITES), ("flows.csv", FLOWS), ("links.csv", LINKS)):
        (root / name).write_text(text, encoding="utf-8")
    return root / "scenario.yaml"


def _files(run: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(run.iterdir()) if p.is_file()}


def test_a_held_run_directory_refuses_resilience_and_report(scenario, tmp_path):
    """Another process (here this one, through `RunLock`, as `eitflow run` takes it) holds RUN:
    `resilience --out RUN` and `report RUN` are refused before any solve or write, saying who
    holds it; the run directory is byte for byte as it was. Released, both go through."""
    from eitflow.results.target import RunLock

    run = tmp_path / "run"
    _cli("run", scenario, "--out", run, "--excel", "-q", "--report")
    before = _files(run)
    with RunLock(run):
        r = _cli("resilience", scenario, "--out", run, code=2)
        assert f"is being written by another eitflow run (process {os.getpid()})" in r.output
        r = _cli("report", run, code=2)
        assert f"is being written by another eitflow run (process {os.getpid()})" in r.output
        assert _files(run) == before
        assert not (run / "resilience.csv").exists()
        assert not [p for p in run.parent.iterdir() if p.name.startswith(".run.") and "tmp" in p.name]
    _cli("resilience", scenario, "--out", run)
    _cli("report", run)
    assert (run / "resilience.csv").is_file()
    assert not (tmp_path / ".run.eitflow-lock").exists()   # released, removed


def test_resilience_out_dot_locks_the_run_itself(scenario, tmp_path, monkeypatch):
    """`--out .` from inside the run directory locks the run (its real name), not a file named
    `..eitflow-lock` beside it."""
    from eitflow.results.target import RunLock

    run = tmp_path / "run"
    _cli("run", scenario, "--out", run, "-q")
    monkeypatch.chdir(run)
    with RunLock(run):
        r = _cli("resilience", scenario, "--out", ".", code=2)
        assert "is being written by another eitflow run" in r.output
    assert not (run / "resilience.csv").exists()


def test_a_failed_write_leaves_the_old_table_and_no_temporary_file(tmp_path, monkeypatch):
    """resilience.csv is written to a file of its own beside it and renamed into place: a write
    that fails half way (a full disk) leaves the old file whole and nothing else; a good one is
    readable as the run's other files are (0644 under umask 022, not mkstemp's 0600)."""
    import pandas as pd

    from eitflow.analyses import resilfile

    path = tmp_path / "resilience.csv"
    path.write_text("site_id,net_benefit_lost_eur_per_yr,stranded_investment_eur\nE,40000,2000000\n")
    before = path.read_bytes()

    def full(self, tmp, **kw):
        Path(tmp).write_text("site_id,net_ben")   # half a line, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OSError):
        resilfile.write_table(pd.DataFrame({"site_id": ["D"]}), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resilience.csv"]
    monkeypatch.undo()
    old = os.umask(0o022)
    try:
        resilfile.write_table(pd.DataFrame({"site_id": ["D"], "x_eur": [1.0]}), path)
    finally:
        os.umask(old)
    assert path.read_text() == "site_id,x_eur\nD,1\n"
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_report_of_a_run_in_a_read_only_directory_is_still_written(scenario, tmp_path):
    """Where no lock file can be made beside RUN (its parent read-only, as a colleague's shared
    runs), no eitflow writer can be there either: `report RUN --out elsewhere` goes on unlocked."""
    run = tmp_path / "ro" / "run"
    _cli("run", scenario, "--out", run, "-q")
    (tmp_path / "ro").chmod(0o555)
    try:
        if os.access(tmp_path / "ro", os.W_OK):
            pytest.skip("root writes anywhere")
        _cli("report", run, "--out", tmp_path / "r.html")
        assert (tmp_path / "r.html").is_file()
    finally:
        (tmp_path / "ro").chmod(0o755)
