"""The brief's header: its title's size and lines, and the height its header takes past the one
the map's room (`report.brief.render_brief`: 350 px less its notes) was set for.

The map's height was worked out as if the header were always the same: the title on one line,
the status on two (what the solver found, then what to decide), no sweep line. A long decision
line or status, or a sweep's run, made the header taller, the map's column then ran past the page
and the page's script drew the map smaller (`FIT_JS`: 89 % on zae_example with a decision of
three lines) or zoomed the page out. Now those lines are counted (`header_extra_px`) and come off
the map's room. A title too long for one line at TITLE_MIN_PX goes on two lines, each TITLE_TWO_PX
high, together as high as one line at TITLE_PX: the whole title is read (it was cut with an
ellipsis: 'Plateforme chimique de Tavaux et agglomération du Grand Dole : hydrogène coproduit,
chaleur fatale et vapeur partagées entre…') and the header keeps its height.
"""

from __future__ import annotations

from eitflow.report.labelgeom import text_width

#: the title's size (px) on one line, its least on one line, and a line's height there (the h1's
#: 1.5: 33 px, measured in Chromium); two lines at TITLE_TWO_FS px, TITLE_TWO_PX px apart (2 x
#: 16.5 = 33 px: the header no taller than with a title on one line)
TITLE_PX, TITLE_MIN_PX, TITLE_LINE_PX = 22.0, 15.0, 33.0
TITLE_TWO_FS, TITLE_TWO_PX = 15.0, 16.5
#: the page's width (px), what the title may take of it (text_width is DejaVu Sans Bold's widths,
#: the h1's face: a margin for a line's last word and the letter spacing, -0.01 em)
PAGE_W, TITLE_FILL = 1040.0, 0.97
#: the status box's lines: what the solver found (13 px, line height 1.5) and what to decide
#: (12 px); beside the badge (12 px bold capitals, 0.06 em spacing, 9 px padding each side) after
#: 14 px of gap, in the box's 12 px padding and 1 px border each side
HEAD_FS, HEAD_LINE_PX, SMALL_FS, SMALL_LINE_PX = 13.0, 19.5, 12.0, 18.0
STATUS_PAD_PX, BADGE_PAD_PX, BADGE_GAP_PX = 2 * 12.0 + 2 * 1.0, 2 * 9.0, 14.0
#: the status's text is regular, `text_width` measures bold: as the legend's (`briefnotes.LEGEND_REGULAR`)
REGULAR = 0.93
#: a sweep's line under the title (`.brief .meta`: 12 px at 1.5, 2 px above it and 8 below)
SWEEP_LINE_PX = 12.0 * 1.5 + 2.0 + 8.0


def title_size(title: str) -> tuple[float, int]:
    """The title's font size (px) and lines (1 or 2): TITLE_PX where it fits on one line, smaller
    down to TITLE_MIN_PX, else two lines at TITLE_TWO_FS (cut after the second with an ellipsis,
    whole in its tooltip and in the full report).

    Parameters
    ----------
    title : str
        The scenario's name.

    Returns
    -------
    tuple of (float, int)
        Font size (px) and number of lines.
    """
    w = text_width(title, TITLE_PX)
    room = PAGE_W * TITLE_FILL
    if w <= room:
        return TITLE_PX, 1
    px = TITLE_PX * room / w
    return (px, 1) if px >= TITLE_MIN_PX else (TITLE_TWO_FS, 2)


def _lines(text: str, fs: float, width: float) -> int:
    """Lines of `text` at `fs` px wrapped in `width` px (regular face; words kept whole)."""
    lines, x = 1, 0.0
    space = REGULAR * text_width(" ", fs)
    for word in text.split():
        w = REGULAR * text_width(word, fs)
        if x and x + space + w > width:
            lines, x = lines + 1, w
        else:
            x += (space if x else 0.0) + w
    return lines if text.strip() else 0


def status_lines(label: str, head: str, small: str) -> tuple[int, int]:
    """The lines of the status box's two texts (what the solver found, what to decide) beside its
    badge `label` (shown in capitals)."""
    badge = text_width(label.upper(), 12.0) + 0.06 * 12.0 * len(label) + BADGE_PAD_PX
    width = PAGE_W - STATUS_PAD_PX - badge - BADGE_GAP_PX
    return _lines(head, HEAD_FS, width), _lines(small, SMALL_FS, width)


def header_extra_px(title: str, label: str, head: str, small: str, swept: bool) -> float:
    """The px the brief's header takes past the one its map's room was set for (the title on one
    line or two of the same height, one line of status and one of what to decide, no sweep line):
    its status's lines past those, and a sweep's line.

    Parameters
    ----------
    title : str
        The scenario's name (`title_size`).
    label, head, small : str
        The status badge's word, what the solver found, what to decide.
    swept : bool
        Whether a sweep's line is under the title.

    Returns
    -------
    float
        Height (px) the map's room gives up; 0 for the header it was set for.
    """
    nh, ns = status_lines(label, head, small)
    lines = title_size(title)[1]
    title_px = TITLE_LINE_PX if lines == 1 else lines * TITLE_TWO_PX
    return (max(0.0, title_px - TITLE_LINE_PX) + HEAD_LINE_PX * max(0, nh - 1) + SMALL_LINE_PX * max(0, ns - 1)
            + (SWEEP_LINE_PX if swept else 0.0))


__all__ = ["header_extra_px", "status_lines", "title_size"]
