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
    extension: .html/.htm, .png, .svg, else an LP file of eitflow's model; False for any other
    file, and for one that cannot be read."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return False
    kind = Path(path).suffix.lower()
    if kind in (".html", ".htm"):
        return GENERATOR in head[:4096]
    if kind == ".png":
        return _png_software(head) == MARK
    if kind == ".svg":
        return _SVG_CREATOR.search(head) is not None
    return head.startswith(f"\\* {MARK} *\\".encode())   # an LP file of the model, whatever its name
