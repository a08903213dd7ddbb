"""results.xlsx is handed to elected officials: no cell may be a code of the CSV files. In
French it said the price bands' `type` as direct, from_net, to_net, to_hub, from_hub, the
companies' as site and hub, the allocation of the summary's network sizing 'discrete', the
yes/no columns (by a heat pump, existing pipe, generated) as TRUE / FALSE and a site without a
zone '(no zone)'; in English from_net, to_hub, 'discrete' and FALSE likewise. Every code-valued
cell is now a word of the messages (`report.workbook.cell_words`), the CSV files keep the
codes. And price_bands.csv, its sheet and the report's negotiation table say each link's
transport, as matches.csv does: two bands of one pair by truck and by pipe were told apart by
nothing.

The run: the Redon scenario (a hydrogen hub, trucks) with a shared heat network (corridors
from the wood-fired boiler plant, whose heat only the network may carry: a 0.5 km radius) and
the sawmill without a zone."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import eitflow
from eitflow.report.html import render_html
from eitflow.report.workbook import write_results_workbook
from eitflow.results.rundir import read_run, write_run

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "src" / "eitflow" / "data" / "messages.csv"
# CSV columns whose values are ids, names or sentences, never codes
NOT_CODES = {"source_site", "sink_site", "site_id", "hub_id", "flow_id", "supply_flow_id", "demand_flow_id",
             "corridor_id", "from", "to", "network", "network_piece", "name", "detail", "detail_fr", "note"}
UNITS = {"unit", "demand_unit", "capacity_unit"}   # a unit as written in English (MWh/yr, MW), checked apart


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("words")
    scen = tmp / "redon"
    shutil.copytree(ROOT / "scenarios" / "redon_h2", scen)
    flows = pd.read_csv(scen / "flows.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame({"flow_id": ["cb_heat", "cars_heat", "step_heat"], "site_id": ["CHAUF_BOIS", "DEPOT_CARS",
                                                                                         "STEP_REDON"],
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": ["30000", "5000", "5000"], "unit": "MWh/yr", "temperature_c": ["110", "70", "70"],
                          "price_eur_per_unit": ["0", "55", "55"], "max_distance_km": "0.5"})
    pd.concat([flows, extra]).fillna("").to_csv(scen / "flows.csv", index=False)
    sites = pd.read_csv(scen / "sites.csv", dtype=str, keep_default_na=False)
    sites.loc[sites["site_id"] == "SCIERIE_BO", "zone"] = ""
    sites.to_csv(scen / "sites.csv", index=False)
    (scen / "corridors.csv").write_text("corridor_id,resource,from,to\nc1,heat,CHAUF_BOIS,PISCINE\n"
                                        "c2,heat,PISCINE,SERRES_SM\nc3,heat,PISCINE,DEPOT_CARS\n"
                                        "c4,heat,CHAUF_BOIS,STEP_REDON\n", encoding="utf-8")
    with (scen / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write("corridors: corridors.csv\nnetworks:\n  heat:\n    temperature_c: 90\n")
    res = eitflow.optimise(eitflow.read_scenario(scen / "scenario.yaml"))
    return res, write_run(res, tmp / "run")


def _codes(out: Path) -> dict[str, set[str]]:
    """Per CSV column, the codes the run's CSV files hold (ids, names, sentences and figures
    left out; a zone is a code only as '(no zone)', a pipe size DN.. is the catalogue's name)."""
    codes: dict[str, set[str]] = {}
    for f in out.glob("*.csv"):
        for col, vals in pd.read_csv(f, dtype=str, keep_default_na=False).items():
            if col in NOT_CODES or col in UNITS:
                continue
            for v in set(vals) - {""}:
                if re.fullmatch(r"-?[\d.eE+-]+|DN\d+", v) or (col.endswith("zone") and v != "(no zone)"):
                    continue
                codes.setdefault(col, set()).add(v)
    return codes


def _words(lang: str) -> set[str]:
    with MESSAGES.open(encoding="utf-8", newline="") as f:
        return {r[lang] for r in csv.DictReader(f)}


