"""Names people read: a site's name from sites.csv first, its code only where it has none; a
shared network (the party of its connections, ``network:heat``) by its name in the report's
language ("Heat network", "Réseau de chaleur"), never by its internal id. The names an analysis
gives too (sites, networks, zones) are `results.names`', re-exported here."""

from __future__ import annotations

import numbers

import eitflow.i18n as i18n
from eitflow.candidates.network import network_of
from eitflow.ids import display_names as display_names  # re-exported: the report's names read it here
from eitflow.ids import note_off
from eitflow.results.names import network_name as network_name  # re-exported, as the four below
from eitflow.results.names import party_names as party_names
from eitflow.results.names import run_names as run_names
from eitflow.results.names import zone_label as zone_label


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
    pipe' / 'conduite existante' ('DN50, existing pipe' where corridors.csv gave its size), a
    linearly sized one by the catalogue size that carries it ('DN200 (linear sizing)'), one with
    its own costs 'own costs' / 'coûts propres' (its size code is 'custom'), or 'DN150 (own
    costs)' on a size it was given."""
    import eitflow.i18n as i18n

    if rec["existing"]:   # with its size where corridors.csv gave it ('DN50, existing pipe')
        size = str(rec.get("size", "existing"))
        return i18n.text("map_corridor_existing", lang) if size in ("existing", "", "nan") else \
            i18n.text("map_corridor_existing_size", lang, size=size)
    if rec.get("sizing") in ("linear", "classes"):
        return i18n.text(f"map_corridor_{rec['sizing']}", lang, size=rec["catalogue_size"])
    if rec.get("sizing") == "given":   # its own costs, on a size it was given or none ('custom')
        own = i18n.text("map_corridor_custom", lang)
        return own if rec["size"] == "custom" else i18n.text("map_corridor_own_size", lang, size=rec["size"], own=own)
    return str(rec["size"])


def corridor_ends(rec: dict) -> tuple[str, str, bool]:
    """A corridor of corridors.csv (a record) by the way its flow runs: (upstream end, downstream
    end, both ways). corridors.csv keeps the ends as corridors.csv gave them and the flow each way
    (`flow_forward` from -> to, `flow_backward` to -> from); the report's table of corridors and
    the map's tooltips say them the way the flow runs (the Ludres backbone's trunk_4, given LUDRES
    -> UVE_LUDRES, carries 15,645 MWh/yr from the UVE to Ludres: the table read "from Ludres to
    the UVE"). `both ways`: each way carries more than the solver's noise (monthly profiles may
    turn a corridor around); its ends are then as given."""
    from eitflow.results.tables import REL_TOL

    a, b = str(rec["from"]), str(rec["to"])
    fwd, bwd = float(rec.get("flow_forward", 0.0) or 0.0), float(rec.get("flow_backward", 0.0) or 0.0)
    noise = REL_TOL * max(1.0, fwd + bwd)
    if fwd > noise and bwd > noise:
        return a, b, True
    return (b, a, False) if bwd > fwd else (a, b, False)


def is_network(party: str) -> bool:
    """Whether `party` is a shared network's id rather than a site's."""
    return network_of(str(party)) is not None


def without_note(names: list[str]) -> list[str]:
    """Each of `names` without its trailing note in brackets, where a name is shown short (the
    map's labels, the brief's rows, explain's cells): "UVE Val-de-Sambre (nom fictif)" ->
    "UVE Val-de-Sambre", for every site alike; a name whose note is all that tells it from
    another of `names` keeps it ("Usine (Loon-Plage)" beside "Usine (Gravelines)"); a name
    without a note as it is. The tables that show names whole keep the note. explain kept the
    note of the names short enough ("UVE Val-de-Sambre (nom fictif)") and dropped that of the
    others ("Brasserie des Hauts de Sambre", 42 characters with it), so that some sites read as
    invented and others not.

    Parameters
    ----------
    names : list of str
        Names people read (sites.csv `name`).

    Returns
    -------
    list of str
        The names to shorten further (`short_name`), at the same places.
    """
    bare = [note_off(n) for n in names]
    full_of: dict[str, set[str]] = {}
    for n, b in zip(names, bare):
        full_of.setdefault(b, set()).add(n)
    return [b if len(full_of[b]) < 2 else n for n, b in zip(names, bare)]


