"""A steam header's balance has no heat-pump term: the catalogue allows no heat pump at a steam
network's injection (`heat_pump` is hot water's; `candidates.netattach`), yet summary.json,
results.xlsx and the report's balance table gave its 'heat pumps' electricity at injection',
0 MWh/yr, under a sentence saying what the heat pumps add. Hot-water networks keep the figure
(tests/test_network_balance.py); hydrogen never had it (tests/test_gas_networks.py)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import openpyxl
import pytest

import eitflow
from eitflow.report.html import write_report
from eitflow.report.workbook import write_results_workbook
from eitflow.results.rundir import write_run


def test_a_steam_headers_balance_has_no_heat_pump_term(tmp_path: Path):
    """S raises 50,000 MWh/yr of steam at 200 degC, B needs 20,000 at 150 degC (45 EUR/MWh), over
    one 1 km corridor of a 180 degC steam network (no direct link: radius 0.5 km). A DN100 carries
    2.32 MW x 8,760 h x 0.7 = 14,226 MWh/yr, too little; a DN150 (5.2 MW, 31,886 MWh/yr) is built
    and loses 76.8 W/m x 1,000 m x 8,760 h = 672.768 MWh/yr (the catalogue's figure at 180/80 degC,
    the network's own). Balance: 20,672.768 injected = into the network = 20,000 withdrawn +
    672.768 lost."""
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nS,Chimie,47.0,5.00\nB,Laiterie,47.0,5.01\n")
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
        "s1,S,supply,steam,50000,MWh/yr,200,0\nb1,B,demand,steam,20000,MWh/yr,150,45\n")
    (tmp_path / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,steam,S,B,1\n")
    (tmp_path / "scenario.yaml").write_text(
        "name: steam header\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
        "max_distance_km: {steam: 0.5}\nnetworks:\n  steam: {temperature_c: 180}\nsolver: {time_limit_s: 20}\n")
    res = eitflow.optimise(eitflow.read_scenario(tmp_path / "scenario.yaml"))
    c = res.statistics.corridors().set_index("corridor_id")
    assert c.at["c1", "size"] == "DN150"
    loss = 76.8 * 1000 * 8760 / 1e6
    out = write_run(res, tmp_path / "run")
    write_results_workbook(res, out / "results.xlsx")
    b = json.loads((out / "summary.json").read_text())["networks"]["by_resource"]["steam"]["balance"]
    assert "heat_pump_electricity" not in b
    assert b["unit"] == "MWh/yr"
    for key, want in (("injected_by_supplies", 20000 + loss), ("into_network", 20000 + loss), ("losses", loss),
                      ("withdrawn", 20000)):
        assert b[key] == pytest.approx(want, abs=1e-6), key
    ws = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    keys = [r[-1] for s in ws.worksheets for r in s.iter_rows(values_only=True) if r and isinstance(r[-1], str)]
    assert "networks.by_resource.steam.balance.losses" in keys
    assert not any("heat_pump_electricity" in k for k in keys if k.startswith("networks."))
    for lang, word in (("en", "heat pump"), ("fr", "pompe")):
        page = html.unescape(write_report(out, tmp_path / f"r_{lang}.html", lang=lang).read_text(encoding="utf-8"))
        table = re.search(r'<table id="network-balance-table".*?</table>', page, re.S).group(0)
        assert [float(v) for v in re.findall(r'data-v="([^"]*)"', table)] == pytest.approx(
            [20000 + loss, 20000 + loss, loss, 20000])
        assert word not in table.lower()
        rule = re.search(r'<p class="rule">([^<]*)</p>(?:<div[^>]*>)?<table[^>]*id="network-balance-table"', page)
        assert rule is not None and word not in rule.group(1).lower(), rule and rule.group(1)
