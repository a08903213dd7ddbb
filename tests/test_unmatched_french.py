"""The French report's unmatched flows: under the French reason, the row's own detail was
unmatched.csv's English sentence ("no supply in the scenario can exchange with this
wood waste", "every viable partner's amount (or the link capacity) is used by the chosen
exchanges"), which officials read as a bug. Now the run writes the same sentence in French
beside it (unmatched.csv's `detail_fr`) and the French report shows that; the `detail` column
and the English report are what they were, and a run written before still renders."""
from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from eitflow import optimise, scenario_from_frames
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

KM_PER_DEG_LAT = np.pi * 6371.0088 / 180.0    # 111.195 km per degree of latitude


def _territory():
    """UVE offers 30,000 MWh/yr of heat at 130 degC; SERRES, 1 km north, takes 12,000 MWh/yr
    of it (the supply is left over: capacity used) and wants 800 t/yr of wood waste that no
    one offers (no compatible partner); LOIN, 0.2 degrees north of UVE (0.2 x 111.195 =
    22.239 km, beyond the catalogue's 10 km heat radius), wants 5,000 MWh/yr (out of range)."""
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES", "LOIN"],
                          "lat": [50.0, 50.0 + 1 / KM_PER_DEG_LAT, 50.2], "lon": 4.0})
    flows = pd.DataFrame({"flow_id": ["chaleur_uve", "chaleur_serres", "chaleur_loin", "bois_serres"],
                          "site_id": ["UVE", "SERRES", "LOIN", "SERRES"],
                          "direction": ["supply", "demand", "demand", "demand"],
                          "resource": ["heat", "heat", "heat", "wood_waste"],
                          "amount": [30000.0, 12000.0, 5000.0, 800.0], "unit": ["MWh/yr", "MWh/yr", "MWh/yr", "t/yr"],
                          "temperature_c": [130.0, 60.0, 60.0, None], "price_eur_per_unit": [0.0, 40.0, 40.0, 20.0]})
    return scenario_from_frames(sites, flows)


def _details(report: str) -> dict[str, str]:
    """The unmatched table's detail cell of each row, as text, by flow site and reason."""
    table = report.split('id="unmatched-table"')[1].split("</table>")[0]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cell = re.search(r'<td class="detail"[^>]*>(.*?)</td>', row, re.S)
        reason = re.search(r'<span class="reason ([a-z_]+)"', row)
        if cell and reason:
            out[reason.group(1)] = html.unescape(re.sub(r"<[^>]+>", " ", cell.group(1)))
    return out


ENGLISH = ["every viable partner's amount (or the link capacity) is used by the chosen exchanges",
           "no supply in the scenario can exchange with this wood waste",
           "nearest compatible partner UVE:chaleur_uve at 22.2 km great-circle, beyond the pair's limit 10 km"]


def test_french_report_says_each_unmatched_flows_detail_in_french(tmp_path):
    run = write_run(optimise(_territory()), tmp_path / "run")
    fr = _details(write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8"))
    assert set(fr) == {"capacity_used", "no_compatible_partner", "no_partner_in_range"}
    # a sentence the same on every row of its reason says nothing the reason and its legend do not:
    # the cell is empty (words12; tests/test_words_one_rule.py)
    assert fr["capacity_used"] == "" and fr["no_compatible_partner"] == ""
    # 22.239 km said with a decimal comma
    assert ("partenaire compatible le plus proche : UVE:chaleur_uve à 22,2\xa0km à vol d'oiseau, hors de portée de "
            "la paire (limite de 10\xa0km") in fr["no_partner_in_range"]   # a figure's unit glued: one line
    text = " ".join(fr.values())
    assert not any(e[:40] in text for e in ENGLISH), text
    assert "wood_waste" not in text and "great-circle" not in text

    # unmatched.csv's detail and the English report: the English sentences, as before
    um = pd.read_csv(run / "unmatched.csv", keep_default_na=False)
    assert list(um.columns[:9]) == ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit",
                                    "reason", "detail"]
    by = dict(zip(um["reason"], um["detail"]))
    assert by["capacity_used"] == ENGLISH[0] and by["no_compatible_partner"] == ENGLISH[1]
    assert by["no_partner_in_range"].startswith(ENGLISH[2])
    en = _details(write_report(run, tmp_path / "en.html", lang="en").read_text(encoding="utf-8"))
    assert en["capacity_used"] == "" and en["no_compatible_partner"] == ""
    assert en["no_partner_in_range"].replace("\xa0", " ").startswith(ENGLISH[2])   # a page glues a figure's unit

    # a run written before unmatched.csv had detail_fr: the French report shows the English line, as then
    um.drop(columns=["detail_fr"]).to_csv(run / "unmatched.csv", index=False)
    old = _details(write_report(run, tmp_path / "old.html", lang="fr").read_text(encoding="utf-8"))
    assert old["no_partner_in_range"].replace("\xa0", " ").startswith(ENGLISH[2]) and old["capacity_used"] == ""
