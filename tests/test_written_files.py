"""The files eitflow writes: each listed once by its full path, eitflow.gpkg marked as eitflow's
(the GeoPackage way, still a GeoPackage), the files an eitflow before the marks wrote known
again (and a user's never), the PDFs' mark set by pypdf (poppler reads them as before).

Before: `eitflow report RUN --out ~/x/zae.html --pdf` wrote brief.html and report.html beside
zae.html and did not say so; eitflow.gpkg carried no mark, so `report --gpkg` replaced a user's
eitflow.gpkg without a word; a run directory's brief.pdf, map.png or eitflow.gpkg of an eitflow
before 2026-12-07 was refused as "not written by eitflow"; the PDFs' hand-written update left a
PDF ending in a cross-reference stream unmarked.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_scenario, written_run
from eitflow.cli.main import main as group

HOUR_S = 3600.0


def _invoke(args: list[str]):
    return CliRunner().invoke(group, args)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return written_run(tmp_path_factory.mktemp("written"))


def _fresh_run(run_dir: Path, tmp_path: Path) -> Path:
    """A copy of the module's run, for a test that writes into it (files' times as eitflow left them)."""
    out = tmp_path / "run"
    shutil.copytree(run_dir, out)
    return out


def _state(*dirs: Path) -> dict[Path, tuple[int, int]]:
    """Every file under `dirs`: (size, modification time in ns)."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for d in dirs for p in d.rglob("*") if p.is_file()}


def _needs_chromium() -> None:
    from eitflow.report.pdf import ChromiumNotFound, find_chromium

    try:
        find_chromium()
    except ChromiumNotFound:   # pragma: no cover - the test machine has it
        pytest.skip("no Chromium")


# 1. every file a command writes, listed once by its full path ----------------------------------


