"""The reason `timing` is said as what it is: partners whose months do not overlap, never or only
in part of the year.

Before 2026-12-07 the report said every `timing` flow's partners were "never available in the
same months" ("ne sont jamais disponibles les mêmes mois"), also for a flow its partner served in
the months they share: redon_h2's aquatic centre, receiving 1,013.7 of its 1,800 MWh/yr from the
electrolyser's heat (matches.csv, the brief), read that the electrolyser is never there in the
same months, and so did four more of its eight unmatched rows."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd

from eitflow import optimise, scenario_from_frames
from eitflow.report.html import render_html
from eitflow.results.rundir import read_run, write_run

FIRST_HALF = ";".join(["0.1666666667"] * 5 + ["0.1666666665"] + ["0"] * 6)   # January to June
FLAT = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
SITES = pd.DataFrame({"site_id": ["SAW", "BOIL"], "lat": [48.0, 48.0], "lon": [2.0, 2.01]})


def _run(tmp_path, lang):
    """A sawmill's 120 t/yr of wood waste, flat (10 t a month), and a boiler asking 120 t/yr from
    January to June (20 t a month), 0.7 km apart: they share six months, 6 x 10 = 60 t/yr go,
    and each is left 120 - 60 = 60 t/yr, the sawmill's in July to December, the boiler's in
    January to June."""
    flows = pd.DataFrame({"flow_id": ["saw", "boil"], "site_id": ["SAW", "BOIL"],
                          "direction": ["supply", "demand"], "resource": "wood_waste",
                          "amount": [120.0, 120.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 200.0],
                          "monthly_profile": [FLAT, FIRST_HALF]})
    res = optimise(scenario_from_frames(SITES, flows, solver={"mip_gap": 0.0}, lang=lang))
    assert round(float(res.matches["amount"].sum()), 6) == 60.0
    um = res.unmatched.set_index("flow_id")
    assert um["reason"].tolist() == ["timing", "timing"] and um["remaining"].round(6).tolist() == [60.0, 60.0]
    html = render_html(read_run(write_run(res, tmp_path / lang)), lang)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_a_partly_served_flow_is_not_said_never_in_the_same_months(tmp_path):
    fr = _run(tmp_path, "fr")
    assert "jamais disponibles les mêmes mois" not in fr
    assert "ne sont disponibles aux mêmes mois que sur une partie de l'année, ou jamais" in fr
    en = _run(tmp_path, "en")
    assert "never available in the same months" not in en
    assert "available in the same months only in part of the year, or never" in en
