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
- a PDF (brief.pdf, report.pdf): its document information's ``/Creator (eitflow)``, which
  Chromium cannot be told: added by an incremental update at the end of the file it printed
  (`mark_pdf`; PDF 1.7, 7.5.6: the pages untouched, every reader shows it as the PDF's creator
  application);
- an LP file (`eitflow run --export-lp`): its first line, PuLP's ``\\* eitflow *\\`` (the
  model's name, `MARK`).

No version in the figures' marks, so the same run gives the same bytes from one release to the
next; a figure written before the marks (eitflow before 2026-12-07) is not known as eitflow's:
the command says so, and ``--force`` replaces it.
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

from eitflow._version import __version__
from eitflow.io.atomic import replacing

#: who wrote a figure, as its metadata says it
MARK = "eitflow"
#: how a page's head begins to say that eitflow wrote it (`generator_meta`)
GENERATOR = b'<meta name="generator" content="eitflow'
#: the most of a file read to find its mark (bytes): the marks are in a file's first lines
HEAD_BYTES = 1 << 14
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SVG_CREATOR = re.compile(rb"<dc:creator>\s*<cc:Agent>\s*<dc:title>" + MARK.encode() + rb"</dc:title>")


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


_PDF_CREATOR = b"/Creator (" + MARK.encode() + b")"
_PDF_STRING = rb"(?:\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>)"


def mark_pdf(path: Path) -> bool:
    """Say in the PDF `path` (as Chromium prints it: one classic cross-reference table) that
    eitflow wrote it: its document information again, its creator `MARK`, appended as an
    incremental update. A layout not known (a cross-reference stream) is left as it is.

    Returns
    -------
    bool
        Whether the mark was added.
    """
    data = Path(path).read_bytes()
    tail = data[-4096:]
    end = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s+(\d+)\s+%%EOF\s*$", tail, re.S)
    if end is None:
        return False
    trailer, xref_at = end.group(1), int(end.group(2))
    info, size, root = (re.search(p, trailer) for p in (rb"/Info\s+(\d+)\s+(\d+)\s+R", rb"/Size\s+(\d+)",
                                                          rb"/Root\s+\d+\s+\d+\s+R"))
    table = re.match(rb"xref\s+0\s+\d+\s+", data[xref_at:xref_at + 64])
    if info is None or size is None or root is None or table is None:
        return False
    num, gen = int(info.group(1)), int(info.group(2))
    entry = data[xref_at + table.end() + 20 * num:][:10]   # the info object's offset (20 bytes an entry)
    old = re.match(rb"%d\s+%d\s+obj\s*<<(.*?)>>\s*endobj" % (num, gen), data[int(entry):], re.S) \
        if entry.isdigit() else None
    if old is None:
        return False
    body = re.sub(rb"\s*/Creator\s*" + _PDF_STRING, b"", old.group(1)).rstrip()
    at = len(data) + (0 if data.endswith(b"\n") else 1)
    obj = b"%d %d obj\n<<%s\n%s>>\nendobj\n" % (num, gen, body, _PDF_CREATOR)
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    update = (obj + b"xref\n%d 1\n%010d %05d n \ntrailer\n<</Size %s\n%s\n/Info %d %d R\n/Prev %d%s>>\nstartxref\n"
              b"%d\n%%%%EOF\n" % (num, at, gen, size.group(1), root.group(0), num, gen, xref_at,
                                   b"\n" + ident.group(0) if ident else b"", at + len(obj)))
    with open(path, "ab") as fh:
        fh.write((b"" if data.endswith(b"\n") else b"\n") + update)
    return True


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


def eitflow_wrote(path: Path) -> bool:
    """Whether the existing file `path` says eitflow wrote it (module docstring), by its name's
    extension: .html/.htm, .png, .svg, .pdf, else an LP file of eitflow's model; False for any other
    file, and for one that cannot be read."""
    kind = Path(path).suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
            if kind == ".pdf":   # the mark is in the last update, at the end
                fh.seek(max(0, fh.seek(0, 2) - HEAD_BYTES))
                return _PDF_CREATOR in fh.read()
    except OSError:
        return False
    if kind in (".html", ".htm"):
        return GENERATOR in head[:4096]
    if kind == ".png":
        return _png_software(head) == MARK
    if kind == ".svg":
        return _SVG_CREATOR.search(head) is not None
    return head.startswith(f"\\* {MARK} *\\".encode())   # an LP file of the model, whatever its name
