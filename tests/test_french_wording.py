"""French (and English) wording an elected official or an analyst reads, checked on small
territories: a count with its noun in the right number (French singular for 0 and 1), sites by
the names sites.csv gives, and no sentence that the page contradicts."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.main import main

SITES = "site_id,name,lat,lon\nS,Sucrerie,45.0,4.0\nA,Serres,45.01,4.0\n"
SUPPLY = "site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\nS,supply,heat,30,GWh/yr,110,0\n"
ONE_PAIR = SUPPLY + "A,demand,heat,9000,MWh/yr,60,40\n"


def _run(tmp_path, flows: str, lang: str) -> str:
    yaml = write_scenario(tmp_path / f"scen_{lang}", yaml_text=SCENARIO_YAML, sites=SITES, flows=flows)
    res = CliRunner().invoke(main, ["run", str(yaml), "--out", str(tmp_path / f"run_{lang}"), "--lang", lang])
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    return res.output


def test_run_totals_say_one_exchange_and_none_in_the_singular(tmp_path):
    """`eitflow run` printed "1 échanges sur 1 candidats" (one heat supply, one demand 1.1 km
    away: one candidate, built) and "0 échanges sur 0 candidats" (the supply alone), and in
    English "1 exchanges of 1 candidates", "1 flows (partly) unmatched". French takes the
    singular for 0 and 1, English for 1 only."""
    fr = _run(tmp_path / "one", ONE_PAIR, "fr")
    assert "  1 échange sur 1 candidat ; bénéfice net" in fr, fr
    assert "  1 flux (en partie) non apparié ; écrit dans" in fr, fr   # the supply's 30 GWh, 9 used
    en = _run(tmp_path / "one", ONE_PAIR, "en")
    assert "  1 exchange of 1 candidate; net benefit" in en, en
    assert "  1 flow (partly) unmatched; written to" in en, en
    fr0 = _run(tmp_path / "none", SUPPLY, "fr")
    assert "  0 échange sur 0 candidat ; bénéfice net" in fr0, fr0
    en0 = _run(tmp_path / "none", SUPPLY, "en")
    assert "  0 exchanges of 0 candidates; net benefit" in en0, en0
