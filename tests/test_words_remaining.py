"""The wording rules' remaining cases (words13).

Before:
1. `eitflow init`'s README said a column's bounds ">= -90 and <= 90" (`io.schema`'s glosses,
   "a minimum amount >= 0", "12 monthly shares >= 0"), and the bench's own lines "= >=x3.0";
   every text people read now says ≥ and ≤ (machine files keep ASCII).
2. unmatched.geojson's features (what a GIS tooltip shows) said "capacity_used" and, under it,
   the same in a sentence on 11 of zae_example's 13 flows; the report's table no longer does
   (`results.unmatched.detail_adds`): the layer now keeps a detail only where it adds.
3. `eitflow alternatives` said "objective at least 13,557,517.77 EUR/yr" at 2 decimals beside
   tables that round an objective to the euro: now "13,557,518".
4. `eitflow alternatives` listed the corridors added and removed, not those in both plans whose
   flow changed (the totals reconciled through the closing "other changes" row): now listed as
   changed, as the exchanges kept in both are.
5. The status line said "écart 0,0000 % ≤ cible 0,1000 %", the report "0,00 %", compare
   "0,0000 %": a gap is now said one way (`i18n.gap_percent`), summary.json keeps the number.
6. `eitflow resilience` wrote "UVE Val-de-Sambre (nom fictif) (UVE_VDS)", unmatched.csv's
   detail "Brasserie des Hauts de Sambre (nom fictif) (BRASS_HS)": two brackets after a name.
   A name with its code now says it one way (`ids.with_code`): a trailing note takes the code
   in its brackets, "UVE Val-de-Sambre (nom fictif, UVE_VDS)".
"""
from __future__ import annotations

import re

import pytest

ASCII_CMP = re.compile(r"[<>]=")


# -- 1. ≥ and ≤ in eitflow init's README and the bench's texts ---------------------------------------

@pytest.mark.parametrize("lang,lat", [("en", "latitude, WGS84; ≥ -90 and ≤ 90"),
                                      ("fr", "latitude, WGS84 ; ≥ -90 et ≤ 90")])
def test_init_readme_says_bounds_typographically(tmp_path, lang, lat):
    from click.testing import CliRunner

    from eitflow.cli.main import main

    r = CliRunner().invoke(main, ["init", str(tmp_path / "t"), "--lang", lang, "--network"])
    assert r.exit_code == 0, r.output
    readme = (tmp_path / "t" / "README.md").read_text(encoding="utf-8")
    assert not ASCII_CMP.findall(readme), [ln for ln in readme.splitlines() if ASCII_CMP.search(ln)]
    assert lat in readme
    # the minimum amount's bound, and the monthly profile's shares, as glossed
    assert "≥ 0" in readme and ("12 monthly shares ≥ 0" if lang == "en" else "12 parts mensuelles ≥ 0") in readme


def test_the_repository_readme_says_bounds_typographically():
    """README.md's generated column tables (`io.schema.update_readme`) as eitflow init's."""
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- schema:(?!parameters)\w+ -->\n(.*?)<!-- /schema -->", text, re.S)
    assert blocks
    said = [ln for b in blocks for ln in b.splitlines() if ASCII_CMP.search(ln)]
    assert said == []


def test_the_bench_lines_say_at_least():
    """A naive solver that did not reach its gap target: its time is a floor of the speed-up,
    'x2.5' at least (10 s / 4 s by hand)."""
    from eitflow.bench.harness import progress_line
    from eitflow.bench.ratio import progress_text

    rec = {"name": "case", "status": "optimal", "objective": 1.0, "gap": 0.0,
           "timings_s": {"total": 4.0, "candidates": 1.0, "build": 1.0, "solve": 2.0},
           "sizes": {"candidate_links": 10, "components": 1}, "memory": {"peak_rss_mb": 100.0},
           "comparison": {"naive_reached_gap_target": False, "naive_s": 10.0, "eitflow_s": 4.0, "speedup": 2.5,
                          "objectives_agree_within_gap": True}}
    line = progress_line(1, 1, rec)
    assert "= ≥x2.5" in line and not ASCII_CMP.search(line), line
    cmp_ = {"speedup_is_lower_bound": True, "speedup": 2.5, "plain": {"median_s": 10.0, "gap_at_limit": None},
            "eitflow": {"median_s": 4.0, "runs": [4.0, 4.0, 4.0]}}
    said = progress_text(cmp_)
    assert "= ≥x2.5" in said and not ASCII_CMP.search(said), said


