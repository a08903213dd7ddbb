"""The report's Sankey diagrams: one panel per unit, sources on the left, uses on the right."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import eitflow.i18n as i18n
from eitflow.ids import with_code
from eitflow.report.names import distinct_short, is_network, run_names, short_name
from eitflow.report.style import _e, colours_of, res_name, screen_hint
from eitflow.report.tables import exchange_said
from eitflow.results.rundir import RunData

SANKEY_MAX_NODES = 12  # per side and unit; the rest are merged into "N other sites"


@dataclass
class SankeyPanel:
    unit: str
    width: float
    height: float
    total: float
    nodes: list[dict]   # side, label, title, x, y, h, amount
    bands: list[dict]   # x0, y0a, y0b, x1, y1a, y1b, resource, colour, title, amount
    merged: bool = False  # some sites were merged into an "N other sites" node
    mixed: bool = False   # several materials in one unit: amounts side by side, never added up
    lang: str = "en"


def _unit_rank(unit: str) -> tuple:
    u = unit.lower()
    if "wh" in u or u.startswith("gj") or u.startswith("mw"):
        return (0, u)
    if u.startswith("t") or u.startswith("kt") or u.startswith("kg"):
        return (1, u)
    if "m3" in u:
        return (2, u)
    return (3, u)


def _addable(unit: str, resources) -> bool:
    """Amounts may be summed: one resource, or energy (MWh of heat and of steam are both energy)."""
    return len(set(resources)) <= 1 or "wh" in unit.lower()


MAX_NODE_LABEL = 28


def _supplied(data: RunData, sub, unit: str, bands_total: float) -> float:
    """What the sources of a panel supply (summary.json's amount per resource, from the
    statistics): a hub's or a shared network's bands go in and come out again, so the sum of
    the bands counts what passes through them twice. The bands' sum where the summary has no
    such figure (a run directory written before it)."""
    by = (data.totals or {}).get("amount_by_resource") or {}
    res = set(sub["supply_resource"])
    rows = [by.get(r) for r in res]
    if not rows or any(not isinstance(r, dict) or r.get("unit") != unit for r in rows):
        return bands_total
    return float(sum(float(r["amount"]) for r in rows))


LOSSES, PUMPS = "losses|", "pumps|"   # keys of a network's losses (a use) and its heat pumps' input (a source)
LEG_LOSSES = "leglosses|"             # key of what the legs into hubs lose on the way (a use)


def _legs_arrive(data: RunData, sub):
    """`sub` (a panel's matches.csv rows) with each leg into a hub at what reaches the hub,
    its `demand_amount` (`Statistics.links`: sent x the leg's yield, `candidates.pipeloss`), so
    that a hub's node takes in what its legs out send on, and `sent` (what the source sends,
    `amount`); and one row per (source, resource) whose legs into hubs lose something on the
    way: from the source to the node `LEG_LOSSES`, that loss (sent - arrived). A heat plant 3
    km from a hub at 0.2 %/km: 10,000 MWh/yr sent, a band of 9,940 into the hub and one of 60
    lost; the hub's leg out 9,940, of which its user gets 9,900.24. Unchanged for a run
    directory without hubs.csv or demand_amount."""
    import pandas as pd

    sub = sub.assign(sent=sub["amount"].to_numpy(float))
    hubs = set() if data.hubs is None or "hub_id" not in data.hubs else set(data.hubs["hub_id"].astype(str))
    if not hubs or "demand_amount" not in sub.columns or "demand_unit" not in sub.columns:
        return sub, pd.DataFrame()
    arrived = pd.to_numeric(sub["demand_amount"], errors="coerce").to_numpy(float)
    leg_in = (sub["sink_site"].astype(str).isin(hubs) & (sub["demand_unit"] == sub["unit"])).to_numpy() \
        & np.isfinite(arrived)
    sub = sub.assign(amount=np.where(leg_in, arrived, sub["amount"].to_numpy(float)))
    lost = sub[leg_in].assign(amount=(sub["sent"] - sub["amount"])[leg_in])
    lost = lost[lost["amount"] > 1e-9 * lost["sent"].abs().clip(lower=1.0)]
    rows = (lost.groupby(["source_site", "supply_resource"], sort=True)[["amount", "sent"]].sum().reset_index()
            .assign(sink_site=LEG_LOSSES, demand_resource=lambda d: d["supply_resource"], sent=0.0))
    return sub, rows


def _balance_said(key: str, amount: float, unit: str, names: dict, lang: str) -> str:
    """The tooltip of a network's losses or of its heat pumps' electricity (the node and its
    band), one sentence: "Réseau de chaleur : 2 776 MWh/an perdus le long de ses tronçons"
    (the band said "Réseau de chaleur → Réseau de chaleur : pertes : pertes du réseau le long
    des tronçons", the node "reçu : pertes du réseau...")."""
    loss = key.startswith(LOSSES)
    p = key[len(LOSSES if loss else PUMPS):]
    return i18n.text("sankey_losses_said" if loss else "sankey_pumps_said", lang, net=names.get(p, p),
                     amount=i18n.amount(amount, lang), unit=i18n.unit(unit, lang))


def _network_legs(data: RunData, g, unit: str, names: dict, lang: str):
    """`g` (the bands: source_site, sink_site, resources, amount) with each shared network's
    node balanced from summary.json's ``networks.by_resource.<r>.balance`` (`results.netbalance`,
    the figures the network section and results.xlsx show): the legs of a hub standing on the
    network (its ``hubs_on_network``) drawn into and out of the network's node, the hub in
    column `via` (the balance counts them as the network's: they entered the hub's own node, with
    nothing going in, and the network's node did not balance), a band from the network to
    "network losses" (lost along its corridors) and one from "heat pumps' electricity" to the
    network (added at injection), so what enters the network's node (the supplies' heat + the
    pumps') equals what leaves it (the deliveries + the losses). `names` gets the two nodes'
    names; the second value: per network party, its balance said in a sentence (the nodes' tooltips)."""
    import pandas as pd

    from eitflow.candidates.network import party_id
    from eitflow.report.names import network_name
    from eitflow.results.netbalance import exchange_legs, network_sides

    nets = ((data.summary or {}).get("networks") or {}).get("by_resource") or {}
    g = _passed_apart(g.reset_index(drop=True))
    # the rows the balance counts in and out of a network (`network_sides`): a hub's leg among them
    # is drawn from (to) the network's node, but for what a CO2 hub passed truck to truck
    into, out = network_sides(exchange_legs(g, {r: (nw or {}).get("hubs_on_network") or [] for r, nw in nets.items()}))
    into, out = np.where(g["_thru"], "", into), np.where(g["_thru"], "", out)
    src, snk = g["source_site"].astype(str).to_numpy(), g["sink_site"].astype(str).to_numpy()
    leg_in, leg_out = (into != "") & (into != snk), (out != "") & (out != src)
    g = g.assign(source_site=np.where(leg_out, out, src), sink_site=np.where(leg_in, into, snk),
                 via=np.where(leg_in, snk, np.where(leg_out, src, "")))
    rows, said = [], {}
    parties = set(g["source_site"]) | set(g["sink_site"])
    for r, nw in sorted(nets.items()):
        b, p = (nw or {}).get("balance"), party_id(r)
        if not b or b.get("unit") != unit or p not in parties:
            continue   # a run written before the balance: the bands as they were
        u = i18n.unit(unit, lang)
        # no heat pump at injection (a hydrogen or CO2 network has no such figure, or heat that needs none): no such term
        hp = float(b.get("heat_pump_electricity", 0.0))
        said[p] = i18n.text("sankey_network_balance" if hp > 0 else "sankey_network_balance_direct",
                            lang, into=i18n.amount(b["into_network"], lang), sup=i18n.amount(b["injected_by_supplies"], lang),
                            hp=i18n.amount(hp, lang), out=i18n.amount(b["withdrawn"], lang),
                            loss=i18n.amount(b["losses"], lang), unit=u)
        if b["losses"] > 0:
            names[LOSSES + p] = i18n.text("sankey_network_losses", lang, net=network_name(r, lang))
            rows.append({"source_site": p, "sink_site": LOSSES + p, "supply_resource": r, "demand_resource": r,
                         "via": "", "amount": float(b["losses"])})
        if hp > 0:
            names[PUMPS + p] = i18n.text("sankey_network_pumps", lang)   # only a heat network has them
            rows.append({"source_site": PUMPS + p, "sink_site": p, "supply_resource": r, "demand_resource": r,
                         "via": "", "amount": hp})
    return (pd.concat([g, pd.DataFrame(rows)], ignore_index=True) if rows else g), said


def _passed_apart(g):
    """`g` (the bands, with matches.csv's ``passed_through_hub`` where it has it) with a leg of a
    hub on a CO2 network in two rows: what its hub put into (or drew from) the pipes, and what it
    passed straight between its legs in and out (``_thru`` True: it stays at the hub's node,
    never in the network's, as the balance counts it, `results.netbalance.piped_amounts`). E
    trucking 100,000 t/yr to such a hub, 30,000 trucked straight on to D and 70,000 piped to S:
    E -> network 70,000 and E -> hub 30,000 (before: 100,000 into the network and 30,000 out of it
    to D, which the pipes never carried)."""
    import pandas as pd

    p = (np.clip(g["passed_through_hub"].fillna(0.0).to_numpy(float), 0.0, g["amount"].to_numpy(float))
         if "passed_through_hub" in g else np.zeros(len(g)))
    thru = p > 0
    if not thru.any():
        return g.assign(_thru=False)
    amt = g["amount"].to_numpy(float)
    kept = 1.0 - p / np.where(amt > 0, amt, 1.0)   # what is sent and received, split as the amount
    rest = g.assign(amount=amt - p, sent=g["sent"] * kept, got=g["got"] * kept, _thru=False)
    part = g[thru].assign(amount=p[thru], sent=g["sent"][thru] * p[thru] / amt[thru],
                          got=g["got"][thru] * p[thru] / amt[thru], _thru=True)
    return pd.concat([rest[rest["amount"].to_numpy(float) > 0], part], ignore_index=True)


def _got(sub):
    """What each of a panel's matches.csv rows delivers (`demand_amount`, in `demand_unit`: after
    a pipe's losses, with a heat pump's electricity), NaN for a run directory written without
    those columns: carried with the bands, it is what their tooltips and their uses' say after
    "received" (`report.tables.sent_received`)."""
    import pandas as pd

    if "demand_amount" not in sub.columns or "demand_unit" not in sub.columns:
        return np.full(len(sub), np.nan)
    return pd.to_numeric(sub["demand_amount"], errors="coerce").to_numpy(float)


def _received(g, units: dict[str, str]) -> dict[str, dict[tuple[str, str], float]]:
    """Per use (sink_site) of a panel's bands `g`, what it receives per (resource, unit): the sum
    of its bands' `got` (matches.csv's `demand_amount`, in the demand resource's unit `units`),
    the figure its node's tooltip says after "received"; the bands are what the sources send
    (Heillecourt on the Ludres backbone: 10,462 MWh/yr received, its whole demand, through a pipe
    the UVE sends 10,536 into). Read from the bands as drawn, a network's node receives what its
    hubs' legs put into the pipes, never what a hub passed straight between its legs (the CO2
    trucked through to D stays at the hub's node). Empty for a run directory written without
    those columns."""
    d = g[g["got"].notna() & g["demand_resource"].isin(units)]
    d = d[d["sink_site"].astype(str) != LEG_LOSSES]
    out: dict[str, dict[tuple[str, str], float]] = {}
    for (k, r), v in d.groupby(["sink_site", "demand_resource"], sort=True)["got"].sum().items():
        out.setdefault(str(k), {})[(str(r), units[str(r)])] = float(v)
    return out


def sankey_layout(data: RunData, width: float = 960.0, max_nodes: int = SANKEY_MAX_NODES,
                  lang: str = "en") -> list[SankeyPanel]:
    """One two-column Sankey per supply unit (amounts in different units are never added):
    sources on the left, uses on the right, one band per (source, use, resource). Nodes are
    named by site name; a node that carries several materials (tonnes of slag and of fly ash)
    shows no total, only its parts in the tooltip."""
    m = data.matches
    if len(m) == 0:
        return []
    panels = []
    names = run_names(data, lang)

    def short(t: str) -> str:
        return short_name(t, MAX_NODE_LABEL, True)
    for unit in sorted(set(m["unit"]), key=_unit_rank):
        sub = m[m["unit"] == unit]
        # a leg into a hub drawn at what reaches the hub, what it loses on the way a band of its own
        sub, leg_lost = _legs_arrive(data, sub)
        sub = sub.assign(got=_got(sub))
        units = ({str(r): str(u) for r, u in zip(sub["demand_resource"], sub["demand_unit"]) if isinstance(u, str)}
                 if "demand_unit" in sub else {})
        summed = ["amount", "sent", "got"] + (["passed_through_hub"] if "passed_through_hub" in sub else [])
        g = (sub.groupby(["source_site", "sink_site", "supply_resource", "demand_resource"], sort=True)[summed]
             .sum(min_count=1).reset_index())
        g = g[g["amount"] > 0]
        if len(g) == 0:
            continue
        if len(leg_lost):
            import pandas as pd

            g = pd.concat([g, leg_lost.reindex(columns=g.columns)], ignore_index=True)
            names[LEG_LOSSES] = i18n.text("sankey_leg_losses", lang)
        g, said = _network_legs(data, g, unit, names, lang)
        own = {k for k in set(g["source_site"]) | set(g["sink_site"])
               if is_network(k) or str(k).startswith((LOSSES, PUMPS, LEG_LOSSES))}   # never merged into "other"
        # keep the largest nodes; merge the rest into one "other" node per side
        merged = False
        others: set[str] = set()
        for col, other in (("source_site", i18n.text("sankey_other_sources", lang)),
                           ("sink_site", i18n.text("sankey_other_uses", lang))):
            tot = g.groupby(col)["amount"].sum().sort_values(ascending=False, kind="stable")
            if len(tot) > max_nodes:
                keep = set(tot.index[:max_nodes - 1]) | own
                n_other = len(tot) - len(keep)
                g[col] = g[col].where(g[col].isin(keep), f"{n_other} {other}")
                others.add(f"{n_other} {other}")
                merged = True
        g = (g.assign(sent=g["sent"].fillna(0.0))
             .groupby(["source_site", "sink_site", "supply_resource", "demand_resource", "via"], sort=True)
             [["amount", "sent", "got"]].sum(min_count=1).reset_index())
        # what each use receives, from the bands as drawn (a merged "other uses" node: its uses' sum)
        received = _received(g, units)
        total = float(g["amount"].sum())
        left = g.groupby("source_site")["amount"].sum()
        right = g.groupby("sink_site")["amount"].sum()
        # order: sources by their main resource then size; uses by the mean position of their sources
        main_res = g.sort_values("amount", ascending=False, kind="stable").drop_duplicates("source_site") \
            .set_index("source_site")["supply_resource"]
        lorder = sorted(left.index, key=lambda k: (k in others, main_res[k], -left[k], k))
        lpos = {k: i for i, k in enumerate(lorder)}
        bary = {k: float(np.average([lpos[a] for a in grp["source_site"]], weights=grp["amount"]))
                for k, grp in g.groupby("sink_site")}
        rorder = sorted(right.index, key=lambda k: (k in others, bary[k], -right[k], k))
        rpos = {k: i for i, k in enumerate(rorder)}
        bary_l = {k: float(np.average([rpos[b] for b in grp["sink_site"]], weights=grp["amount"]))
                  for k, grp in g.groupby("source_site")}
        lorder = sorted(left.index, key=lambda k: (k in others, bary_l[k], main_res[k], k))
        lpos = {k: i for i, k in enumerate(lorder)}

        nmax = max(len(lorder), len(rorder))
        gap = 10.0
        content = max(150.0, 34.0 * nmax)
        min_band = 1.0
        k_scale = (content - gap * (nmax - 1)) / total
        g["t"] = np.maximum(g["amount"].to_numpy(float) * k_scale, min_band)
        top_pad = 14.0
        node_w = 14.0
        xl, xr = 285.0, width - 285.0 - node_w
        nodes, node_y = [], {}
        heights = {}
        slot = 16.0  # a node takes at least this height, so its label never collides with the next one
        hs_all = {side: [float(g.loc[g[col] == k, "t"].sum()) for k in order]
                  for side, order, col in (("left", lorder, "source_site"), ("right", rorder, "sink_site"))}
        content = max(content, *(sum(max(h, slot) for h in hs) + gap * (len(hs) - 1) for hs in hs_all.values()))
        for side, order, col in (("left", lorder, "source_site"), ("right", rorder, "sink_site")):
            hs = hs_all[side]
            span = sum(max(h, slot) for h in hs) + gap * (len(order) - 1)
            y = top_pad + (content - span) / 2
            for k, h in zip(order, hs):
                y += (max(h, slot) - h) / 2
                amt = float((left if side == "left" else right)[k])
                nm = names.get(k, k)
                parts = g[g[col] == k].groupby("supply_resource")["amount"].sum()
                addable = _addable(unit, parts.index)
                detail = ", ".join(f"{res_name(r, lang)} {i18n.amount(v, lang)} {i18n.unit(unit, lang)}"
                                   for r, v in parts.items())
                got = received.get(str(k)) if side == "right" else None
                shown = amt   # a use's figure: what it receives where that is in the panel's unit
                if got and set(u for _, u in got) == {unit} and _addable(unit, [r for r, _ in got]):
                    # (zae_example's cooperative, asking 1,800 t/yr of fertiliser, read 15,100: the sludge sent)
                    shown = sum(got.values())
                if got:   # what the use receives, and what its sources send where that differs
                    detail = ", ".join(f"{res_name(r, lang)} {i18n.amount(v, lang)} {i18n.unit(u, lang)}"
                                       for (r, u), v in got.items())
                    if set(u for _, u in got) != {unit} or abs(sum(got.values()) - amt) >= 0.5:
                        detail += f" ({i18n.text('sankey_sent', lang, amount=i18n.amount(amt, lang), unit=i18n.unit(unit, lang))})"
                verb = i18n.text("sankey_supplied" if side == "left" else "sankey_received", lang)
                # its code beside it, one bracket with a note (`ids.with_code`: "Ludres (centre, LUDRES)")
                name = with_code(nm, k) if nm != k and not is_network(k) and k not in own else f"{nm}"
                title = (_balance_said(str(k), amt, unit, names, lang) if str(k).startswith((LOSSES, PUMPS))
                         else i18n.text("sankey_leg_losses_said", lang, amount=i18n.amount(amt, lang),
                                        unit=i18n.unit(unit, lang)) if k == LEG_LOSSES
                         else i18n.text("sankey_node_title", lang, name=name, verb=verb, detail=detail)
                         + (f". {said[k]}" if k in said else ""))
                nodes.append({"side": side, "key": k, "label": short(nm), "x": xl if side == "left" else xr, "y": y,
                              "h": h, "amount": shown if addable else None, "title": title})
                node_y[(side, k)] = y
                heights[(side, k)] = h
                y += h + (max(h, slot) - h) / 2 + gap
        # no two nodes of the panel may look the same, on one side or facing each other (one
        # company's two plants, one sending to the other, read "Compagnie Industrielle et C…" on
        # both ends): names cut where they differ keep their end (`distinct_short`)
        for nd, lab in zip(nodes, distinct_short([names.get(nd["key"], nd["key"]) for nd in nodes],
                                                 [nd["label"] for nd in nodes])):
            nd["label"] = lab
        # band offsets: at a source, ordered by the use's position; at a use, by the source's position
        off = {key: 0.0 for key in node_y}
        bands = []
        g["lp"] = g["source_site"].map(lpos)
        g["rp"] = g["sink_site"].map(rpos)
        y0s, y1s = {}, {}
        for idx, rec in g.sort_values(["lp", "rp", "supply_resource"], kind="stable").iterrows():
            kk = ("left", rec["source_site"])
            y0s[idx] = node_y[kk] + off[kk]
            off[kk] += rec["t"]
        for idx, rec in g.sort_values(["rp", "lp", "supply_resource"], kind="stable").iterrows():
            kk = ("right", rec["sink_site"])
            y1s[idx] = node_y[kk] + off[kk]
            off[kk] += rec["t"]
        for idx, rec in g.sort_values("amount", ascending=False, kind="stable").iterrows():
            t = rec["t"]
            rs = rec["supply_resource"]
            src, snk = str(rec["source_site"]), str(rec["sink_site"])
            via = (" " + i18n.text("sankey_through_hub", lang, hub=names.get(rec["via"], rec["via"]))
                   if rec["via"] else "")   # a leg of a hub on the network: the network's, through the hub
            # what the band's exchanges send and what they deliver, as every view says it (a leg
            # into a hub, drawn at what reaches it, says what was sent too; the sludge sent beside
            # the fertiliser received): `exchange_said`, from matches.csv's amount and demand_amount
            said = exchange_said({"supply_resource": rs, "demand_resource": rec["demand_resource"], "unit": unit,
                                  "amount": rec["sent"] if rec["sent"] > 0 else rec["amount"],
                                  "demand_amount": rec["got"],
                                  "demand_unit": units.get(str(rec["demand_resource"]))}, lang)
            bands.append({"source": src, "sink": snk, "x0": xl + node_w, "y0a": y0s[idx], "y0b": y0s[idx] + t, "x1": xr, "y1a": y1s[idx],
                          "y1b": y1s[idx] + t, "resource": rs,
                          "colour": "#9aa0a6" if snk.startswith((LOSSES, LEG_LOSSES)) else "#d4a017" if src.startswith(PUMPS)
                          else colours_of(data).get(rs, "#555"),
                          "amount": float(rec["amount"]),
                          # a network's losses or its pumps' input: what it is, not an exchange of a resource
                          "title": i18n.text("sankey_leg_lost_from", lang, a=names.get(src, src),
                                             amount=i18n.amount(rec["amount"], lang), unit=i18n.unit(unit, lang))
                          if snk == LEG_LOSSES
                          else _balance_said(snk if snk.startswith(LOSSES) else src, float(rec["amount"]), unit,
                                             names, lang) if snk.startswith(LOSSES) or src.startswith(PUMPS)
                          else i18n.text("exchange_title_said", lang, a=names.get(src, src), b=names.get(snk, snk) + via,
                                         said=said)})
        mixed = not _addable(unit, g["supply_resource"])
        panels.append(SankeyPanel(unit, width, content + 2 * top_pad, _supplied(data, sub, unit, total), nodes, bands,
                                  merged, mixed, lang))
    return panels


def _band_path(b: dict) -> str:
    xm = (b["x0"] + b["x1"]) / 2
    return (f"M{b['x0']:.1f},{b['y0a']:.1f}C{xm:.1f},{b['y0a']:.1f} {xm:.1f},{b['y1a']:.1f} {b['x1']:.1f},{b['y1a']:.1f}"
            f"L{b['x1']:.1f},{b['y1b']:.1f}C{xm:.1f},{b['y1b']:.1f} {xm:.1f},{b['y0b']:.1f} {b['x0']:.1f},{b['y0b']:.1f}Z")


def sankey_svg(panels: list[SankeyPanel], lang: str = "en") -> str:
    if not panels:
        return f'<p class="empty">{_e(i18n.text("sankey_nothing", lang))}</p>'
    out = []
    for i, p in enumerate(panels):
        u = i18n.unit(p.unit, lang)
        if p.mixed:
            n = len({b["resource"] for b in p.bands})
            cap = i18n.text("sankey_caption_mixed", lang, unit=u, n=n)
        else:
            cap = i18n.text("sankey_caption", lang, unit=u, total=f"{i18n.amount(p.total, lang)} {u}")
        hint = screen_hint("sankey_hint", lang) if p.mixed else ""
        out.append(f'<figure class="sankey-panel"><figcaption>{_e(cap)}{hint}</figcaption>')
        out.append(f'<svg id="sankey-svg-{i}" class="sankey" viewBox="0 0 {p.width:.0f} {p.height:.0f}" '
                   f'xmlns="http://www.w3.org/2000/svg" role="img" '
                   f'aria-label="{_e(i18n.text("sankey_aria", lang, unit=u))}">')
        out.append('<g class="bands">')
        for b in p.bands:
            out.append(f'<path class="sankey-link" d="{_band_path(b)}" fill="{b["colour"]}" '
                       f'data-resource="{_e(b["resource"])}" data-code="{_e(b["source"])} → {_e(b["sink"])}" '
                       f'data-amount="{b["amount"]!r}"><title>{_e(b["title"])}</title></path>')
        out.append('</g><g class="nodes">')
        for nd in p.nodes:
            x, y, h = nd["x"], nd["y"], nd["h"]
            tx = x - 8 if nd["side"] == "left" else x + 22
            anchor = "end" if nd["side"] == "left" else "start"
            out.append(f'<g class="sankey-node" data-side="{nd["side"]}"><title>{_e(nd["title"])}</title>'
                       f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="{max(h, 1.0):.1f}" rx="2"/>'
                       f'<text x="{tx:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="{anchor}">{_e(nd["label"])}'
                       + (f'<tspan class="amt"> {_e(i18n.amount(nd["amount"], lang))}</tspan>'
                          if nd["amount"] is not None else "") + '</text></g>')
        out.append("</g></svg></figure>")
    return "".join(out)


