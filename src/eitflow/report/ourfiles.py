"""How a page or a figure eitflow writes says so, and how eitflow knows it again.

A command replaces a file only where eitflow wrote it (`cli.outfiles`): `eitflow pareto`'s
pareto.png, pareto.svg and pareto.html and `eitflow report --figures`' map and sankey figures
were written over whatever file had that name (a user's own pareto.png in the current
directory, an earlier map.png retouched by hand). Each says who wrote it in its own format's
place for it, which a viewer shows and an editor keeps:

- an HTML page: ``<meta name="generator" content="eitflow VERSION">`` in its head;
- a PNG: a ``tEXt`` chunk ``Software`` = ``eitflow`` (before the image data; shown by
  ``exiftool``, ``identify -verbose``, GIMP's metadata view);
- an SVG: its RDF metadata's creator, ``<dc:creator><cc:Agent><dc:title>eitflow``
  (matplotlib's own ``Creator`` field; Inkscape shows it under Document Metadata);
- a PDF (brief.pdf, report.pdf): its document information's creator ``eitflow``, which
  Chromium cannot be told: set by pypdf in an incremental update at the end of the file it
  printed (`mark_pdf`; PDF 1.7, 7.5.6: the pages untouched, every reader shows it as the PDF's
  creator application), read back by pypdf (`pdf_info`);
- a GeoPackage (eitflow.gpkg): its dataset metadata ``CREATOR`` = ``eitflow`` (`GPKG_METADATA`),
  the GeoPackage metadata extension's row for the whole file as GDAL writes it (the
  application_id stays 'GPKG'; QGIS and ``ogrinfo`` show it), read back by sqlite3, read only;
- an LP file (`eitflow run --export-lp`): its first line, PuLP's ``\\* eitflow *\\`` (the
  model's name, `MARK`).

No version in the figures' marks, so the same run gives the same bytes from one release to the
next. A figure, PDF or GeoPackage written before the marks (eitflow before 2026-12-07) is known
again by its name, its maker and its time; any other file is not eitflow's: the command says
so, and ``--force`` replaces it (`report.olderfiles.eitflow_wrote`, the one rule).
"""
from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eitflow._version import __version__
from eitflow.io.atomic import replacing

