"""`eitflow pareto` and `eitflow report --figures/--pdf` replace a page or a figure only where
eitflow wrote it; else they stop before any solve or write (exit 2), naming the file, --out and
--force, in French and English.

Before, `eitflow pareto SCEN` wrote pareto.png, pareto.svg and pareto.html into the current
directory over whatever was there (and a second scenario's front over the first's), and
`eitflow report RUN --figures png` wrote map.png and sankey.png over a user's own, without a
word; `report RUN --out ~/Bureau/zae.html --pdf` wrote ~/Bureau/report.html and brief.html.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_scenario, written_run
from eitflow.cli.main import main as group


def _png(software: str | None) -> bytes:
    """A 1x1 PNG built by hand (not by eitflow), with a tEXt 'Software' chunk when given."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    text = chunk(b"tEXt", b"Software\x00" + software.encode("latin-1")) if software else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + text
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


USER_FILES = {   # files of the same names that a user made: none says eitflow wrote it
    "png": _png("GIMP 2.10"),
    "png-unmarked": _png(None),
    "svg": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF><cc:Work>'
            b'<dc:creator><cc:Agent><dc:title>Inkscape</dc:title></cc:Agent></dc:creator></cc:Work></rdf:RDF>'
            b'</metadata><!-- eitflow --></svg>\n'),
    "html": b'<!DOCTYPE html>\n<html><head><meta name="generator" content="Hugo 0.120"></head><body>eitflow</body>',
}


def _fr_en(args: list[str]) -> dict:
    return {lang: CliRunner().invoke(group, [*args, "--lang", lang]) for lang in ("fr", "en")}


def _refused(results: dict, path: Path) -> None:
    for lang, r in results.items():
        assert r.exit_code == 2, (lang, r.output)
        assert str(path) in r.output and "--out" in r.output and "--force" in r.output, r.output
        words = "n'a pas été écrit par eitflow" if lang == "fr" else "was not written by eitflow"
        assert words in r.output and "Traceback" not in r.output, r.output


@pytest.fixture
def no_solve(monkeypatch):
    """The analysis's solves, made to fail: a refusal must come before them."""
    import eitflow.cli.analyses as analyses

    def solve(*a, **k):
        raise AssertionError("solved before the refusal")
    monkeypatch.setattr(analyses, "pareto_front", solve)


@pytest.mark.parametrize(("which", "kind"), [(f"pareto.{k.split('-')[0]}", k) for k in USER_FILES])
def test_pareto_refuses_a_users_file_before_solving(tmp_path, no_solve, which, kind):
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "plots"
    out.mkdir()
    (out / which).write_bytes(USER_FILES[kind])
    _refused(_fr_en(["pareto", str(scen), "--points", "2", "--out", str(out)]), out / which)
    assert (out / which).read_bytes() == USER_FILES[kind]
    assert sorted(p.name for p in out.iterdir()) == [which]