def test_the_bench_refuses_workers_saying_at_least(tmp_path):
    from click.testing import CliRunner

    from eitflow.cli.main import main

    r = CliRunner().invoke(main, ["bench", "run", "smoke", "--workers", "0", "--out", str(tmp_path / "x.json")])
    assert r.exit_code != 0
    assert "≥ 1" in r.output and not ASCII_CMP.search(r.output), r.output


# -- 5. a gap said one way: two decimals at most, "< 0,01 %" under them ---------------------------

NBSP = "\xa0"


@pytest.mark.parametrize("v,fr,en", [
    (0.0, f"0{NBSP}%", "0%"),
    (0.00004, f"<{NBSP}0,01{NBSP}%", f"<{NBSP}0.01%"),          # 0.004 %: not 0, under the step
    (0.0001, f"0,01{NBSP}%", "0.01%"),
    (0.00075, f"0,08{NBSP}%", "0.08%"),                        # 0.075 % to two decimals
    (0.001, f"0,1{NBSP}%", "0.1%"),                            # the default target, no trailing 0
    (0.0123, f"1,23{NBSP}%", "1.23%"),
    (0.05, f"5{NBSP}%", "5%"),
])
def test_a_gap_is_said_to_two_decimals_at_most(v, fr, en):
    from eitflow.i18n import gap_percent

    assert (gap_percent(v, "fr"), gap_percent(v, "en")) == (fr, en)


def _summary(gap, target=0.001, status="optimal"):
    return {"status": status, "objective": 1_000_000.0, "objective_unit": "EUR/yr", "gap": gap,
            "mip_gap_target": target, "bound": 1_000_000.0 * (1 + gap), "counts": {"chosen_links": 1}}


@pytest.mark.parametrize("lang,said", [("fr", f"écart <{NBSP}0,01{NBSP}% ≤ cible 0,1{NBSP}%"),
                                       ("en", f"gap <{NBSP}0.01% ≤ target 0.1%")])
def test_the_status_line_and_the_report_say_a_gap_alike(lang, said):
    """A gap of 0.00004 (40 EUR/yr on 1,000,000) under the default target 0.001: the status line
    read 'écart 0,0000 % ≤ cible 0,1000 %', the report 'écart 0,00 %, cible 0,10 %'."""
    from eitflow.report.tables import status_words
    from eitflow.results.summary import status_line

    line = status_line(_summary(0.00004), lang)
    assert said in line, line
    head = " ".join(status_words(_summary(0.00004), lang))
    gap, target = said.split(" ≤ ")
    assert gap.split(" ", 1)[1] in head and target.split(" ", 1)[1] in head, head


@pytest.mark.parametrize("lang,said", [("fr", f"écart 1,23{NBSP}%"), ("en", "gap 1.23%")])
def test_a_stopped_run_says_its_gap_as_the_report(lang, said):
    """A run stopped at its time limit 1.23 % from its bound: the status line said 1,2300 %."""
    from eitflow.report.tables import status_words
    from eitflow.results.summary import gap_text, status_line

    s = {**_summary(0.0123, status="time_limit"), "time_limit_s": 60.0}
    assert said in status_line(s, lang), status_line(s, lang)
    assert said.split(" ", 1)[1] == gap_text(s, lang)
    assert gap_text(s, lang) in " ".join(status_words(s, lang))


# -- 3. alternatives' floor rounded as the tables round an objective --------------------------------

@pytest.mark.parametrize("lang,floor", [("en", "at least 13,557,518 EUR/yr"),
                                        ("fr", "au moins 13\u202f557\u202f518 €/an")])