#: who wrote a figure, as its metadata says it
MARK = "eitflow"
#: the most of a file read to find its mark (bytes): the marks are in a file's first lines
HEAD_BYTES = 1 << 14
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: how a GeoPackage says eitflow wrote it: its dataset metadata (GDAL's ``gpkg_metadata`` row for the
#: whole file, the GeoPackage metadata extension; QGIS and ``ogrinfo`` show it), given to the writer
GPKG_METADATA = {"CREATOR": MARK}
_GPKG_CREATOR = re.compile(r'<MDI key="CREATOR">([^<]*)</MDI>')
_SVG_CREATOR = re.compile(rb"<dc:creator>\s*<cc:Agent>\s*<dc:title>([^<]*)</dc:title>")
_HTML_GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def generator_meta() -> str:
    """The head line of every HTML page eitflow writes (`report.html.page`)."""
    from html import escape

    return f'<meta name="generator" content="eitflow {escape(__version__)}">'


def save_figure(fig, path: Path, fmt: str, dpi: float) -> Path:
    """Write the matplotlib figure `fig` to `path` as `fmt` ("png" at `dpi`, or "svg"), marked
    as eitflow's (module docstring) and byte-stable (no date; SVG ids hashed with a fixed salt,
    text kept as text), replacing `path` at once (`io.atomic.replacing`).

    Returns
    -------
    Path
        `path`.
    """
    import matplotlib

    with replacing(path) as tmp:
        if fmt == "svg":
            with matplotlib.rc_context({"svg.hashsalt": "eitflow", "svg.fonttype": "none"}):
                fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": MARK})
        else:
            fig.savefig(tmp, format="png", dpi=dpi, metadata={"Software": MARK}, facecolor="white")
    return path


#: the PDF version a marked PDF declares in its catalog (PDF 1.7, 7.7.2 /Version): Chromium's
#: header says 1.4, and pypdf's incremental update ends in a cross-reference stream (PDF 1.5)
PDF_VERSION = "1.5"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf says what it repairs in a damaged file through `logging` (which Python prints to
    stderr without a handler): a user's PDF read to know whether eitflow wrote it is not ours
    to comment on."""
    import logging

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def mark_pdf(path: Path) -> bool:
    """Say in the PDF `path` that eitflow wrote it: its document information's creator `MARK`,
    set by pypdf as an incremental update (PDF 1.7, 7.5.6: the bytes Chromium printed stay as
    they are, the new document information and catalog after them), the catalog's /Version
    `PDF_VERSION` (the update's cross-reference stream). `path` is Chromium's print, written
    over in place: the caller's temporary file (`io.atomic.replacing`); a file pypdf cannot
    read (damaged, encrypted) is left as it is.

    Returns
    -------
    bool
        Whether the mark was added.
    """
    import io

    from pypdf import PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    data = Path(path).read_bytes()
    try:
        with _quiet_pypdf():
            writer = PdfWriter(io.BytesIO(data), incremental=True)
            writer.add_metadata({"/Creator": MARK})
            writer.root_object[NameObject("/Version")] = NameObject("/" + PDF_VERSION)
            out = io.BytesIO()
            writer.write(out)
    except (PyPdfError, NotImplementedError):   # not a PDF pypdf can read: left as printed, unmarked
        return False
    with open(path, "wb") as fh:
        fh.write(out.getvalue())
    return True


def pdf_info(path: Path) -> dict[str, str]:
    """The document information of the PDF `path` (``{"/Creator": ..., "/Producer": ...}``, as
    pypdf reads it: the last update's); empty for a file that is not a PDF or cannot be read."""
    from pypdf import PdfReader

    try:
        with open(path, "rb") as fh, _quiet_pypdf():
            if not fh.read(1024).lstrip().startswith(b"%PDF-"):
                return {}
            fh.seek(0)
            meta = PdfReader(fh, strict=False).metadata
            return {str(k): str(v) for k, v in (meta or {}).items()}
    except Exception:   # noqa: BLE001 - any damage in a file not ours: it is not eitflow's
        return {}


def _gpkg_query(path: Path, sql: str) -> list[tuple] | None:
    """The rows of `sql` in the GeoPackage `path`, opened read only as an immutable database;
    None for a file that is not a GeoPackage (its SQLite header's application_id 'GPKG') or
    cannot be read."""
    import sqlite3
    from urllib.request import pathname2url

    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return None
    if not head.startswith(b"SQLite format 3\x00") or head[68:72] != b"GPKG":
        return None
    try:
        con = sqlite3.connect(f"file:{pathname2url(str(Path(path).absolute()))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return con.execute(sql).fetchall()
    except sqlite3.Error:
        return None
    finally:
        con.close()


def gpkg_creator(path: Path) -> str | None:
    """The creator the GeoPackage `path` says in its metadata (`GPKG_METADATA`: the GeoPackage
    metadata extension's ``gpkg_metadata`` row for the whole file, as GDAL writes it); None for
    a file that is not a GeoPackage, has none, or cannot be read."""
    rows = _gpkg_query(path, "SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r "
                             "ON r.md_file_id = m.id WHERE r.reference_scope = 'geopackage' "
                             "AND length(m.metadata) < 65536")
    for (text,) in rows or []:
        found = _GPKG_CREATOR.search(str(text))
        if found:
            return found.group(1)
    return None


def gpkg_tables(path: Path) -> list[str]:
    """Every table of the GeoPackage `path` that is not the format's own (``gpkg_*``, the
    ``rtree_*`` spatial indexes, ``sqlite_*``): its layers, and whatever else was saved in it (a
    QGIS style table, a project); empty for a file that is not a GeoPackage or cannot be read."""
    rows = _gpkg_query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    return [str(r[0]) for r in rows or [] if not str(r[0]).startswith(("gpkg_", "rtree_", "sqlite_"))]


def _png_software(head: bytes) -> str | None:
    """The ``Software`` text of a PNG's chunks before its image data (None: not a PNG, or none)."""
    if not head.startswith(_PNG_SIGNATURE):
        return None
    at = len(_PNG_SIGNATURE)
    while at + 8 <= len(head):
        size, kind = struct.unpack(">I4s", head[at:at + 8])
        if kind in (b"IDAT", b"IEND"):
            return None
        data = head[at + 8:at + 8 + size]
        if kind == b"tEXt" and data.startswith(b"Software\x00"):
            return data[len(b"Software\x00"):].decode("latin-1")
        at += 12 + size
    return None


def made_by(path: Path) -> str | None:
    """Who the existing file `path` says made it, in its format's place for it (module
    docstring), by its name's extension: an HTML page's ``generator`` meta, a PNG's ``Software``,
    an SVG's RDF creator, a PDF's ``/Creator``, a GeoPackage's ``CREATOR`` (`gpkg_creator`);
    None where it says nothing, and for a file that cannot be read."""
    kind = Path(path).suffix.lower()
    if kind == ".pdf":
        return pdf_info(path).get("/Creator")
    if kind == ".gpkg":
        return gpkg_creator(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return None
    found = {".html": _HTML_GENERATOR, ".htm": _HTML_GENERATOR, ".svg": _SVG_CREATOR}.get(kind)
    if found is not None:
        m = found.search(head[:4096] if kind != ".svg" else head)
        return m.group(1).decode("utf-8", errors="replace") if m else None
    if kind == ".png":
        return _png_software(head)
    return None


def marked(path: Path) -> bool:
    """Whether the existing file `path` carries eitflow's mark (module docstring), by its name's
    extension: .html/.htm, .png, .svg, .pdf, .gpkg, else an LP file of eitflow's model; False for
    any other file, and for one that cannot be read."""
    kind = Path(path).suffix.lower()
    if kind in (".html", ".htm", ".png", ".svg", ".pdf", ".gpkg"):
        said = made_by(path)
        return said is not None and (said == MARK or kind in (".html", ".htm") and said.startswith(MARK + " "))
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.startswith(f"\\* {MARK} *\\".encode())   # an LP file of the model, whatever its name
