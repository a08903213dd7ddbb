"""Colours per resource and status, and the report's escaping; its numbers are `eitflow.i18n`'s
(`number`, `amount`, `money`, `card_figure`: the locale's separators), never formatted here."""

from __future__ import annotations

import html
import re

#: the ink of text, lines and network casings on maps and figures
INK = "#1d2433"
#: a network corridor is drawn over a dark casing this many pixels wider than its line ...
CORRIDOR_CASING_PX = 2.4
#: ... and dashed (dash, gap in pixels) where the pipe already exists: HTML and static maps alike
CORRIDOR_EXISTING_DASH = (7, 4)

# colour of each catalogue resource (colour-blind-aware choices where possible); others cycle
RESOURCE_COLOURS = {
    "heat": "#e8590c", "steam": "#c2255c", "hydrogen": "#0c8599", "co2": "#868e96", "water": "#1c7ed6",
    "fly_ash": "#d9a400", "slag": "#5f3dc4", "cement_additive": "#9c36b5", "fgd_gypsum": "#74b816",
    "gypsum": "#a9c23f", "sulphur": "#fcc419", "wood_waste": "#2b8a3e", "sludge": "#8b5a2b",
    "fertiliser": "#66a80f",
}


_EXTRA_COLOURS = ["#e64980", "#15aabf", "#fab005", "#40c057", "#4c6ef5", "#fd7e14", "#868e96", "#be4bdb",
                  "#12b886", "#f03e3e", "#228be6", "#82c91e"]


ZONE_FILLS = ["#4dabf7", "#ff922b", "#51cf66", "#cc5de8", "#fcc419", "#ff6b6b", "#20c997", "#845ef7",
              "#94d82d", "#f06595"]


ZONE_TEXT = ["#1864ab", "#c25400", "#2b8a3e", "#862e9c", "#a67c00", "#c92a2a", "#087f5b", "#5f3dc4",
             "#5c940d", "#a61e4d"]


#: the reasons a report explains, in the order it lists them (each has a name, reason_*, and a
#: sentence, reasonx_*, in data/messages.csv: one place for both languages)
REASON_ORDER = ("no_compatible_partner", "no_partner_in_range", "not_in_links_csv", "quality", "timing", "min_amount",
                "uneconomic", "no_co2_gain", "same_site", "network_unreachable", "network_not_selected",
                "capacity_used", "not_selected", "unit_not_built", "hub_not_built", "no_solution", "no_candidate", "not_enough_supply", "capacity",
                "single_source", "conflict")


def res_name(r: str, lang: str = "en") -> str:
    """A resource as people read it ('fly_ash' -> 'fly ash', 'cendres volantes')."""
    import eitflow.i18n as i18n

    return i18n.resource_name(r, lang)


def reason_name(r: str, lang: str = "en") -> str:
    """Short name of an unmatched or not-chosen reason."""
    import eitflow.i18n as i18n

    key = f"reason_{r}"
    return i18n.text(key, lang) if i18n.has_text(key) else str(r).replace("_", " ")


def reason_counts(reasons) -> list[tuple[str, int]]:
    """Each reason of `reasons` (unmatched.csv's or not_chosen.csv's `reason` column) and how
    many rows give it, the most frequent first, then by code: the report's chips over its table
    of unmatched flows and the brief's sentence where nothing is built say the same counts."""
    counts: dict[str, int] = {}
    for r in reasons:
        counts[str(r)] = counts.get(str(r), 0) + 1
    return sorted(counts.items(), key=lambda rc: (-rc[1], rc[0]))


def reason_text(r: str, lang: str = "en") -> str:
    """One sentence explaining a reason."""
    import eitflow.i18n as i18n

    key = f"reasonx_{r}"
    return i18n.text(key, lang) if i18n.has_text(key) else ""


STATUS_CLASS = {"optimal": "ok", "feasible": "warn", "time_limit": "bad", "infeasible": "bad", "error": "bad"}


def resource_colours(resources) -> dict[str, str]:
    """A stable colour per resource: the catalogue's own, then a fixed cycle in name order."""
    out, k = {}, 0
    for r in sorted(set(resources)):
        if r in RESOURCE_COLOURS:
            out[r] = RESOURCE_COLOURS[r]
        else:
            out[r] = _EXTRA_COLOURS[k % len(_EXTRA_COLOURS)]
            k += 1
    return out


def colours_of(data) -> dict[str, str]:
    """`resource_colours` of every resource in a run (`RunData.resources`)."""
    return resource_colours(data.resources)


def _e(s) -> str:
    return html.escape(str(s), quote=True)


_TICKED = re.compile(r"`([^`\n]+)`")


def e_ticked(s) -> str:
    """A sentence of data/messages.csv as HTML: escaped (`_e`), a command or a file's key
    between backquotes ("`eitflow sizes`") set as code, as the README writes it; the brief and
    the report printed the backquotes themselves ("(`eitflow sizes` ; détail ...)").

    Parameters
    ----------
    s : object
        The sentence (its text: str(s)).

    Returns
    -------
    str
        HTML with each `...` pair as <code>...</code>; a lone backquote stays as written.
    """
    return _TICKED.sub(r"<code>\1</code>", _e(s))


#: what `unbroken_html` leaves as it is: scripts, styles, drawings (an SVG's text never wraps; its
#: tooltips are the map's and the Sankey's own words) and every tag with its attributes
_TAG_OR_CODE = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<svg\b.*?</svg>|<[^>]*>)", re.S)


def unbroken_html(body: str) -> str:
    """`body` (HTML) with its text's numbers kept whole on a line (`i18n.unbroken`: '1 000'
    typed with a plain space, '6,0 km', 'sur 20 ans'); tags, attribute values (ids a script or
    a test reads), scripts, styles and SVG drawings as they are.

    Parameters
    ----------
    body : str
        HTML.

    Returns
    -------
    str
        The same HTML, only spaces in its text changed (to U+202F and U+00A0).
    """
    import eitflow.i18n as i18n

    parts = _TAG_OR_CODE.split(body)
    parts[::2] = [i18n.unbroken(p) if " " in p else p for p in parts[::2]]
    return "".join(parts)


def _blend(c1: str, c2: str, a: float) -> str:
    """Colour c1 at opacity a over c2, as an opaque hex colour."""
    x = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
    y = [int(c2[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a * p + (1 - a) * q):02x}" for p, q in zip(x, y))


def screen_hint(key: str, lang: str) -> str:
    """How to use the page on a screen (hover, zoom, sort; message `key`), left out of print
    (css.PRINT_CSS): a PDF can do none of it."""
    import eitflow.i18n as i18n

    return f' <span class="screen-only">{_e(i18n.text(key, lang))}</span>'
