"""Which files eitflow wrote (`eitflow_wrote`, the one rule): those with its mark
(`report.ourfiles`), and the figures, PDFs and GeoPackage an eitflow before the marks wrote.

Since 2026-12-07 each file eitflow writes says so (`report.ourfiles`) and a command replaces
only such a file, unless --force. A figure, a PDF or eitflow.gpkg written by an earlier eitflow
carries no mark: a user running `eitflow report RUN --pdf --figures png` again into their run
directory was refused for the files eitflow itself had written there. Such a file is known
again, without ever taking a user's own file for eitflow's, where all three hold:

1. **its name** is one eitflow gives (`old_names`: brief.pdf, report.pdf, map and sankey
   .png/.svg, pareto.png/.svg, eitflow.gpkg);
2. **its maker** is the program eitflow drove to write it, as the file itself says
   (`_made_as_eitflow_did`): matplotlib for a figure (an SVG's creator "Matplotlib ..."; a PNG,
   saved with no ``Software`` then, by its layout: `_png_as_eitflow_saved`), headless Chromium
   for a PDF (creator "... HeadlessChrome/...", producer "Skia/PDF ..."; a PDF printed from a desktop Chrome says "Chrome/", not "HeadlessChrome/"),
   GDAL for the GeoPackage (a GeoPackage, marked or not, is eitflow's only while it holds
   nothing but eitflow's layers: `eitflow_wrote`);
3. **its time**: it was last modified within `WINDOW_S` of a file eitflow wrote in the same
   directory with it (`_companions`: the run's summary.json, or a page with eitflow's
   ``generator`` meta, which every page has had from the first release), as one command writes
   its pages, PDFs, figures and GeoPackage together.

A figure redrawn or retouched later (another maker, or a later time), a PDF of the user's, a
GeoPackage with a layer of the user's, or a file of that name in a directory eitflow never wrote
is not eitflow's: the command refuses it, naming it and --force, as before.
"""
from __future__ import annotations

import os
from pathlib import Path

#: how far apart (s) eitflow's files of one command are written at most: `eitflow run --pdf
#: --gpkg` writes summary.json, then the pages, two Chromium prints (each up to 120 s, `report.pdf`)
#: and the GeoPackage
WINDOW_S = 900.0
#: the resolutions (dots per inch) eitflow saved its PNG figures at: 150 (pareto), 200 (map, sankey)
OLD_PNG_DPI = (150, 200)
#: how many pixels a metre holds at each (a PNG's pHYs unit)
_PX_PER_M = {round(d / 0.0254) for d in OLD_PNG_DPI}
#: the most entries of a directory looked at for a page eitflow wrote (a desktop holds many files)
SCAN_MAX = 500


def old_names() -> frozenset[str]:
    """The names of the files an eitflow before the marks wrote that are known again: those the
    writers give (`report.pdf.pdf_outputs`' PDFs, `report.figures.figure_paths`,
    `report.plots.PARETO_FILES`' figures, `report.geopackage.GPKG_NAME`)."""
    from eitflow.report.figures import figure_paths
    from eitflow.report.geopackage import GPKG_NAME
    from eitflow.report.pdf import pdf_outputs
    from eitflow.report.plots import PARETO_FILES

    names = {p.name for p in pdf_outputs(Path()) if p.suffix == ".pdf"}
    names |= {p.name for fmt in ("png", "svg") for p in figure_paths(Path(), fmt)}
    names |= {n for n in PARETO_FILES if not n.endswith(".html")}
    return frozenset(names | {GPKG_NAME})


def _made_as_eitflow_did(path: Path) -> bool:
    """Whether `path` says it was made by the program eitflow drove for a file of its kind
    (module docstring, 2)."""
    from eitflow.report.ourfiles import made_by, pdf_info

    kind = path.suffix.lower()
    if kind == ".pdf":
        info = pdf_info(path)
        return "HeadlessChrome/" in info.get("/Creator", "") and info.get("/Producer", "").startswith("Skia/PDF")
    if kind == ".gpkg":
        return True   # GDAL's, with eitflow's layers alone (`eitflow_wrote`)
    if kind == ".png":
        return _png_as_eitflow_saved(path)
    return kind == ".svg" and (made_by(path) or "").startswith("Matplotlib v")