def test_pareto_replaces_its_own_plots_and_a_users_with_force(tmp_path):
    from PIL import Image

    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "plots"
    out.mkdir()
    (out / "pareto.png").write_bytes(USER_FILES["png"])
    r = CliRunner().invoke(group, ["pareto", str(scen), "--points", "2", "--out", str(out), "--force"])
    assert r.exit_code == 0, r.output
    assert Image.open(out / "pareto.png").info.get("Software") == "eitflow"   # its mark, read by another tool
    assert '<meta name="generator" content="eitflow' in (out / "pareto.html").read_text(encoding="utf-8")
    assert "<dc:title>eitflow</dc:title>" in (out / "pareto.svg").read_text(encoding="utf-8")
    # the same command again: its own files, replaced without a word
    r = CliRunner().invoke(group, ["pareto", str(scen), "--points", "2", "--out", str(out), "--lang", "fr"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["pareto.html", "pareto.png", "pareto.svg"]


def test_pareto_writes_into_a_directory_named_after_the_scenario(tmp_path, monkeypatch):
    """Without --out or --csv the plots went into the current directory, where the next
    scenario's front replaced this one's; now into ./pareto-NAME (NAME: scenario.yaml's folder)."""
    zae = write_scenario(tmp_path / "zae_nord")
    other = write_scenario(tmp_path / "zae_sud")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for scen in (zae, other):
        r = CliRunner().invoke(group, ["pareto", str(scen), "--points", "2", "--lang", "fr"])
        assert r.exit_code == 0, r.output
        assert f"écrit {work / f'pareto-{scen.parent.name}' / 'pareto.png'}" in r.output, r.output
    assert sorted(p.name for p in work.iterdir()) == ["pareto-zae_nord", "pareto-zae_sud"]
    for d in work.iterdir():
        assert sorted(p.name for p in d.iterdir()) == ["pareto.html", "pareto.png", "pareto.svg"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    return written_run(tmp_path_factory.mktemp("own"))


def _listing(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir()) if p.is_file()}


@pytest.mark.parametrize(("fmt", "name", "kind"), [("png", "map", "png"), ("png", "sankey", "png-unmarked"),
                                                   ("svg", "map", "svg")])
@pytest.mark.slow
def test_report_figures_refuse_a_users_figure_before_writing_anything(run_dir, tmp_path, fmt, name, kind):
    desk = tmp_path / "bureau"
    desk.mkdir()
    (desk / f"{name}.{fmt}").write_bytes(USER_FILES[kind])
    before = _listing(desk), _listing(run_dir)
    _refused(_fr_en(["report", str(run_dir), "--out", str(desk / "zae.html"), "--figures", fmt]),
             desk / f"{name}.{fmt}")
    assert (_listing(desk), _listing(run_dir)) == before   # not even the report was written
    r = CliRunner().invoke(group, ["report", str(run_dir), "--out", str(desk / "zae.html"), "--figures", fmt,
                                   "--force"])
    assert r.exit_code == 0, r.output
    assert sorted(_listing(desk)) == sorted(["zae.html", f"map.{fmt}", f"sankey.{fmt}"])
    # written again: eitflow's own figures and page, replaced without --force
    r = CliRunner().invoke(group, ["report", str(run_dir), "--out", str(desk / "zae.html"), "--figures", fmt])
    assert r.exit_code == 0, r.output


def test_report_pdf_refuses_a_users_page_beside_the_report(run_dir, tmp_path):
    """--pdf prints brief.html and report.html beside --out: a user's report.html there was
    replaced by the full report."""
    desk = tmp_path / "bureau"
    desk.mkdir()
    (desk / "report.html").write_bytes(USER_FILES["html"])
    before = _listing(desk)
    _refused(_fr_en(["report", str(run_dir), "--out", str(desk / "zae.html"), "--pdf"]), desk / "report.html")
    assert _listing(desk) == before


def test_a_directory_in_the_way_is_said(tmp_path, no_solve):
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "plots"
    (out / "pareto.svg").mkdir(parents=True)
    for lang, r in _fr_en(["pareto", str(scen), "--out", str(out), "--force"]).items():
        assert r.exit_code == 2, r.output
        assert str(out / "pareto.svg") in r.output and ("est un dossier" if lang == "fr" else "is a directory") \
            in r.output, r.output


def test_run_export_lp_never_writes_the_model_over_a_users_file(tmp_path):
    """`eitflow run SCEN --out RUN --export-lp SCEN_DIR/sites.csv` (a completion slip) wrote the
    LP model over the scenario's sites table after the solve; it is refused before, and an LP
    file eitflow wrote is replaced as before."""
    scen = write_scenario(tmp_path / "scen")
    sites = scen.parent / "sites.csv"
    before = sites.read_bytes()
    for lang, words in (("fr", "n'a pas été écrit par eitflow"), ("en", "was not written by eitflow")):
        r = CliRunner().invoke(group, ["run", str(scen), "--out", str(tmp_path / "run"), "--export-lp", str(sites),
                                       "--lang", lang])
        assert r.exit_code == 2, r.output
        assert str(sites) in r.output and "--export-lp" in r.output and words in r.output, r.output
        assert "--force" not in r.output   # run's --force is the run directory's
        assert "statut" not in r.output and "status" not in r.output   # refused before the solve
    assert sites.read_bytes() == before and not (tmp_path / "run").exists()
    lp = tmp_path / "model.lp"
    for k in range(2):   # written, then replaced: eitflow's own
        r = CliRunner().invoke(group, ["run", str(scen), "--out", str(tmp_path / f"r{k}"), "--export-lp", str(lp), "-q"])
        assert r.exit_code == 0, r.output
        assert lp.read_text(encoding="utf-8").startswith("\\* eitflow *\\\nMaximize\n")


@pytest.mark.slow
def test_report_pdf_refuses_a_users_pdf_and_replaces_its_own(run_dir, tmp_path):
    """brief.pdf and report.pdf say eitflow printed them (their document information's creator,
    as pdfinfo reads it): a second `report --pdf` replaces them, a user's brief.pdf is refused."""
    import shutil
    import subprocess

    from eitflow.report.pdf import find_chromium

    find_chromium()   # the bundled browser: the PDFs need it
    desk = tmp_path / "bureau"
    desk.mkdir()
    (desk / "brief.pdf").write_bytes(b"%PDF-1.4\n% a user's own brief\n%%EOF\n")
    before = _listing(desk)
    _refused(_fr_en(["report", str(run_dir), "--out", str(desk / "zae.html"), "--pdf"]), desk / "brief.pdf")
    assert _listing(desk) == before
    for args in (["--force"], []):   # replaced by force, then eitflow's own replaced without it
        r = CliRunner().invoke(group, ["report", str(run_dir), "--out", str(desk / "zae.html"), "--pdf", *args])
        assert r.exit_code == 0, r.output
    assert sorted(_listing(desk)) == ["brief.html", "brief.pdf", "report.html", "report.pdf", "zae.html"]
    if shutil.which("pdfinfo"):
        for name in ("brief.pdf", "report.pdf"):
            info = subprocess.run(["pdfinfo", str(desk / name)], capture_output=True, text=True, check=True)
            assert "Creator:         eitflow\n" in info.stdout and not info.stderr, info
            assert "Pages:           1\n" in info.stdout or name == "report.pdf", info.stdout


def test_pareto_s_default_directory_that_is_a_file_is_said_before_solving(tmp_path, monkeypatch, no_solve):
    scen = write_scenario(tmp_path / "zae")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pareto-zae").write_text("notes\n", encoding="utf-8")
    for lang, r in _fr_en(["pareto", str(scen)]).items():
        assert r.exit_code == 2, r.output
        assert "pareto-zae" in r.output and ("est un fichier" if lang == "fr" else "is a file") in r.output, r.output
    assert (tmp_path / "pareto-zae").read_text(encoding="utf-8") == "notes\n"
