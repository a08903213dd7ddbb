"""Names people read: a site's name from sites.csv first, its code only where it has none; a
shared network (the party of its connections, ``network:heat``) by its name in the report's
language ("Heat network", "Réseau de chaleur"), never by its internal id; a zone of zones.csv,
the sites without one as "(no zone)" / "(sans zone)". Here, below the analyses, so that
`analyses.compare` used as a library names them as `eitflow compare` and the report do
(`report.names` gives them to the report)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from eitflow.candidates.network import network_of
from eitflow.ids import display_names
from eitflow.results.zones import NO_ZONE


def network_name(resource: str, lang: str = "en") -> str:
    """A shared network of `resource` as people read it: 'Heat network', 'Réseau de chaleur'."""
    import eitflow.i18n as i18n

    out = i18n.network_label(resource, lang)
    return out[:1].upper() + out[1:]


def party_names(sites: pd.DataFrame, lang: str = "en", parties: Iterable[str] = (),
                places: dict[str, str] | None = None) -> dict[str, str]:
    """Site id -> the name people read (`display_names`), plus every network party id among
    `parties` (the ids of exchanges' two ends) -> its network's name (`network_name`), plus
    `places` (other places a corridor may end at: hub and junction id -> name) not among them. A
    piece's id ("network:heat#2", `results.netparts.by_piece`) reads "Heat network, piece 2"."""
    import eitflow.i18n as i18n

    out = dict(zip(sites["site_id"].astype(str), display_names(sites)))
    for k, v in (places or {}).items():
        out.setdefault(str(k), v)
    for p in set(map(str, parties)) - out.keys():
        r = network_of(p)
        if r is not None:   # a piece of a network no corridor joins to the rest: its number too
            piece = p.partition("#")[2]
            out[p] = i18n.text("network_piece_name", lang, net=network_name(r, lang), n=piece) if piece \
                else network_name(r, lang)
    return out


def zone_label(zone: str, lang: str = "en") -> str:
    """A zone of zones.csv / zone_flows.csv as people read it: a shared network's id (the
    network's end of its connections) by the network's name, the sites without a zone as
    "(no zone)" / "(sans zone)", any other zone as written in sites.csv."""
    import eitflow.i18n as i18n

    r = network_of(str(zone))
    if r is not None:
        return network_name(r, lang)
    return i18n.text("no_zone", lang) if zone == NO_ZONE else str(zone)


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



def scenario_names(scen, lang: str = "en", parties: Iterable[str] = ()) -> dict[str, str]:
    """`party_names` for a scenario before any run: its sites, its hubs and junctions (the
    places a link or a corridor may end at besides a site; hubs.csv and junctions.csv `name`,
    else their code) and the networks among `parties`."""
    places: dict[str, str] = {}
    for df, key in ((scen.hubs, "hub_id"), (scen.junctions, "junction_id")):
        if df is not None and len(df) and key in df.columns:
            places.update(zip(df[key].astype(str), display_names(df.rename(columns={key: "site_id"}))))
    return party_names(scen.sites, lang, parties, places)