def _png_as_eitflow_saved(path: Path) -> bool:
    """Whether the PNG `path` is laid out as matplotlib saved eitflow's figures before the marks
    (``metadata={"Software": None}``): its chunks exactly IHDR (8-bit RGBA), pHYs at one of
    `OLD_PNG_DPI` in metres, IDAT..., IEND, and no text. An editor that saves it again adds its
    own chunks (GIMP's tIME and text, Inkscape's) or another resolution."""
    import struct

    try:
        with open(path, "rb") as fh:
            if fh.read(8) != b"\x89PNG\r\n\x1a\n":
                return False
            kinds, phys, ihdr = [], b"", b""
            while len(kinds) < 100_000:
                head = fh.read(8)
                if len(head) < 8:
                    return False
                size, kind = struct.unpack(">I4s", head)
                if kind == b"IHDR":
                    ihdr = fh.read(size)
                elif kind == b"pHYs":
                    phys = fh.read(size)
                else:
                    fh.seek(size, 1)
                fh.seek(4, 1)   # the chunk's CRC
                if not kinds or kinds[-1] != kind:
                    kinds.append(kind)
                if kind == b"IEND":
                    break
    except (OSError, struct.error):
        return False
    if kinds != [b"IHDR", b"pHYs", b"IDAT", b"IEND"] or len(ihdr) != 13 or ihdr[8:10] != b"\x08\x06":
        return False
    x, y, unit = struct.unpack(">IIB", phys) if len(phys) == 9 else (0, 0, 0)
    return unit == 1 and x == y and x in _PX_PER_M


def _companions(folder: Path) -> list[float]:
    """The modification times (s) of the files eitflow wrote in `folder` that say so: its
    summary.json where `folder` is a run directory, and its pages with eitflow's mark."""
    from eitflow.report.ourfiles import marked
    from eitflow.results.target import is_run_dir

    times = []
    if is_run_dir(folder):
        times.append((folder / "summary.json").stat().st_mtime)
    try:
        with os.scandir(folder) as entries:
            for k, e in enumerate(entries):
                if k >= SCAN_MAX:
                    break
                if e.name.lower().endswith((".html", ".htm")) and e.is_file(follow_symlinks=False) \
                        and marked(Path(e.path)):
                    times.append(e.stat().st_mtime)
    except OSError:
        pass
    return times


def written_before_marks(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file `path`, which carries no mark, was written by an eitflow before
    the marks: its name, its maker and its time say so (module docstring).

    Parameters
    ----------
    path : path-like
        A regular file (a link, a directory or a file that cannot be read: False).

    Returns
    -------
    bool
        True only where all three hold.
    """
    path = Path(path)
    if path.name not in old_names() or path.is_symlink() or not path.is_file():
        return False
    try:
        at = path.stat().st_mtime
    except OSError:
        return False
    if not _made_as_eitflow_did(path):
        return False
    return any(abs(at - t) <= WINDOW_S for t in _companions(path.parent))


def eitflow_wrote(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file `path` was written by eitflow: it carries its mark
    (`report.ourfiles.marked`), or an eitflow before the marks wrote it (`written_before_marks`);
    and, a GeoPackage, it holds nothing but eitflow's layers (a user adds their own to it in
    QGIS: the file is theirs too). The one rule of what a command may replace without --force
    (`cli.outfiles.check_replace`).

    Parameters
    ----------
    path : path-like
        An existing file.

    Returns
    -------
    bool
        True where it is eitflow's.
    """
    from eitflow.report.ourfiles import marked

    path = Path(path)
    if path.suffix.lower() == ".gpkg" and not _only_eitflow_layers(path):
        return False   # a layer of the user's saved into it (QGIS does): replacing the file would lose it
    return marked(path) or written_before_marks(path)


def _only_eitflow_layers(path: Path) -> bool:
    """Whether the GeoPackage `path` holds eitflow's layers and nothing else (`foreign_tables`)."""
    from eitflow.report.ourfiles import gpkg_tables

    return bool(gpkg_tables(path)) and not foreign_tables(path)


def foreign_tables(path: str | os.PathLike[str]) -> list[str]:
    """The tables of the GeoPackage `path` that eitflow does not write (`report.ourfiles.
    gpkg_tables` less `report.geopackage.layer_names`): a layer, style or project a user saved
    into it; empty for a file that is not a GeoPackage."""
    from eitflow.report.geopackage import layer_names
    from eitflow.report.ourfiles import gpkg_tables

    ours = set(layer_names())
    return [t for t in gpkg_tables(Path(path)) if t not in ours]