def test_the_alternatives_floor_is_rounded_as_the_tables(lang, floor):
    """zae_example within 10 %: 15,063,908.64 x 0.9 = 13,557,517.776 EUR/yr, to the euro as the
    tables' objectives (15,063,909)."""
    from eitflow.cli.views import alternatives_found

    search = {"stop": "k", "found": 3, "asked": 3, "within": 0.1, "floor": 15_063_908.64 * 0.9, "unit": "EUR/yr"}
    said = alternatives_found(search, lang)
    assert floor in said, said
    assert "517,7" not in said and "517.7" not in said


def test_the_solvers_noise_is_no_gap():
    """HiGHS's 'optimal' under the co2 objective with its bound 1e-7 above its objective and a
    target of 0: not 'gap < 0.01% ≤ target 0%'."""
    from eitflow.results.summary import status_line

    assert "gap 0% ≤ target 0%" in status_line(_summary(1e-7, target=0.0), "en")


# -- 2. unmatched.geojson's detail says what its reason does not --------------------------------------

ZAE = __import__("pathlib").Path(__file__).parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def zae_run(tmp_path_factory):
    from eitflow import run_file
    from eitflow.results.rundir import write_run

    return write_run(run_file(str(ZAE)), tmp_path_factory.mktemp("zae") / "run")


def test_the_unmatched_layer_does_not_repeat_its_reason(zae_run):
    """zae_example: 11 flows 'capacity_used' (every viable partner's amount taken), the sulphur no
    one takes ('no_compatible_partner'), RCU_AULN's heat 12.6 km from the brewery
    ('no_partner_in_range'): the first twelve's sentences say their reason again; the last names
    its nearest partner and how far."""
    import json

    import pandas as pd

    feats = [f["properties"] for f in json.loads((zae_run / "unmatched.geojson").read_text(encoding="utf-8"))["features"]]
    by: dict[str, list] = {}
    for p in feats:
        by.setdefault(p["reason"], []).append((p["detail"], p["detail_fr"]))
    assert {k: len(v) for k, v in by.items()} == {"capacity_used": 11, "no_compatible_partner": 1,
                                                  "no_partner_in_range": 1}
    assert set(by["capacity_used"]) == {("", "")} and by["no_compatible_partner"] == [("", "")]
    ((en, fr),) = by["no_partner_in_range"]
    assert "BRASS_HS) at 12.6 km" in en and "BRASS_HS) à 12,6" in fr, (en, fr)
    # the CSV keeps every row's sentence
    assert pd.read_csv(zae_run / "unmatched.csv")["detail"].notna().all()


# -- 6. a name with its code: one bracket ------------------------------------------------------------