def test_the_run_has_what_the_workbook_must_say(run):
    """A network, a hub and trucks; the codes that were left in the workbook are in its CSVs."""
    _, out = run
    codes = _codes(out)
    assert {"direct", "from_net", "to_net", "to_hub", "from_hub"} <= codes["kind"]
    assert {"site", "hub"} <= codes["kind"] and {"network", "truck", "pipe"} <= codes["mode"] | set()
    assert "False" in codes["heat_pump"] and "discrete" in codes["sizing"] and "(no zone)" in codes["zone"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_code_is_left_in_any_sheet(run, tmp_path, lang):
    """Every cell of every sheet (the columns sheet, which names the CSV files' columns, and the
    summary's column of summary.json keys aside) that is a code of the CSVs must be a word of the
    messages in `lang` too ('site', 'hub' are both); a yes/no cell is a word, not TRUE/FALSE."""
    res, out = run
    codes = set().union(*_codes(out).values())
    words = _words(lang)
    wb = load_workbook(write_results_workbook(res, tmp_path / f"{lang}.xlsx", lang))
    left = []
    for ws in wb.worksheets[:-1]:
        rows = list(ws.iter_rows(values_only=True))
        summary = ws is wb.worksheets[-2]
        for r, row in enumerate(rows[1:], start=2):
            for c, v in enumerate(row[:2] if summary else row):
                said = str(v) if isinstance(v, bool) else v
                if isinstance(said, str) and said in codes and said not in words:
                    left.append((ws.title, rows[0][c], r, said))
                if lang == "fr" and isinstance(said, str) and re.search(r"/yr\b|\bEUR\b", said):
                    left.append((ws.title, rows[0][c], r, said))   # MWh/an, €/an in French
    assert not left, left
    # the words expected, written out by hand from messages.csv
    said = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    bands = said["fourchettes de prix" if lang == "fr" else "price_bands"]
    kinds = {r[bands[0].index("type" if lang == "fr" else "kind")] for r in bands[1:]}
    assert kinds == ({"directe", "vers le réseau", "depuis le réseau", "vers le hub", "depuis le hub"} if lang == "fr"
                     else {"direct", "to the network", "from the network", "to the hub", "from the hub"})
    companies = said["entreprises" if lang == "fr" else "companies"]
    assert {r[companies[0].index("zone")] for r in companies[1:]} >= {"(sans zone)" if lang == "fr" else "(no zone)"}
    corridors = said["tronçons" if lang == "fr" else "corridors"]
    head = corridors[0]
    assert {r[head.index("conduite existante" if lang == "fr" else "existing pipe")] for r in corridors[1:]} \
        == {"non" if lang == "fr" else "no"}


def test_price_bands_say_each_links_transport(run, tmp_path):
    """price_bands.csv lists the chosen links as matches.csv does, each with its mode; the
    workbook's sheet says it in words and the report's negotiation table under the resource."""
    res, out = run
    m, b = pd.read_csv(out / "matches.csv"), pd.read_csv(out / "price_bands.csv")
    key = ["source_site", "sink_site", "supply_resource", "demand_resource"]
    assert list(b.columns[:6]) == ["source_site", "sink_site", "kind", "supply_resource", "demand_resource", "mode"]
    assert sorted(map(tuple, b[key + ["mode"]].to_numpy().tolist())) == \
        sorted(map(tuple, m[key + ["mode"]].to_numpy().tolist()))
    legs = b[b["kind"].isin(["to_hub", "from_hub"])]
    assert len(legs) and set(legs["mode"]) == {"truck"}        # hydrogen's transport in the catalogue
    assert set(b.loc[b["kind"].isin(["to_net", "from_net"]), "mode"]) == {"network"}
    wb = load_workbook(write_results_workbook(res, tmp_path / "fr.xlsx", "fr"))
    rows = list(wb["fourchettes de prix"].iter_rows(values_only=True))
    assert {r[rows[0].index("transport")] for r in rows[1:]} == {"camion", "réseau"}
    html = render_html(read_run(out), "fr")
    table = re.search(r'<table id="bands-table".*?</table>', html, re.S).group(0)
    body = table.split("</thead>")[1]
    assert body.count('<small class="mode">camion</small>') == int((b["mode"] == "truck").sum())
    assert body.count('<small class="mode">réseau</small>') == int((b["mode"] == "network").sum())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_column_header_is_a_label_not_a_csv_name(run, tmp_path, lang):
    """Every column of every sheet is named by its label in messages.csv (``col__<name>``): the
    French matches sheet said matches.csv's `built_idle` as 'built idle', the CSV name with its
    underscore dropped, the one English header of the French workbook (Hotmaps Lorraine,
    2026-12-06). The columns sheet lists each sheet's header beside its CSV column."""
    from eitflow import i18n

    res, _ = run
    wb = load_workbook(write_results_workbook(res, tmp_path / f"{lang}.xlsx", lang))
    listed = list(wb.worksheets[-1].iter_rows(min_row=2, values_only=True))
    unnamed = [(sheet, col) for sheet, _, _, col in listed
               if col and not i18n.has_text(f"col__{i18n.column_parts(col)[0]}")]
    assert not unnamed, unnamed
    matches = next(r for r in wb.worksheets[0].iter_rows(max_row=1, values_only=True))
    # the label written out by hand from messages.csv
    assert matches[-1] == ("construite sans flux (maintenue par une contrainte ou une borne de l'utilisateur)"
                           if lang == "fr" else "built without flow (kept on by a row or bound of yours)")
