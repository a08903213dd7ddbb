"""The views the report's shared rule (`results.sentgot`, "sent first, then received") had not
reached, each now saying an exchange's amounts as the report, the brief, the map and the Sankey do.

Before 2026-12-08:
- `eitflow explain` said what is received first ("reçu : 50 t/an ; envoyé : 2 500 t/an (boues)");
- results.xlsx headed what is sent "amount" / "quantité" (read as what the user gets), what is
  received 8 columns to its right in the matches sheet and nowhere in the price bands';
- `eitflow compare` (its text and compare.csv) and `eitflow alternatives` gave the supplier's
  amounts only: heat losing some in its pipe, sludge made into fertiliser, said as sent alone.
Every expected figure is worked out by hand below.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import SCENARIO_YAML, write_scenario

sys.path.insert(0, str(Path(__file__).parent))
from test_amounts_every_view import LOSSY_FLOWS, LOSSY_LINKS, LOSSY_SITES  # noqa: E402  (20,000 MWh/yr, 2.5 km)
from test_converted_amounts import FLOWS as CONV_FLOWS  # noqa: E402  (2,500 t/yr of sludge)
from test_converted_amounts import SITES as CONV_SITES  # noqa: E402

NNBSP, NBSP = "\u202f", "\xa0"
LINKS_YAML = SCENARIO_YAML + "links: links.csv\n"


def _plain(text: str) -> str:
    return text.replace(NNBSP, " ").replace(NBSP, " ")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run directories: lossy A (20,000 MWh/yr of heat sent 2.5 km at 0.2 %/km: 20,000 x (1 -
    0.002 x 2.5) = 19,900 received), lossy B (10,000 sent: 9,950 received), converted A (2,500
    t/yr of sludge, 0.02 t of fertiliser per t: 50 received) and converted B (1,000 t/yr: 20)."""
    from eitflow import run_file
    from eitflow.results.rundir import write_run

    root = tmp_path_factory.mktemp("alike")
    cases = {"lossy_a": (LINKS_YAML, LOSSY_SITES, LOSSY_FLOWS, {"links.csv": LOSSY_LINKS}),
             "lossy_b": (LINKS_YAML, LOSSY_SITES, LOSSY_FLOWS.replace("20000", "10000"), {"links.csv": LOSSY_LINKS}),
             "conv_a": (SCENARIO_YAML, CONV_SITES, CONV_FLOWS, None),
             "conv_b": (SCENARIO_YAML, CONV_SITES, CONV_FLOWS.replace("sludge,2500", "sludge,1000"), None)}
    out = {}
    for name, (yaml_text, sites, flows, extra) in cases.items():
        path = write_scenario(root / name, yaml_text=yaml_text, sites=sites, flows=flows, extra=extra)
        res = run_file(str(path))
        write_run(res, root / f"run_{name}")
        out[name] = (path, res, root / f"run_{name}")
    return out


# -- 1. explain: sent first ---------------------------------------------------------------------

