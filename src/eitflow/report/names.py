"""Names people read: a site's name from sites.csv first, its code only where it has none; a
shared network (the party of its connections, ``network:heat``) by its name in the report's
language ("Heat network", "Réseau de chaleur"), never by its internal id."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from eitflow.candidates.network import network_of
from eitflow.ids import display_names as display_names  # re-exported: the report's names read it here


def network_name(resource: str, lang: str = "en") -> str:
    """A shared network of `resource` as people read it: 'Heat network', 'Réseau de chaleur'."""
    import eitflow.i18n as i18n

    out = i18n.network_label(resource, lang)
    return out[:1].upper() + out[1:]


def party_names(sites: pd.DataFrame, lang: str = "en", parties: Iterable[str] = (),
                places: dict[str, str] | None = None) -> dict[str, str]:
    """Site id -> the name people read (`display_names`), plus every network party id among
    `parties` (the ids of exchanges' two ends) -> its network's name (`network_name`), plus
    `places` (other places a corridor may end at: hub and junction id -> name) not among them."""
    out = dict(zip(sites["site_id"].astype(str), display_names(sites)))
    for k, v in (places or {}).items():
        out.setdefault(str(k), v)
    for p in set(map(str, parties)) - out.keys():
        r = network_of(p)
        if r is not None:
            out[p] = network_name(r, lang)
    return out


def scenario_places(scen) -> dict[str, str]:
    """Hub and junction id -> name (its id where it has none) of a `Scenario`: the places
    besides sites where a corridor of a shared network may end."""
    out: dict[str, str] = {}
    for table, key in ((scen.hubs, "hub_id"), (scen.junctions, "junction_id")):
        if table is not None and len(table):
            names = table["name"] if "name" in table.columns else table[key]
            out.update({str(i): (str(n).strip() if isinstance(n, str) and n.strip() else str(i))
                        for i, n in zip(table[key], names)})
    return out


def corridor_size(rec: dict, lang: str = "en") -> str:
    """A corridor of corridors.csv (a record) by its size as people read it: 'DN150', 'existing
    pipe' / 'conduite existante', a linearly sized one by the catalogue size that carries it
    ('DN200 (linear sizing)'), one with its own costs 'own costs' / 'coûts propres' (its size
    code is 'custom'), or 'DN150 (own costs)' on a size it was given."""
    import eitflow.i18n as i18n

    if rec["existing"]:
        return i18n.text("map_corridor_existing", lang)
    if rec.get("sizing") in ("linear", "classes"):
        return i18n.text(f"map_corridor_{rec['sizing']}", lang, size=rec["catalogue_size"])
    if rec.get("sizing") == "given":   # its own costs, on a size it was given or none ('custom')
        own = i18n.text("map_corridor_custom", lang)
        return own if rec["size"] == "custom" else i18n.text("map_corridor_own_size", lang, size=rec["size"], own=own)
    return str(rec["size"])


def zone_label(zone: str, lang: str = "en") -> str:
    """A zone of zones.csv / zone_flows.csv as people read it: a shared network's id (the
    network's end of its connections) by the network's name, the sites without a zone as
    "(no zone)" / "(sans zone)", any other zone as written in sites.csv."""
    import eitflow.i18n as i18n
    from eitflow.results.zones import NO_ZONE

    r = network_of(str(zone))
    if r is not None:
        return network_name(r, lang)
    return i18n.text("no_zone", lang) if zone == NO_ZONE else str(zone)


def is_network(party: str) -> bool:
    """Whether `party` is a shared network's id rather than a site's."""
    return network_of(str(party)) is not None


def run_names(data, lang: str = "en") -> dict[str, str]:
    """`party_names` for a run (`results.rundir.RunData`): its sites and the networks at either
    end of its exchanges, of the candidate links left unbuilt and of the shares table."""
    parties: list[str] = []
    for df in (data.matches, getattr(data, "not_chosen", None)):
        if df is not None:
            parties += [str(v) for c in ("source_site", "sink_site") if c in df.columns for v in df[c].unique()]
    if getattr(data, "network_shares", None) is not None and "network" in data.network_shares.columns:
        parties += [str(v) for v in data.network_shares["network"].unique()]
    return party_names(data.sites, lang, parties, getattr(data, "junction_names", None))


def short_name(name: str, limit: int) -> str:
    """A name that fits `limit` characters: a trailing "(...)" goes first, then an ellipsis."""
    if len(name) <= limit:
        return name
    if name.endswith(")") and " (" in name:
        name = name[:name.rindex(" (")].rstrip()
        if len(name) <= limit:
            return name
    return name[:limit - 1].rstrip() + "…"


def distinct_short(full: list[str], shown: list[str]) -> list[str]:
    """`shown` (each a shortening of the name at the same place of `full`, `short_name`) with no
    two different names looking the same: where they would ("Société d'Exploitation des Fo…"
    for the furnaces n°35 and n°39), each is cut in its middle instead, keeping from the word
    where the names start to differ ("Société d'Exploitation … n°35"), in as many characters."""
    import os.path

    groups: dict[str, set[str]] = {}
    for f, s in zip(full, shown):
        groups.setdefault(s, set()).add(f)
    out = list(shown)
    for i, (f, s) in enumerate(zip(full, shown)):
        same = groups[s]
        if len(same) < 2 or f == s:
            continue
        differ = len(os.path.commonprefix(sorted(same)))
        start = f.rfind(" ", 0, differ) + 1          # the tail starts with the word that differs
        g = f[:f.rindex(" (")] if f.endswith(")") and " (" in f[start:] else f   # a trailing "(...)" goes first
        tail = g[start:] if len(g) - start <= len(s) - 6 else g[len(g) - (len(s) - 6):]
        out[i] = g[:max(len(s) - len(tail) - 2, 4)].rstrip() + "… " + tail
    return out