def test_a_name_with_its_note_and_code_has_one_bracket(zae_run):
    import pandas as pd

    um = pd.read_csv(zae_run / "unmatched.csv").set_index("site_id")
    far = um.at["RCU_AULN", "detail"]
    assert "partner Brasserie des Hauts de Sambre (nom fictif, BRASS_HS) at" in far, far
    assert not re.search(r"\) \([A-Z][A-Z0-9_]*\)", " ".join(um["detail"].astype(str)))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_resilience_names_a_site_with_one_bracket(zae_run, lang):
    """zae_example's 15 sites are all '... (nom fictif)': resilience's table put the code in a
    bracket of its own after the note's; now inside the note's."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    r = CliRunner().invoke(main, ["resilience", str(zae_run), "--lang", lang], terminal_width=160)
    assert r.exit_code == 0, r.output
    assert "UVE Val-de-Sambre (nom fictif, UVE_VDS)" in r.output, r.output
    assert not re.search(r"\)\s+\([A-Z][A-Z0-9_]*\)", r.output), r.output


def test_a_name_takes_its_code_in_its_notes_brackets():
    from eitflow.ids import with_code

    assert with_code("UVE Val-de-Sambre (nom fictif)", "UVE_VDS") == "UVE Val-de-Sambre (nom fictif, UVE_VDS)"
    assert with_code("Landrecies", "INSEE59331") == "Landrecies (INSEE59331)"
    assert with_code("Serre (10 ha (chauffée))", "SERRE") == "Serre (10 ha (chauffée), SERRE)"   # balanced


# -- 4. alternatives: a corridor in both plans whose flow changed is listed ----------------------------

def test_a_corridor_kept_with_another_flow_is_listed_and_the_rows_add_up():
    """tests/test_network_alternatives.py's lossless network (brute-forced there). By hand: the
    optimum (735,000 EUR/yr) serves B, C and D over c3 (A-J), c6 (J-B), c4 (J-C), c5 (C-D): c6
    carries B's 8,000 MWh/yr, c3 17,000, c4 9,000 (C and D), c5 3,000. Rank 2 (705,000) routes
    over c3, c6, c2 (B-C), c5: c6 now carries 17,000 (everything A sends), c2 9,000; c3 and c5
    carry what they did. So c4 is removed, c2 added and c6 changed, 8,000 -> 17,000, its own
    cost 45,000 EUR/yr in both; the rows add up to 705,000 - 735,000 = -30,000 EUR/yr (c2's
    80,000 for c4's 50,000), no row of other changes needed."""
    import numpy as np

    from eitflow.analyses.alternatives import k_best
    from test_network_alternatives import _scenario

    ports, diffs = k_best(_scenario(), k=2, within=1.0)
    assert ports["objective"].to_numpy() == pytest.approx([735_000.0, 710_000.0, 705_000.0], rel=1e-9)
    d = diffs[diffs["rank"] == 2]
    cor = d[d["item"] == "corridor"].set_index("link")
    assert dict(cor["change"]) == {"corridor c4: J - C (fluid)": "removed", "corridor c2: B - C (fluid)": "added",
                                   "corridor c6: J - B (fluid)": "changed"}
    c6 = cor.loc["corridor c6: J - B (fluid)"]
    assert (c6["amount_optimum"], c6["amount_alternative"]) == pytest.approx((8_000.0, 17_000.0))
    assert (c6["corridor_cost_optimum_eur_per_yr"], c6["corridor_cost_alternative_eur_per_yr"]) == \
        pytest.approx((45_000.0, 45_000.0))
    assert c6["net_benefit_after_shares_delta_eur_per_yr"] == 0.0   # its cost is in its deliveries' figures
    # rank 1 (c1, c2, c5 for c3, c4, c6): c5 carries D's 3,000 in both, so no corridor is "changed"
    assert not ((diffs["rank"] == 1) & (diffs["item"] == "corridor") & (diffs["change"] == "changed")).any()
    # every rank's rows add up to the cent, as tests/test_alternatives_add_up.py reads them
    from test_alternatives_add_up import _parts, _sums

    sums = _parts(diffs)
    assert sums[2] == pytest.approx(-30_000.0, abs=0.01) and sums[1] == pytest.approx(-25_000.0, abs=0.01)
    assert _sums(diffs, "co2_after_shares_delta_t_per_yr").abs().max() < 1e-3     # no CO2 here
    assert "other" not in set(d["change"])
    assert np.isfinite(d["net_benefit_after_shares_delta_eur_per_yr"]).all()


@pytest.mark.parametrize("lang,said", [("en", "at Réseau de chaleur (nom fictif, RCU)"),
                                       ("fr", "du site Réseau de chaleur (nom fictif, RCU)")])
def test_an_infeasible_runs_diagnosis_names_a_site_with_one_bracket(lang, said):
    """An unmet required demand's sentence named its site "Réseau de chaleur (nom fictif) (RCU)"."""
    import pandas as pd

    from eitflow.solve.diagnose import diagnosis_message

    diag = pd.DataFrame({"flow": [0], "flow_id": ["d1"], "site_id": ["RCU"], "shortfall": [1000.0],
                         "unit": ["MWh/yr"], "reason": ["no_candidate"], "detail": ["no partner"]})
    sites = pd.DataFrame({"site_id": ["RCU"], "name": ["Réseau de chaleur (nom fictif)"]})
    text = diagnosis_message(diag, lang=lang, sites=sites)
    assert said in text and ") (" not in text, text