#: the lossy run's demand: all 20,000 sent (its link's capacity: the supply's 20,000), 19,900
#: received; one resource, said once, as the brief's rows
EXPLAIN_LOSSY = {"en": "heat, 20,000 MWh/yr sent, 19,900 received, 100% of the link's capacity",
                 "fr": "chaleur, 20 000 MWh/an envoyés, 19 900 reçus, 100 % de la capacité de la liaison"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_explain_says_a_lossy_exchange_sent_first(runs, lang):
    """It read "19,900 MWh/yr received (20,000 MWh/yr of heat sent, ...)" and "reçu : 19 900 ...
    ; envoyé : 20 000 ...", received first where every other view says sent first."""
    from eitflow import read_scenario
    from eitflow.analyses.explain import explain

    path, res, _ = runs["lossy_a"]
    df = explain(read_scenario(str(path)), res, lang=lang)
    row = df[(df["site_id"] == "GRAV")].iloc[0]
    assert row["rule"] == "matched"
    assert row["remaining"] == pytest.approx(30_000 - 19_900)
    assert _plain(row["detail"]) == EXPLAIN_LOSSY[lang]


# -- 2. results.xlsx: "amount" is what is sent, what is received beside it ------------------------

HEADS = {"en": ["amount sent", "unit sent", "amount received", "unit received"],
         "fr": ["quantité envoyée", "unité envoyée", "quantité reçue", "unité reçue"]}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_workbook_says_what_is_sent_and_received_side_by_side(runs, tmp_path, lang):
    """The matches and price bands sheets: the sludge's 2,500 t/yr under "amount sent", the 50
    t/yr of fertiliser under "amount received" in the next columns but one (its unit between)."""
    import openpyxl

    from eitflow.report.workbook import read_results_workbook, write_results_workbook

    _, res, _ = runs["conv_a"]
    path = write_results_workbook(res, tmp_path / "results.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    for sheet in ("matches", "price_bands"):
        from eitflow.i18n import text

        ws = wb[text(f"sheet_{sheet}", lang)]
        heads = [c.value for c in ws[1]]
        at = heads.index(HEADS[lang][0])
        assert heads[at:at + 4] == HEADS[lang], heads
        assert [c.value for c in ws[2]][at] == pytest.approx(2500.0)
        assert [c.value for c in ws[2]][at + 2] == pytest.approx(50.0)   # 2,500 x 0.02
    book = read_results_workbook(path)   # the columns sheet still names the CSV columns
    assert book["price_bands"]["demand_amount"].tolist() == pytest.approx([50.0])


def test_price_bands_csv_says_what_is_received(runs):
    """price_bands.csv has matches.csv's demand_amount and demand_unit (the same statistics)."""
    import pandas as pd

    _, _, run_dir = runs["conv_a"]
    b = pd.read_csv(run_dir / "price_bands.csv")
    m = pd.read_csv(run_dir / "matches.csv")
    assert b[["amount", "demand_amount"]].values.ravel().tolist() == pytest.approx([2500.0, 50.0])
    assert b["demand_unit"].tolist() == m["demand_unit"].tolist() == ["t/yr"]


# -- 3. compare and alternatives: what is received too ------------------------------------------

#: lossy A -> B: 20,000 -> 10,000 sent, 19,900 -> 10,000 x 0.995 = 9,950 received
CMP_LOSSY = {"en": "by pipe, heat, 20,000 -> 10,000 MWh/yr sent, 19,900 -> 9,950 received, -",
             "fr": "par canalisation, chaleur, 20 000 -> 10 000 MWh/an envoyés, 19 900 -> 9 950 reçus, -"}
#: converted A -> B: 2,500 -> 1,000 t/yr of sludge sent, 50 -> 20 t/yr of fertiliser received
CMP_CONV = {"en": "sent: 2,500 -> 1,000 t/yr (sludge); received: 50 -> 20 t/yr (fertiliser), -",
            "fr": "envoyé : 2 500 -> 1 000 t/an (boues) ; reçu : 50 -> 20 t/an (fertilisant), -"}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("case,said", [("lossy", CMP_LOSSY), ("conv", CMP_CONV)])
def test_compare_says_what_is_received_too(runs, lang, case, said):
    """Its line read "heat by pipe 20,000 -> 10,000 MWh/yr" (sent alone)."""
    from eitflow.analyses.compare import compare_runs

    table, text = compare_runs(runs[f"{case}_a"][2], runs[f"{case}_b"][2], lang)
    lines = [ln for ln in _plain(text).splitlines() if ln.lstrip().startswith(("changed", "modifiée"))]
    assert len(lines) == 1 and said[lang] in lines[0], text


def test_compare_csv_has_the_amounts_received(runs):
    from eitflow.analyses.compare import compare_runs

    table, _ = compare_runs(runs["conv_a"][2], runs["conv_b"][2], "en")
    row = table.iloc[0]
    assert (row["amount_a"], row["amount_b"]) == pytest.approx((2500.0, 1000.0))
    assert (row["demand_amount_a"], row["demand_amount_b"]) == pytest.approx((50.0, 20.0))
    assert row["demand_unit"] == "t/yr"


def test_compare_says_an_exchange_received_as_sent_as_before(runs):
    """A run compared with itself, and the lines of an exchange whose user gets what is sent,
    keep their form (no "sent"/"received" where the two are one)."""
    from eitflow.analyses.compare import _sent_received_pair, compare_matches

    m = runs["conv_a"][1].matches.assign(demand_amount=lambda d: d["amount"], demand_resource="sludge")
    row = next(compare_matches(m, m).itertuples(index=False))
    assert _sent_received_pair(row, "en") == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_alternatives_say_what_is_received(runs, lang):
    """The plan without the sludge link (rank 1, worth 0: within 100 % of the optimum) removes 2,500
    t/yr sent and 50 t/yr received; the terminal's table says both."""
    from eitflow import read_scenario
    from eitflow.analyses.alternatives import k_best
    from eitflow.cli import views

    ports, diffs = k_best(read_scenario(str(runs["conv_a"][0])), k=1, within=1.0, lang=lang)
    row = diffs[diffs["item"] == "link"].iloc[0]
    assert row["change"] == "removed"
    assert (row["amount_optimum"], row["amount_alternative"]) == pytest.approx((2500.0, 0.0))
    assert (row["demand_amount_optimum"], row["demand_amount_alternative"]) == pytest.approx((50.0, 0.0))
    assert row["demand_unit"] == "t/yr"
    shown = views.differences(diffs, lang).iloc[0]
    u = "t/yr" if lang == "en" else "t/an"
    assert _plain(shown["amount_optimum_alternative"]) == f"{'2,500' if lang == 'en' else '2 500'} → 0 {u}"
    assert _plain(shown["demand_amount_optimum_alternative"]) == f"50 → 0 {u}"


def test_alternatives_leave_the_received_column_out_where_every_exchange_gets_what_is_sent():
    import pandas as pd

    from eitflow.cli import views

    diffs = pd.DataFrame({"rank": [1], "change": ["removed"], "link": ["A → B"], "source_site": ["A"],
                          "sink_site": ["B"], "supply_resource": ["slag"], "demand_resource": ["cement_additive"],
                          "amount_optimum": [10_000.0], "amount_alternative": [0.0], "unit": ["t/yr"],
                          "demand_amount_optimum": [10_000.0], "demand_amount_alternative": [0.0],
                          "demand_unit": ["t/yr"], "item": ["link"]})
    assert "demand_amount_optimum_alternative" not in views.differences(diffs, "en").columns


# -- more views of the same fact ------------------------------------------------------------------

@pytest.mark.parametrize("lang,head", [("en", "Amount sent"), ("fr", "Quantité envoyée")])
def test_the_reports_tables_head_the_amount_as_sent(runs, lang, head):
    """The report's tables of exchanges and of price bands headed the sludge's 2,500 t/yr
    "Quantité" (the workbook's column now "quantité envoyée")."""
    from eitflow.report.sections import matches_table, negotiation
    from eitflow.results.rundir import read_run

    data = read_run(runs["conv_a"][2])
    for html in (matches_table(data, lang), negotiation(data, lang).split('id="bands-table"')[1]):
        heads = [h.split("</span>")[0] for h in html.split('<span class="lab">')[1:]]
        assert head in heads, heads


def test_a_placed_activitys_exchanges_say_what_is_received():
    """`eitflow site`'s placements (placements.csv, the report, results.xlsx): a placed activity
    getting 1,000 MWh/yr sent through a pipe that keeps 99.5 % (995 received) read "chaleur venant
    d'ArcelorMittal Méditerranée (1 000 MWh/an)", what was sent."""
    import pandas as pd

    from eitflow.analyses.siting import exchanges_detail

    links = pd.DataFrame({"source_site": ["ARC", "NEW"], "sink_site": ["NEW", "DC"],
                          "supply_resource": ["heat", "sludge"], "demand_resource": ["heat", "fertiliser"],
                          "amount": [1000.0, 2500.0], "unit": ["MWh/yr", "t/yr"],
                          "demand_amount": [995.0, 50.0], "demand_unit": ["MWh/yr", "t/yr"]})
    names = {"ARC": "ArcelorMittal Méditerranée", "DC": "Coopérative"}
    assert _plain(exchanges_detail(links, "NEW", "fr", names)) == (
        "venant d'ArcelorMittal Méditerranée : chaleur, 1 000 MWh/an envoyés, 995 reçus ; "
        "vers Coopérative : envoyé : 2 500 t/an (boues) ; reçu : 50 t/an (fertilisant)")
    assert exchanges_detail(links, "NEW", "en", names) == (
        "from ArcelorMittal Méditerranée: heat, 1,000 MWh/yr sent, 995 received; "
        "to Coopérative: sent: 2,500 t/yr (sludge); received: 50 t/yr (fertiliser)")
