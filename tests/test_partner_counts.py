""""N viable partners" counts partners, not candidate links: an electrolyser that can reach a
bus depot by pipe and by truck is one partner of the depot (it said "2 partenaires viables"),
and the electrolyser's partners are its two demands (it said 3). unmatched.csv (`detail`,
`detail_fr`), the report and results.xlsx say the same count, also when the partners' unit
is not built."""
from __future__ import annotations

import html
import re

import pandas as pd
from click.testing import CliRunner

from conftest import write_scenario
from eitflow.cli.main import main

H2_YAML = """\
name: Test H2 français
lang: fr
sites: sites.csv
flows: flows.csv
carbon_price_eur_per_t: 100
solver: {time_limit_s: 20}
"""
H2_SITES = """\
site_id;name;lat;lon;zone
ELEC;Électrolyseur de Redon;47,669;-2,077;Redon Agglomération
BUS;Dépôt de bus;47,658;-2,066;Redon Agglomération
BOM;Centre de collecte;47,606;-2,12;Pays de Vilaine
"""
PROFILE = "0,0394;0,0543;0,0859;0,1069;0,1183;0,1183;0,1227;0,1122;0,0947;0,0684;0,0438;0,0351"


def h2_flows(investment: str = "500 000") -> str:
    """An electrolyser of up to 200 t/yr (sized, per-unit investment 25,000 EUR) and two hydrogen
    demands, the bus depot 1.5 km away (pipe or truck), the collection centre 7.7 km."""
    return ("flow_id;site_id;direction;resource;amount;unit;price_eur_per_unit;monthly_profile;purity;pressure_bar;"
            "electrolyser_kwh_per_kg;electricity_price_eur_per_mwh;investment_eur;fixed_cost_eur_per_yr;"
            "investment_eur_per_unit\n"
            f'elec_h2;ELEC;supply;hydrogen;200;t/an;-500;"{PROFILE}";99,999 %;30;55;70;{investment};20 000;25 000\n'
            "bus_h2;BUS;demand;hydrogen;180;kg/j;12 000;;99,997 %;350;;;;;\n"
            "bom_h2;BOM;demand;hydrogen;80;kg/j;12 000;;99,997 %;350;;;;;\n")


def _run(tmp_path, investment: str = "500 000"):
    yaml = write_scenario(tmp_path / "h2fr", yaml_text=H2_YAML, sites=H2_SITES, flows=h2_flows(investment))
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(yaml), "--out", str(out), "--report", "--excel"])
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    return out


def _report_details(out) -> str:
    page = (out / "report.html").read_text(encoding="utf-8")
    table = page.split('id="unmatched-table"')[1].split("</table>")[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", table))


def test_not_selected_counts_each_partner_once(tmp_path):
    out = _run(tmp_path)
    um = pd.read_csv(out / "unmatched.csv").set_index("flow_id")
    assert set(um["reason"]) == {"not_selected"}, um
    for fid, n_en, n_fr in (("bus_h2", "1 viable partner ", "1 partenaire viable "),
                            ("bom_h2", "1 viable partner ", "1 partenaire viable "),
                            ("elec_h2", "2 viable partners ", "2 partenaires viables ")):
        assert um.at[fid, "detail"].startswith(n_en + "with amount left"), um.at[fid, "detail"]
        assert um.at[fid, "detail_fr"].startswith(n_fr + "avec une quantité restante"), um.at[fid, "detail_fr"]
    said = _report_details(out)
    assert "3 partenaires viables" not in said and "2 partenaires viables" in said, said
    assert said.count("1 partenaire viable avec") == 2, said
    from eitflow.report.workbook import read_results_workbook

    sheet = read_results_workbook(out / "results.xlsx")["unmatched"].set_index("flow_id")
    assert sheet.at["bus_h2", "detail"].startswith("1 partenaire viable avec"), sheet.at["bus_h2", "detail"]
    assert sheet.at["elec_h2", "detail"].startswith("2 partenaires viables avec"), sheet.at["elec_h2", "detail"]


def test_unit_not_built_counts_each_partner_once(tmp_path):
    """The electrolyser's unit does not pay (90 MEUR): the bus depot's one partner with amount
    left needs that unit; it said "2 partenaires viables ... mais chacun a besoin d'une unité"."""
    um = pd.read_csv(_run(tmp_path, "90 000 000") / "unmatched.csv").set_index("flow_id")
    assert set(um["reason"]) == {"unit_not_built"}, um
    for fid in ("bus_h2", "bom_h2"):
        assert um.at[fid, "detail"].startswith("1 viable partner with amount left, but each needs a unit"), \
            um.at[fid, "detail"]
        assert um.at[fid, "detail_fr"].startswith("1 partenaire viable avec une quantité restante"), \
            um.at[fid, "detail_fr"]
