"""Every writer that replaces a file goes through one temporary file beside it (`io.atomic`):
a write that fails -- in the middle (a full disk, a library raising, Chromium hanging), when its
bytes are flushed to the disk, or at the rename -- leaves the old file byte for byte and no
temporary file behind.

Before, report.html, brief.html, results.xlsx (and its resilience sheet), eitflow.gpkg and the
PDFs were written to a fixed `.NAME.tmp` never removed on error (a `.report.html.tmp` or a
`.brief.pdf.tmp` left in the run directory after each failed report); the figures, pareto's
plots and the analyses' `--csv` tables were written in place (half a map.png, half a table
after a full disk, the old one gone); and none but the importer's and the sweep's files was
flushed to the disk before its rename (a full disk found only at the flush left an empty file
where the old one was).
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_scenario
from eitflow.cli.main import main as group

OLD = b"the old file, which must survive\n"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """A run directory of the tests' small scenario, with results.xlsx."""
    root = tmp_path_factory.mktemp("atomic")
    scen = write_scenario(root / "scen")
    out = root / "run"
    r = CliRunner().invoke(group, ["run", str(scen), "--out", str(out), "-q", "--excel"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def result(run):
    from eitflow.io.read import read_scenario
    from eitflow.pipeline import optimise

    return optimise(read_scenario(run.parent / "scen" / "scenario.yaml"))


def _fake_chromium(tmp_path: Path, body: str) -> str:
    """A stand-in for Chromium: a script that runs `body` with $OUT the --print-to-pdf path."""
    exe = tmp_path / "fake-chromium"
    exe.write_text("#!/bin/sh\nfor a in \"$@\"; do case $a in --print-to-pdf=*) OUT=${a#--print-to-pdf=};; esac; "
                   f"done\n{body}\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe)


def _half(path, *_a, **_k):
    """A library writing half its file, then the disk is full."""
    with open(path, "wb") as fh:
        fh.write(b"half a fi")
    raise OSError(errno.ENOSPC, "No space left on device")


# each writer: (name of the file it writes, how it writes it, how it fails in the middle)
def _report(ctx, path):
    from eitflow.report.html import write_report

    write_report(ctx["run"], path, "en")


def _report_mid(ctx, mp):
    import eitflow.report.html as html

    mp.setattr(html, "render_html", lambda data, lang: "<!DOCTYPE html>\n<p>un caractère \ud800 impossible")


def _brief(ctx, path):
    from eitflow.report.brief import write_brief

    write_brief(ctx["run"], path, "fr")


def _workbook(ctx, path):
    from eitflow.report.workbook import write_results_workbook

    write_results_workbook(ctx["result"], path, "fr")


def _xlsx_mid(ctx, mp):
    from openpyxl.workbook.workbook import Workbook

    mp.setattr(Workbook, "save", lambda self, filename: _half(filename))


def _resilience_sheet(ctx, path):
    from eitflow.report.resilience import add_resilience_sheet

    assert add_resilience_sheet(path, ctx["run"], "fr")


def _gpkg(ctx, path):
    from eitflow.report.geopackage import write_geopackage

    write_geopackage(ctx["run"], path)


def _gpkg_mid(ctx, mp):
    import pyogrio.raw

    mp.setattr(pyogrio.raw, "write", _half)


def _pdf(ctx, path):
    from eitflow.report.pdf import html_to_pdf

    html_to_pdf(ctx["run"] / "report.html", path, timeout_s=3)


def _pdf_ok(ctx, mp):
    mp.setenv("EITFLOW_CHROMIUM", _fake_chromium(ctx["tmp"], 'printf "%%PDF-1.4 new" > "$OUT"'))


def _pdf_mid(ctx, mp):   # Chromium printed half the PDF, then hung: stopped at the time limit
    mp.setenv("EITFLOW_CHROMIUM", _fake_chromium(ctx["tmp"], 'printf "%%PDF-1.4 ha" > "$OUT"; exec sleep 30'))


def _map(ctx, path):
    from eitflow.report.figures import write_figures

    write_figures(ctx["run"], "png", path.parent, "fr")


def _savefig_mid(ctx, mp):
    from matplotlib.figure import Figure

    mp.setattr(Figure, "savefig", lambda self, fname, **kw: _half(fname))


def _plot(ctx, path):   # pareto.png and pareto.svg (and a sweep's plots), as `write_pareto` saves them
    from matplotlib.figure import Figure

    from eitflow.report.plots import _save

    fig = Figure(figsize=(2, 2))
    fig.add_subplot(1, 1, 1).plot([0, 1], [1, 0])
    _save(fig, path.parent, "pareto")


def _table(ctx, path):   # every analysis's --csv, and RUN_DIR/resilience.csv
    import pandas as pd

    from eitflow.results.spreadsheet import write_table

    write_table(pd.DataFrame({"site_id": ["=A"], "x_eur": [1.5]}), path)


def _table_mid(ctx, mp):
    import pandas as pd

    mp.setattr(pd.DataFrame, "to_csv", lambda self, path, **kw: _half(path))


def _store(ctx, path):   # a sweep's results.csv, sweep.json
    from eitflow.sweep.store import Store

    Store(path.parent).put(path.name, b"base,run\nzae,1\n")


def _text(ctx, path):   # the national importer's tables and scenario.yaml
    from eitflow.importers import national

    national.write_text(path, "site_id;nom\nA;été\n")


def _bench_json(ctx, path):
    from eitflow.bench.harness import write_json_atomic

    write_json_atomic(path, {"suite": "tiny", "median_s": 1.0}, force=True)


WRITERS = {
    "report.html": ("report.html", _report, _report_mid, None),
    "brief.html": ("brief.html", _brief, None, None),
    "results.xlsx": ("results.xlsx", _workbook, _xlsx_mid, None),
    "resilience sheet": ("results.xlsx", _resilience_sheet, _xlsx_mid, None),
    "eitflow.gpkg": ("eitflow.gpkg", _gpkg, _gpkg_mid, None),
    "brief.pdf": ("brief.pdf", _pdf, _pdf_mid, _pdf_ok),
    "map.png": ("map.png", _map, _savefig_mid, None),
    "pareto.png": ("pareto.png", _plot, _savefig_mid, None),
    "--csv table": ("table.csv", _table, _table_mid, None),
    "sweep file": ("results.csv", _store, None, None),
    "importer's table": ("sites.csv", _text, None, None),
    "bench result": ("result.json", _bench_json, None, None),
}


def _raise(err: int, words: str):
    def fail(*_a, **_k):
        raise OSError(err, words)
    return fail


def _fail_rename(ctx, mp):
    mp.setattr(os, "replace", _raise(errno.EXDEV, "Invalid cross-device link"))


def _fail_flush(ctx, mp):
    mp.setattr(os, "fsync", _raise(errno.ENOSPC, "No space left on device"))


def _old_file(run: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The directory tmp_path/out holding the old file `name`'s writer replaces, and that file."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / WRITERS[name][0]
    if name == "resilience sheet":   # the sheet is added to the run's workbook: the old file is that one
        shutil.copy(run / "results.xlsx", target)
        (run / "resilience.csv").write_text("site_id,net_benefit_lost_eur_per_yr,stranded_investment_eur\n"
                                            "E,40000,2000000\n", encoding="utf-8")
    else:
        target.write_bytes(OLD)
    return out, target


def _listing(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


# in the middle where a library writes the file (the bytes in hand are written in one call)
CASES = [pytest.param(n, m, id=f"{n}-{m}") for n in WRITERS for m in ("mid", "flush", "rename")
         if m != "mid" or WRITERS[n][2] is not None]


@pytest.mark.parametrize(("name", "mode"), CASES)
@pytest.mark.slow
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(run, result, tmp_path, monkeypatch, name, mode):
    _file, write, mid, ok = WRITERS[name]
    ctx = {"run": run, "result": result, "tmp": tmp_path}
    out, target = _old_file(run, tmp_path, name)
    before = _listing(out)
    if ok is not None:
        ok(ctx, monkeypatch)
    {"mid": mid, "flush": _fail_flush, "rename": _fail_rename}[mode](ctx, monkeypatch)
    try:
        with pytest.raises((OSError, RuntimeError, UnicodeError)):
            write(ctx, target)
    finally:
        monkeypatch.undo()
        (run / "resilience.csv").unlink(missing_ok=True)
    assert _listing(out) == before   # the old file byte for byte, nothing beside it


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_write_that_succeeds_replaces_the_file_and_leaves_nothing_else(run, result, tmp_path, monkeypatch, name):
    _file, write, _mid, ok = WRITERS[name]
    ctx = {"run": run, "result": result, "tmp": tmp_path}
    out, target = _old_file(run, tmp_path, name)
    if ok is not None:
        ok(ctx, monkeypatch)
    old = os.umask(0o022)
    try:
        write(ctx, target)
    finally:
        os.umask(old)
        (run / "resilience.csv").unlink(missing_ok=True)
    assert target.read_bytes() != OLD
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]   # no temporary file left
    assert target.stat().st_mode & 0o777 == 0o644   # the usual permissions, not a temporary file's 0600


def test_an_analysis_table_cut_by_a_full_disk_leaves_the_old_table(scenario_path, tmp_path, monkeypatch):
    """`eitflow zones SCEN --csv zones.csv` over the zones.csv of its last run: the disk full in
    the middle of the table left half a table where the old one was (pandas wrote in place)."""
    import pandas as pd

    out = tmp_path / "z.csv"
    r = CliRunner().invoke(group, ["zones", str(scenario_path), "--csv", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    before = _listing(tmp_path)
    monkeypatch.setattr(pd.DataFrame, "to_csv", lambda self, path, **kw: _half(path))
    for lang, words in (("fr", "impossible d'écrire"), ("en", "cannot write")):
        r = CliRunner().invoke(group, ["zones", str(scenario_path), "--csv", str(out), "--lang", lang])
        assert r.exit_code == 2, r.output   # as any --csv that cannot be written
        assert words in r.output and str(out) in r.output and "Traceback" not in r.output, r.output
        assert _listing(tmp_path) == before


def test_a_symbolic_link_stays_a_link_and_its_file_is_written(tmp_path):
    """A --csv written through a link (~/Bureau/front.csv -> the team's folder) replaced the
    link by a file when renamed into place; pandas, writing in place, wrote the team's file."""
    import pandas as pd

    from eitflow.results.spreadsheet import write_table

    shared = tmp_path / "equipe"
    shared.mkdir()
    (shared / "front.csv").write_bytes(OLD)
    desk = tmp_path / "bureau"
    desk.mkdir()
    (desk / "front.csv").symlink_to(shared / "front.csv")
    write_table(pd.DataFrame({"point": [0], "net_benefit_eur_per_yr": [12.5]}), desk / "front.csv")
    assert (desk / "front.csv").is_symlink()
    assert (shared / "front.csv").read_text(encoding="utf-8") == "point,net_benefit_eur_per_yr\n0,12.5\n"
    assert sorted(p.name for p in shared.iterdir()) == ["front.csv"]
