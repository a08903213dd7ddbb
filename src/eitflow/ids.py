"""Positions of ids (site, flow, hub, junction, node ids) among the rows of a table."""
from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat

import numpy as np

__all__ = ["TOTAL", "display_names", "named", "named_sites", "positions", "said_hub", "said_site", "territory_key", "unaccented"]


def unaccented(v: str) -> str:
    """`v` without its accents, case folded ('Fléville' → 'fleville'; an accent given as a
    combining character too)."""
    if v.isascii():
        return v.casefold()
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", v) if not unicodedata.combining(ch)).casefold()


#: the key of `siting.max_new_land_take_ha` for a budget over every territory together
TOTAL = "total"


def territory_key(code: object) -> str:
    """A territory's code as compared (plots.csv `territory`, the keys of
    `siting.max_new_land_take_ha`): trimmed, case folded, and a code of digits without its
    leading zeros, so '01053' (INSEE, as a CSV keeps it), 1053 (a YAML or spreadsheet number
    that lost its zero) and ' 01053 ' are one commune; SIREN codes (9 digits, none starting
    with 0) are unchanged."""
    s = str(code).strip().casefold()
    return (s.lstrip("0") or "0") if s.isdigit() else s


def positions(keys: Iterable, values: Iterable) -> np.ndarray:
    """Per value, the position of the equal key among `keys` (which are unique), -1 where
    there is none: what `pandas.Index(keys).get_indexer(values)` gives.

    One dict built over `keys`, one lookup per value. On the small tables of a run (tens to
    hundreds of ids) this costs a few microseconds where pandas' costs 40-200 us (making the
    index and converting its string dtype; several per run on FCNetLib's smallest networks,
    whose whole HiGHS solve takes 3 ms); on 40,000 ids both take about 10 ms.

    Parameters
    ----------
    keys : array-like
        Unique ids (a later duplicate would shadow an earlier one: callers pass validated ids).
    values : array-like
        Ids to look up.

    Returns
    -------
    numpy.ndarray of int64
    """
    kl = _as_list(keys)
    at = dict(zip(kl, range(len(kl))))   # a later duplicate shadows an earlier one, as before
    vals = _as_list(values)
    # `map` over the dict's own `get`, no generator frame per value: 28 against 44 us for 100
    # ids among 50 (nine calls a run on FCNetLib's sp50x100)
    return np.fromiter(map(at.get, vals, repeat(-1, len(vals))), np.int64, len(vals))


def _as_list(a: Iterable) -> list:
    if isinstance(a, list):
        return a
    return (a if isinstance(a, np.ndarray) else np.asarray(a, object)).tolist()


def display_names(sites) -> list[str]:
    """The name people read for each site of `sites` (a DataFrame with `site_id` and maybe
    `name`): sites.csv `name`, else its code."""
    ids = sites["site_id"].astype(str).tolist()
    names = sites["name"].astype(str).tolist() if "name" in sites.columns else ids
    return [n.strip() if n and n.strip() and n.strip().lower() != "nan" else i for n, i in zip(names, ids)]


def named_sites(sites) -> dict[str, str]:
    """Site id -> its `display_names` name, for the sites of `sites` that have one besides
    their code: a sentence names such a site as people know it, its code beside it."""
    return {i: n for i, n in zip(sites["site_id"].astype(str), display_names(sites)) if n != i}


def note_off(name: str) -> str:
    """`name` without its trailing note in brackets ("UVE Val-de-Sambre (nom fictif)" ->
    "UVE Val-de-Sambre"); a name without one as it is (`report.names.without_note`)."""
    return name[:name.rindex(" (")].rstrip() if name.endswith(")") and " (" in name else name


def with_code(name: str, code) -> str:
    """A name with its code beside it, the one rule of every place that shows both (sentences,
    the terminal's tables): "Landrecies (INSEE59331)"; a name ending in a note in brackets takes
    its code inside them, after a comma: "UVE Val-de-Sambre (nom fictif, UVE_VDS)", "Serre
    maraîchère chauffée (10 ha, SERRE)". `eitflow resilience` read "UVE Val-de-Sambre (nom
    fictif) (UVE_VDS)", two brackets after a name. The note is kept: it may be what the name says
    of the site (its size, "centre", "candidate"); where a name is shown short (explain's cells,
    the map, the brief) it goes first (`report.names.without_note`)."""
    name = str(name)
    return f"{name[:-1]}, {code})" if name.endswith(")") and " (" in name else f"{name} ({code})"


def named(names: dict[str, str], site_id, bare: str | None = None) -> str:
    """A site in a sentence: its name from `names` (`named_sites`) with its code beside it
    (`with_code`: "Landrecies (INSEE59331)"), else `bare` (else its code)."""
    sid = str(site_id)
    return with_code(names[sid], sid) if sid in names else (sid if bare is None else bare)


def said_hub(hubs, h: int) -> str:
    """Hub `h` (its position in hubs.csv) in a sentence, as a site is said (`said_site`): its
    name with its code beside it ("Station hydrogène (HRS_REDON)"), else its code."""
    return said_site(hubs.rename(columns={"hub_id": "site_id"}), str(hubs["hub_id"].iat[h]))


def said_site(sites, site_id: str, bare: str | None = None) -> str:
    """One site in a sentence, as people know it, its code beside it ("Landrecies
    (INSEE59331)"), as `named_sites` names them; without a name in `sites`, `bare` (else
    its code). Looks up this site alone: for the few sentences that name one."""
    sid = str(site_id)
    return named(named_sites(sites.loc[sites["site_id"].astype(str).to_numpy() == sid]), sid, bare)