def short_name(name: str, limit: int, whole_brackets: bool = False) -> str:
    """A name that fits `limit` characters: a trailing "(...)" goes first, then an ellipsis.

    `whole_brackets` (the report's and the brief's names): a cut falling inside a bracket ends
    the name before it, and one after a dash or a comma before that, where at least half the
    name is left: fos_siting's brief read 'Serre maraîchère chauffée (10 h…' on its map and
    'Usine de granulés de bois (100 kt/a…' in its table, a figure with its unit cut, and
    'Centre de données (20 MW IT) –…', now 'Serre maraîchère chauffée…', 'Usine de granulés de
    bois…', 'Centre de données (20 MW IT)…'."""
    if len(name) <= limit:
        return name
    if name.endswith(")") and " (" in name:
        name = name[:name.rindex(" (")].rstrip()
        if len(name) <= limit:
            return name
    cut = name[:limit - 1].rstrip()
    if whole_brackets:
        head = cut[:cut.rindex("(")] if cut.rfind("(") > cut.rfind(")") else cut
        head = head.rstrip(" –—-,;:")
        if len(head) >= (limit - 1) // 2:
            cut = head
    return cut + "…"


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


def param_label(p: str, lang: str = "en") -> str:
    """A swept parameter as people read it: 'prices.heat' -> 'heat price (× base)',
    'max_distance_km.heat' -> 'heat radius (km)', 'solver.time_limit_s' -> 'time limit (s)',
    'networks.heat.temperature_c' -> 'heat network temperature (degC)', 'unit_investment.hydrogen'
    -> 'hydrogen units' investment (× base)' (it read 'unit investment.hydrogen', in French too)."""
    head, _, r = p.partition(".")
    if head in ("prices", "availability", "max_distance_km", "unit_investment") and (r or head == "availability"):
        key = {"prices": "sweep_p_price", "availability": "sweep_p_availability",
               "max_distance_km": "sweep_p_radius", "unit_investment": "sweep_p_unit_investment"}[head]
        what = i18n.resource_name(r, lang) if r else ""   # French elides "de" before a vowel or a mute h: 'prix d'hydrogène'
        if lang == "fr" and head != "unit_investment" and i18n.has_text(f"res_of_{r}"):
            # with its article: 'prix de la chaleur', 'prix de l'hydrogène', 'rayon du laitier'
            return i18n.text(key + "_of", lang, res=i18n.text(f"res_of_{r}", lang), de="")
        return i18n.text(key + ("_of" if r else ""), lang, res=what, de=i18n.de(what, lang))
    if head == "solver" and i18n.has_text(f"sweep_p_{r}"):
        return i18n.text(f"sweep_p_{r}", lang)
    # a scenario.yaml parameter ('prix du carbone (€/tCO2)', 'taux d'actualisation', 'température du
    # réseau de chaleur (°C)'): as `eitflow compare` names it, from the same message; the column's
    # own words only for a key without one (the sweep read 'discount rate' in French, 'electricity
    # price eur per mwh', and the carbon price in €/t where compare says €/tCO2)
    return i18n.parameter_label(p, lang) or i18n.column_label(p, lang)


def param_value(p: str, v: object, lang: str = "en") -> str:
    """A swept parameter's value as people read it: the gap target (a share: 0.005) as a
    percentage ('0,50 %'; 'écart visé 0,005' read as 0.005 %), another share as compare says it
    (`i18n.SHARE_PARAMS`: the discount rate 0.05 is '5 %'), any other number as an amount."""
    if not isinstance(v, numbers.Real) or isinstance(v, bool):
        return str(v)
    if v != v:   # a run that does not set it
        return ""
    if p == "solver.mip_gap":
        return i18n.percent(v, lang)
    if p in i18n.SHARE_PARAMS:   # the discount rate 0.05 is 5 %, as compare says it
        return i18n.share_said(float(v), lang)
    return i18n.amount(v, lang)