def test_report_lists_every_file_it_writes_once_by_its_full_path(run_dir, tmp_path, monkeypatch):
    """`report RUN --out bureau/zae.html --pdf --gpkg --figures svg`, run from another directory
    with relative paths: the lines said are exactly the files that appeared or changed on the
    disk (found by comparing the two directories before and after), each once, from the root."""
    _needs_chromium()
    run = _fresh_run(run_dir, tmp_path)
    desk = tmp_path / "bureau"
    desk.mkdir()
    monkeypatch.chdir(tmp_path)
    before = _state(run, desk)
    time.sleep(0.01)
    r = _invoke(["report", "run", "--out", "bureau/zae.html", "--pdf", "--gpkg", "--figures", "svg", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    after = _state(run, desk)
    changed = {p for p in after if before.get(p) != after[p] and not p.name.endswith(".eitflow-lock")}
    said = [line[len("écrit "):] for line in r.output.splitlines() if line.startswith("écrit ")]
    assert len(said) == len(set(said)), r.output              # once each
    assert all(os.path.isabs(p) for p in said), r.output       # from the root
    assert {Path(p) for p in said} == changed, (r.output, sorted(changed))
    # brief.html and report.html beside --out: the ones not said before
    assert {"brief.html", "report.html", "brief.pdf", "report.pdf", "eitflow.gpkg"} <= {Path(p).name for p in said}


def test_pareto_says_its_files_by_their_full_path(tmp_path, monkeypatch):
    """pareto's default directory ./pareto-NAME was said relative to the current directory."""
    scen = write_scenario(tmp_path / "zae_nord")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    r = _invoke(["pareto", str(scen), "--points", "2", "--lang", "en"])
    assert r.exit_code == 0, r.output
    said = [line[len("wrote "):] for line in r.output.splitlines() if line.startswith("wrote ")]
    assert said == [str(work / "pareto-zae_nord" / n) for n in ("pareto.png", "pareto.svg", "pareto.html")], r.output


# 2. eitflow.gpkg: marked the GeoPackage way, still a GeoPackage ----------------------------------


def _gpkg_checked(path: Path) -> dict[str, str]:
    """What sqlite3 and GDAL (pyogrio) read in the GeoPackage `path`: its application_id is 'GPKG',
    its database whole, every layer readable; returns its dataset metadata as GDAL reads it."""
    pyogrio = pytest.importorskip("pyogrio")
    assert path.read_bytes()[68:72] == b"GPKG"          # the header's application_id, as the standard says
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA application_id").fetchone() == (0x47504B47,)
        layers = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
    finally:
        con.close()
    assert layers and sorted(layers) == sorted(str(n) for n, _ in pyogrio.list_layers(path))
    import pyogrio.raw

    for name in layers:   # every layer read whole by GDAL
        geometry = pyogrio.raw.read(path, layer=name)[2]
        assert geometry is not None and len(geometry) > 0, name
    if shutil.which("ogrinfo"):   # pragma: no cover - not on the test machine
        subprocess.run(["ogrinfo", "-ro", "-so", str(path)], check=True, capture_output=True)
    return pyogrio.read_info(path, layer=layers[0])["dataset_metadata"] or {}


def _users_gpkg(path: Path, layer: str = "parcelles") -> None:
    """A GeoPackage of the user's own (one point layer), written by GDAL as QGIS would."""
    import numpy as np
    pytest.importorskip("pyogrio")
    import pyogrio.raw

    point = struct.pack("<BIdd", 1, 1, 4.1, 50.2)
    pyogrio.raw.write(path, np.array([point], dtype=object), [np.array(["ma parcelle"], dtype=object)],
                      fields=["nom"], layer=layer, driver="GPKG", geometry_type="Point", crs="EPSG:4326")


def test_report_gpkg_is_marked_and_a_users_gpkg_is_refused(run_dir, tmp_path):
    pytest.importorskip("pyogrio")
    run = _fresh_run(run_dir, tmp_path)
    mine = run / "eitflow.gpkg"
    _users_gpkg(mine)
    os.utime(mine, (time.time() + 10, time.time() + 10))   # as if made just after the run
    theirs = mine.read_bytes()
    for lang, words in (("fr", "n'a pas été écrit par eitflow"), ("en", "was not written by eitflow")):
        r = _invoke(["report", str(run), "--gpkg", "--lang", lang])
        assert r.exit_code == 2, r.output
        assert str(mine) in r.output and "--gpkg" in r.output and "--force" in r.output and words in r.output, r.output
        assert "--out" not in r.output and "Traceback" not in r.output, r.output   # --out does not move it
    assert mine.read_bytes() == theirs and not (run / "report.html").exists()
    r = _invoke(["report", str(run), "--gpkg", "--force"])
    assert r.exit_code == 0, r.output
    assert _gpkg_checked(mine) == {"CREATOR": "eitflow"}
    con = sqlite3.connect(f"file:{mine}?mode=ro", uri=True)   # the GeoPackage metadata extension's row for the file
    rows = con.execute("SELECT r.reference_scope, m.md_scope, m.metadata FROM gpkg_metadata m "
                       "JOIN gpkg_metadata_reference r ON r.md_file_id = m.id").fetchall()
    con.close()
    assert [(s, sc) for s, sc, _ in rows] == [("geopackage", "dataset")] and "eitflow" in rows[0][2], rows
    layers = {n for n, _ in __import__("pyogrio").list_layers(mine)}
    assert "parcelles" not in layers and "sites" in layers
    r = _invoke(["report", str(run), "--gpkg"])   # its own, replaced without --force
    assert r.exit_code == 0, r.output
    # a layer of the user's saved into eitflow's GeoPackage (as QGIS does): the file is theirs too
    _users_gpkg(mine, layer="notes")
    assert "notes" in {n for n, _ in __import__("pyogrio").list_layers(mine)} and _gpkg_checked(mine)
    theirs = mine.read_bytes()
    for lang, words in (("fr", "contient des tables qu'eitflow n'écrit pas (notes)"),
                        ("en", "holds tables eitflow does not write (notes)")):
        r = _invoke(["report", str(run), "--gpkg", "--lang", lang])
        assert r.exit_code == 2 and str(mine) in r.output and words in r.output and "--force" in r.output, r.output
    assert mine.read_bytes() == theirs


# 3. files of an eitflow before the marks --------------------------------------------------------


def _old_png(path: Path, dpi: float) -> None:
    """A figure as eitflow saved it before the marks: matplotlib, no Software."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), dpi=100)
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")


def _old_svg(path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), dpi=100)
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.savefig(path, format="svg", metadata={"Date": None})


def _chromium_pdf(html: Path, pdf: Path) -> None:
    """A PDF as eitflow printed it before the marks: headless Chromium, nothing added."""
    from eitflow.report.pdf import FLAGS, find_chromium

    exe = find_chromium()
    profile = pdf.parent / ".profile"
    subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
    shutil.rmtree(profile, ignore_errors=True)


def _old_gpkg(run: Path, path: Path) -> None:
    """eitflow.gpkg as eitflow wrote it before the marks: the run's sites layer, no metadata."""
    pytest.importorskip("pyogrio")
    import pyogrio.raw

    meta, _, geometry, fields = pyogrio.raw.read(run / "sites.geojson")
    pyogrio.raw.write(path, geometry, fields, fields=meta["fields"], layer="sites", driver="GPKG",
                      geometry_type=meta["geometry_type"], crs="EPSG:4326")


def _age(paths, seconds: float) -> None:
    for p in paths:
        st = p.stat()
        os.utime(p, (st.st_atime + seconds, st.st_mtime + seconds))


@pytest.fixture
def old_run(run_dir, tmp_path) -> Path:
    """A run directory as an eitflow before the marks left it after `report --pdf --gpkg
    --figures png`: pages with their generator meta (every page has had it), figures, PDFs and
    GeoPackage unmarked, all written a few seconds apart, a day ago."""
    pytest.importorskip("pyogrio")
    run = _fresh_run(run_dir, tmp_path)
    r = _invoke(["report", str(run)])
    assert r.exit_code == 0, r.output
    shutil.copy(run / "report.html", run / "brief.html")
    _old_png(run / "map.png", 200)
    _old_png(run / "sankey.png", 200)
    _old_svg(run / "map.svg")
    _old_gpkg(run, run / "eitflow.gpkg")
    (run / "brief.pdf").write_bytes(_OLD_PDF["bytes"])
    (run / "report.pdf").write_bytes(_OLD_PDF["bytes"])
    _age([p for p in run.iterdir() if p.is_file()], -24 * HOUR_S)
    return run


_OLD_PDF: dict[str, bytes] = {}


@pytest.fixture(autouse=True, scope="module")
def _old_pdf_bytes(tmp_path_factory):
    """One PDF printed by headless Chromium as eitflow did before the marks (printed once)."""
    _needs_chromium()
    d = tmp_path_factory.mktemp("oldpdf")
    page = d / "page.html"
    page.write_text('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Synthèse</title></head>'
                    "<body><h1>ZAE du Nord</h1><p>15 063 909 €/an</p></body></html>", encoding="utf-8")
    _chromium_pdf(page, d / "old.pdf")
    _OLD_PDF["bytes"] = (d / "old.pdf").read_bytes()


def test_an_old_run_directory_s_files_are_eitflow_s(old_run):
    from eitflow.report.olderfiles import eitflow_wrote
    from eitflow.report.ourfiles import marked

    for name in ("map.png", "sankey.png", "map.svg", "brief.pdf", "report.pdf", "eitflow.gpkg"):
        assert not marked(old_run / name), name
        assert eitflow_wrote(old_run / name), name


def test_report_replaces_an_old_run_s_own_files_without_force(old_run):
    """A user re-running `report --pdf --gpkg --figures png` into their old run directory was
    refused for the files eitflow itself wrote there."""
    from eitflow.report.ourfiles import marked

    r = _invoke(["report", str(old_run), "--pdf", "--gpkg", "--figures", "png", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    for name in ("map.png", "sankey.png", "brief.pdf", "report.pdf", "eitflow.gpkg"):
        assert marked(old_run / name), name   # written again, now with the mark


@pytest.mark.parametrize("case", ["edited_later", "not_a_run_dir", "gimp_png", "other_dpi", "desktop_chrome_pdf",
                                  "users_layer", "users_name", "no_page_near"])
def test_a_users_file_is_never_taken_for_an_old_eitflow_one(old_run, tmp_path, case):
    """What is not eitflow's by all three signs (name, maker, time) stays refused: a figure
    redrawn an hour after the run, a figure in a directory eitflow never wrote, another maker
    (GIMP, another resolution, a desktop Chrome), a GeoPackage holding a layer of the user's, a
    file of another name."""
    from pypdf import PdfWriter

    from eitflow.report.olderfiles import eitflow_wrote

    target = old_run / "map.png"
    if case == "edited_later":   # redrawn by the user's own matplotlib an hour after eitflow's files
        _age([target], 2 * HOUR_S)
    elif case == "not_a_run_dir":
        target = tmp_path / "bureau" / "map.png"
        target.parent.mkdir()
        _old_png(target, 200)
    elif case == "gimp_png":
        data = target.read_bytes()
        text = b"Software\x00GIMP 2.10"
        chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
        at = data.index(b"IDAT") - 4
        st = target.stat()
        target.write_bytes(data[:at] + chunk + data[at:])
        os.utime(target, (st.st_atime, st.st_mtime))
    elif case == "other_dpi":
        st = target.stat()
        _old_png(target, 300)
        os.utime(target, (st.st_atime, st.st_mtime))
    elif case == "desktop_chrome_pdf":
        target = old_run / "brief.pdf"
        st = target.stat()
        w = PdfWriter(str(target), incremental=True)
        w.add_metadata({"/Creator": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36"})
        w.write(target)
        os.utime(target, (st.st_atime, st.st_mtime))
    elif case == "users_layer":
        target = old_run / "eitflow.gpkg"
        st = target.stat()
        _users_gpkg(target)
        os.utime(target, (st.st_atime, st.st_mtime))
    elif case == "users_name":
        target = old_run / "carte.png"
        shutil.copy2(old_run / "map.png", target)
    elif case == "no_page_near":   # the pages and summary.json rewritten a day later: the figure is alone in time
        _age([old_run / "report.html", old_run / "brief.html", old_run / "summary.json"], 24 * HOUR_S)
    assert not eitflow_wrote(target), case


# 4. the PDFs' mark by pypdf ---------------------------------------------------------------------


def _poppler(pdf: Path) -> tuple[str, str, bytes]:
    """pdfinfo, pdftotext and the first page drawn by pdftoppm, as poppler reads `pdf`."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert not info.stderr, info.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf)], capture_output=True,
                          check=True).stdout
    return info.stdout, text, page


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils")
def test_mark_pdf_marks_a_pdf_ending_in_a_cross_reference_stream(tmp_path):
    """A PDF whose last update is a cross-reference stream (PDF 1.5: pypdf, qpdf and newer
    writers end theirs so) was left unmarked by the hand-written update, so eitflow's own PDF was
    refused at the next `report --pdf`. Chromium's print, with an update of that kind after it
    (its title set by pypdf), is marked now; poppler reads the same pages, text and title."""
    from pypdf import PdfReader, PdfWriter

    from eitflow.report.olderfiles import eitflow_wrote
    from eitflow.report.ourfiles import mark_pdf

    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(_OLD_PDF["bytes"])
    w = PdfWriter(str(pdf), incremental=True)
    w.add_metadata({"/Title": "Synthèse ZAE"})
    w.write(pdf)
    assert re.search(rb"/Type\s*/XRef", pdf.read_bytes()[-600:])   # the last section: a cross-reference stream
    info0, text0, page0 = _poppler(pdf)
    before = pdf.read_bytes()
    mark_pdf(pdf)
    after = pdf.read_bytes()
    assert after.startswith(before)          # an incremental update: the printed bytes untouched
    info, text, page = _poppler(pdf)
    assert re.search(r"^Creator:\s+eitflow$", info, re.M), info
    assert re.search(r"^Title:\s+Synthèse ZAE$", info, re.M) and re.search(r"^Producer:\s+Skia/PDF", info, re.M), info
    assert re.search(r"^PDF version:\s+1\.5$", info, re.M), info   # its catalog says the version of its update
    assert (text, page) == (text0, page0) and "15 063 909" in text
    assert PdfReader(str(pdf)).metadata.creator == "eitflow"
    assert eitflow_wrote(pdf)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils")
def test_a_pdf_eitflow_prints_is_marked_and_reads_as_before(run_dir, tmp_path, monkeypatch):
    """brief.pdf as `report --pdf` writes it: its creator eitflow (pdfinfo), one A4 page, the
    same text and pixels as Chromium's print of the same page before the mark."""
    from eitflow.report.pdf import html_to_pdf

    out = tmp_path / "bureau"
    r = _invoke(["report", str(run_dir), "--out", str(out / "zae.html"), "--pdf", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    info, text, page = _poppler(out / "brief.pdf")
    assert re.search(r"^Creator:\s+eitflow$", info, re.M) and re.search(r"^Pages:\s+1$", info, re.M), info
    assert "A4" in info and "Suspects:        no" in info
    raw = tmp_path / "raw.pdf"
    monkeypatch.setattr("eitflow.report.pdf.mark_pdf", lambda p: False)   # Chromium's print as it is
    html_to_pdf(out / "brief.html", raw)
    info0, text0, page0 = _poppler(raw)
    assert "HeadlessChrome" in info0
    assert text == text0 and page == page0
