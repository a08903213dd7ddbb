"""The top tables' route cells of the brief (`report.brief`): the two sites of an exchange in
ROUTE_CHARS characters, a network's counted sites in SITES_CHARS, and the lines such a cell takes
on its width, measured as the brief measures its notes (`text_width`).

A route was kept on one line, cut by characters: 62 characters of wide letters ("MM", capitals,
"W") ran past its 454 px, where the page's style cut its end with an ellipsis (the bundled
briefs' widest had 4 px to spare). It now wraps at its spaces, and the right column's height
(`report.brief.top_column_px`) counts its lines past the first (`data-lines`).
"""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.report.labelgeom import text_width
from eitflow.report.names import distinct_short, short_name, without_note

#: characters of "source → sink" on a row of the top tables: the route runs over the whole
#: table's width (454 px at 11.5 px: about 64 characters of DejaVu Sans and the arrow), its figures below it
#: (its first column 58 %: the figures' two columns take 21 % each, 97 px, for a head on one line at
#: 11.5 px bold, 'CO2 avoided' 82 px and 'Bénéfice net' 81 px of text, 10 px of padding: at 60/22/18 % English's
#: 'CO2 avoided' took two lines in both tables, 33 px past the page, and every English brief was scaled)
ROUTE_CHARS = 62

#: characters of a row's list of the sites its route counts ("Injectent : A, B et 3 autres") on
#: the route's width (454 px) at 10.5 px: 6 px a character (site names measured 5.1 px in
#: Chromium), its end cut by an ellipsis where wider; and of a name in it
SITES_CHARS, SITE_NAME_CHARS = 76, 30

#: px of a route's line: the table's width (464 px) less its cell's padding (10 px) and the
#: resource's swatch (8 px and its 5 px margin); a sites' line has no swatch
ROUTE_PX, SITES_PX = 464.0 - 10.0 - 13.0, 464.0 - 10.0
#: font sizes (px) of a route and of a sites' line (`report.brief.BRIEF_CSS`)
ROUTE_FS, SITES_FS = 11.5, 10.5
#: the route's text is regular, `text_width` measures bold: regular text measured 0.84 to 0.93 of
#: it in Chromium (`report.briefnotes.LEGEND_REGULAR`), so lines counted so are a little generous
REGULAR = 0.93


def text_lines(text: str, fs: float, room: float) -> int:
    """The lines `text` takes at `fs` px in `room` px, broken at its ordinary spaces as the
    browser breaks it (a no-break space holds its words together): its words laid greedily.

    Parameters
    ----------
    text : str
        The text (plain, not HTML).
    fs : float
        Its font size (px).
    room : float
        The line's width (px).

    Returns
    -------
    int
        Lines, at least 1 (a word wider than `room` alone on its line, the browser breaking it).
    """
    space = REGULAR * text_width(" ", fs)
    n, x = 1, 0.0
    for word in text.split(" "):
        w = REGULAR * text_width(word, fs)
        if x and x + space + w > room:
            n, x = n + 1, 0.0
        elif x:
            x += space
        while x + w > room:   # a word wider than the line: the browser breaks it (overflow-wrap)
            n, w, x = n + 1, w - (room - x), 0.0
        x += w
    return n


def route_span(inner: str, text: str, cls: str = "route") -> str:
    """A route's (or, with `cls` "route sites", a sites' line's) span: `inner` its HTML, `text`
    its words as shown; where they take more than a line, `data-lines` says how many."""
    fs, room = (SITES_FS, SITES_PX) if "sites" in cls else (ROUTE_FS, ROUTE_PX)
    n = text_lines(text, fs, room)
    lines = f' data-lines="{n}"' if n > 1 else ""
    return f'<span class="{cls}"{lines}>{inner}</span>'


def site_list(names: list[str], room: int, lang: str) -> str:
    """`names` (the largest amount first) in `room` characters: as many as fit, each cut to
    SITE_NAME_CHARS (`short_name`; two different names never alike: `distinct_short`), the
    others counted ("A, B et 3 autres"); the first always."""
    shown = distinct_short(names, [short_name(n, SITE_NAME_CHARS, True) for n in names])
    sep = ", "   # as the route's names (list_sep's ";" parts larger items)
    for k in range(len(shown), 0, -1):
        head = sep.join(shown[:k])
        text = head if k == len(shown) else i18n.counted(len(shown) - k, "brief_sites_more", lang, list=head)
        if len(text) <= room or k == 1:
            return text
    return ""


def route_names(a: str, b: str, room: int = ROUTE_CHARS) -> tuple[str, str]:
    """Source and sink names that fit `room` characters together: a trailing "(...)" goes
    first, then the longer name is shortened (`short_name`), so each row names both sites; two
    different names never alike (one company's two plants: `distinct_short`)."""
    if len(a) + len(b) <= room:
        return a, b
    full = [a, b]
    a, b = without_note(full)
    half = room // 2
    if len(a) <= half:
        shown = [a, short_name(b, room - len(a), True)]
    elif len(b) <= half:
        shown = [short_name(a, room - len(b), True), b]
    else:
        shown = [short_name(a, half, True), short_name(b, room - half, True)]
    na, nb = distinct_short(full, shown)
    return na, nb


#: px of a top table's first column (58 % of its 464 px) and of a figure's (21 %), each with 5 px
#: of padding a side (`report.brief.BRIEF_CSS`); the page's script wraps a row's second line
#: where it comes within GAP px of the row's figure (`report.brief.FIT_JS`)
EX_COL_PX, FIG_COL_PX, CELL_PAD_PX, GAP_PX = 0.58 * 464.0, 0.21 * 464.0, 5.0, 6.0
#: font sizes (px) of a row's second line and of its figures
SAID_FS, FIGURE_FS = 10.5, 11.5
#: a row's second line measured 0.868 to 0.904 of `text_width` in Chromium (34 lines of four bundled briefs,
#: both languages): whether it reaches the figure is told with the largest; REGULAR (0.93)
#: would wrap redon_h2's sludge row (287 px of text where 303 are free) and take a row off its tables
SAID_REGULAR = 0.905


def said_small(text: str, figure: str) -> str:
    """A top table's row's second line (what it carries and its amounts: `text`, plain) as the
    brief's HTML: `<small>`, with `data-lines` where the page's script will wrap it, its end
    coming within GAP_PX of the row's figure `figure` (right-aligned in the next column), into
    its cell's width; `report.brief.top_column_px` counts those lines, so the right column keeps
    its page unscaled (a heat pump's exchange, "chaleur, 19 839 MWh/an envoyés, 30 000 reçus ·
    pompe à chaleur, COP 2,87", takes two lines: it shrank dunkerque_dh's French brief to 0.983).
    """
    from html import escape

    ends = CELL_PAD_PX + SAID_REGULAR * text_width(text, SAID_FS)
    fig_left = EX_COL_PX + FIG_COL_PX - CELL_PAD_PX - SAID_REGULAR * text_width(figure, FIGURE_FS)
    n = text_lines(text, SAID_FS, EX_COL_PX - 2 * CELL_PAD_PX) if ends > fig_left - GAP_PX else 1
    lines = f' class="said" data-lines="{n}"' if n > 1 else ""
    return f"<small{lines}>{escape(text, quote=False)}</small>"
