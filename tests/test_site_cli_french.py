"""`eitflow site --lang fr` prints its tables in French.

The placements and activities tables printed the CSVs' English sentences ("heat from
ARCELOR_FOS (90,849 MWh/yr)", "partners in range of ...", reason "placed", column "best plot",
"ranking of 12 candidate placements in ..."): English words and English number formats in a
French session. The figures expected are placements.csv's and matches.csv's, formatted by hand.
"""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

SCEN = ROOT / "scenarios" / "fos_siting" / "scenario.yaml"


def _fr(x: float) -> str:
    return f"{round(x):,}".replace(",", "\u202f")


def test_site_tables_speak_french(tmp_path):
    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(out), "--lang", "fr"],
                             env={"COLUMNS": "240"}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = res.output
    placed = pd.read_csv(out / "placements.csv")
    assert f"implantations ({len(placed)})" in text
    m = pd.read_csv(out / "matches.csv")
    for site in placed["site_id"]:
        for r in m[(m["source_site"] == site) | (m["sink_site"] == site)].itertuples():
            assert f"{_fr(r.amount)} MWh/an" in text or f"{_fr(r.amount)} t/an" in text, (site, r.amount)
    for english in ("placements (", "activities", "best plot", "partners in range", " from ", "MWh/yr",
                    "t/yr", "ranking of", "candidate placements", "1 of at most"):
        assert english not in text, english
    assert f"classement de {len(pd.read_csv(out / 'ranking.csv'))} implantations candidates" in text


def test_site_tables_put_the_names_people_read_first(tmp_path):
    """The README: analyses print tables "site names first". `eitflow site` printed codes only
    (activity SERRE, plot FEUILLANE, "chaleur venant d'ARCELOR_FOS"); the names are the
    scenario's own, read here from its CSV files, each with its code beside it."""
    import re

    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(out), "--no-rank"],
                             env={"COLUMNS": "400"}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    text = re.sub(r"\s+", " ", res.output.replace("│", " "))
    d = SCEN.parent
    # spaced as the output is read here ('1\u202f000 t/an', a no-break space inside the number, as ' ')
    activities = pd.read_csv(d / "activities.csv").set_index("activity_id")["name"].str.replace(r"\s+", " ", regex=True)
    plots = pd.read_csv(d / "plots.csv").set_index("plot_id")["name"]
    sites = pd.read_csv(d / "sites.csv").set_index("site_id")["name"]
    placed = pd.read_csv(out / "placements.csv")
    def coded(name: str, code: str) -> str:   # a trailing note takes the code in its brackets (words13)
        return f"{name[:-1]}, {code})" if name.endswith(")") else f"{name} ({code})"

    for a, p in zip(placed["activity_id"], placed["plot_id"]):
        assert coded(activities[a], a) in text, a
        assert coded(plots[p], p) in text, p
    # the partners of the exchanges by name: the greenhouse's heat comes from the steelworks
    # 'de' elided before a vowel; its heat lost in the pipe, what is sent and received follow
    # (`results.sentgot`: "venant d'ArcelorMittal Méditerranée (aciérie) : chaleur, 30 162 MWh/an envoyés, ...")
    assert f"venant d'{sites['ARCELOR_FOS']} : chaleur" in text
    assert "ARCELOR_FOS" not in text
    # the activity placed nowhere is named in the second table too
    assert coded(activities['ELECTROLYSEUR'], "ELECTROLYSEUR") in text


def test_site_states_its_new_land_take_and_keeps_to_the_budget(tmp_path):
    """La Feuillane marked greenfield and a 10 ha budget (`siting.max_new_land_take_ha`): the plan
    takes at most 10 ha there, the printed line says what placements.csv adds up to, and the
    plan is worth less than fos_siting's free one (8,810,329 EUR/yr, which takes more there)."""
    import shutil

    scen = tmp_path / "fos"
    shutil.copytree(SCEN.parent, scen)
    plots = pd.read_csv(scen / "plots.csv", dtype=str, keep_default_na=False)
    plots["greenfield"] = ["oui" if p == "FEUILLANE" else "" for p in plots["plot_id"]]
    plots.to_csv(scen / "plots.csv", index=False)
    yaml = (scen / "scenario.yaml").read_text(encoding="utf-8")
    (scen / "scenario.yaml").write_text(yaml.replace("\nsiting:\n", "\nsiting:\n  max_new_land_take_ha: 10\n"),
                                        encoding="utf-8")
    free = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(tmp_path / "free"), "-q"])
    res = CliRunner().invoke(main, ["site", str(scen / "scenario.yaml"), "--out", str(tmp_path / "capped"),
                                    "--lang", "fr", "-q", "--report"], catch_exceptions=False)
    assert free.exit_code == 0 and res.exit_code == 0, res.output
    placed = pd.read_csv(tmp_path / "capped" / "placements.csv")
    taken = placed.loc[placed["plot_id"] == "FEUILLANE", "land_ha"].sum()   # by hand from the placements
    assert 0 < taken <= 10 and placed["new_land_take_ha"].sum() == taken
    said = f"{taken:.1f}".replace(".", ",").replace(",0", "")
    assert (f"artificialisation nouvelle (parcelles naturelles, agricoles ou forestières, ZAN) : {said} ha, sur 10 ha "
            "autorisés") in res.output, res.output
    import html

    report = " ".join(html.unescape((tmp_path / "capped" / "report.html").read_text(encoding="utf-8")).split())
    assert (f'<p class="land-take">Artificialisation nouvelle (parcelles naturelles, agricoles ou forestières, ZAN) : '
            f'{said} ha, sur 10 ha autorisés') in report
    # the greenhouse may only go on La Feuillane (food is excluded elsewhere) and takes more land
    # than the whole budget: its reason is the budget, not "does not pay"
    why = pd.read_csv(tmp_path / "capped" / "activity_reasons.csv").set_index("activity_id")
    assert why.at["SERRE", "candidate_plots"] == 1 and why.at["SERRE", "land_ha"] > 10
    assert why.at["SERRE", "reason"] == "land_take_budget" and why.at["SERRE", "max_new_land_take_ha"] == 10
    assert why.at["SERRE", "least_new_land_take_ha"] == why.at["SERRE", "land_ha"]
    assert "au-delà du budget d'artificialisation" in report and "plus que le budget d'artificialisation nouvelle de 10 ha" in report
    free_taken = pd.read_csv(tmp_path / "free" / "placements.csv").query("plot_id == 'FEUILLANE'")["land_ha"].sum()
    assert free_taken > 10   # the budget binds: the free plan takes more there
    assert "objectif 8\u202f810\u202f328,65" in free.output and "objectif 8\u202f810\u202f328,65" not in res.output


def test_site_writes_results_xlsx_with_the_siting_sheets(tmp_path):
    """`eitflow site --excel`: the option did not exist (`eitflow run` had it), so a siting's
    results could not be handed over as a workbook. results.xlsx now has the run's sheets and
    the siting's (placements, ranking, activities and their reasons, land take), in French, each
    row as the CSV's: the same placements, the same costs."""
    import openpyxl

    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(SCEN), "--out", str(out), "--lang", "fr", "--excel", "-q"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out / "results.xlsx")
    for sheet in ("implantations", "classement des parcelles", "activités et motifs", "artificialisation", "échanges"):
        assert sheet in wb.sheetnames, wb.sheetnames
    ws = wb["implantations"]
    heads = [c.value for c in ws[1]]
    assert not [h for h in heads if "_" in str(h)], heads    # every header in words
    rows = [dict(zip(heads, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    placed = pd.read_csv(out / "placements.csv")
    assert [r["site"] for r in rows] == list(placed["site_id"])
    # the CSV writes its figures to the mm, the workbook in full
    assert [r["coût (€/an)"] for r in rows] == pytest.approx(list(placed["cost_eur_per_yr"]), abs=1e-3)
    assert heads[heads.index("activité") + 1] == "activité (nom)" and "foncier (ha)" in heads
    reasons = wb["activités et motifs"]
    assert reasons.max_row - 1 == len(pd.read_csv(out / "activity_reasons.csv"))


def test_an_exchange_from_a_partner_elides_de_before_a_vowel_or_a_mute_h():
    """A placed activity's exchanges read "chaleur venant de ArcelorMittal Méditerranée",
    "hydrogène venant de Hydrogène solaire": French elides 'de' before a vowel (accented too) or
    a mute h, as 'réseau d'hydrogène' (network_party) and the sweep's 'prix d'hydrogène' do; not
    before a consonant, and 'vers' takes none. The English is as it was."""
    from eitflow.analyses.siting import exchanges_detail

    names = {"ARC": "ArcelorMittal Méditerranée", "H2": "Hydrogène solaire", "ELY": "Électrolyseur",
             "DC": "Centre de données"}
    links = pd.DataFrame({"source_site": ["ARC", "H2", "ELY", "DC", "NEW"], "sink_site": ["NEW"] * 4 + ["DC"],
                          "supply_resource": ["heat", "hydrogen", "heat", "heat", "heat"],
                          "amount": [1000.0, 20.0, 500.0, 3000.0, 100.0],
                          "unit": ["MWh/yr", "t/yr", "MWh/yr", "MWh/yr", "MWh/yr"]})
    assert exchanges_detail(links, "NEW", "fr", names).split("\u202f; ") == [
        "chaleur venant d'ArcelorMittal Méditerranée (1\u202f000 MWh/an)",
        "hydrogène venant d'Hydrogène solaire (20 t/an)",
        "chaleur venant d'Électrolyseur (500 MWh/an)",
        "chaleur venant de Centre de données (3\u202f000 MWh/an)",
        "chaleur vers Centre de données (100 MWh/an)"]
    assert exchanges_detail(links, "NEW", "en", names).split("; ") == [
        "heat from ArcelorMittal Méditerranée (1,000 MWh/yr)", "hydrogen from Hydrogène solaire (20 t/yr)",
        "heat from Électrolyseur (500 MWh/yr)", "heat from Centre de données (3,000 MWh/yr)",
        "heat to Centre de données (100 MWh/yr)"]


def test_de_is_not_elided_before_an_aspirated_h():
    """'de' elides before a mute h (d'hydrogène, d'Hydrogène solaire) but not before an aspirated
    one: 'venant de Hauts-de-France Énergie', 'de Haute-Marne', 'de Havre Chaleur' (the rule took
    every h as mute: "d'Hauts-de-France")."""
    from eitflow.i18n import de
    assert [de(w, "fr") for w in ("hydrogène", "Hydrogène solaire", "Hôpital", "Hauts-de-France Énergie",
                                  "Haute-Marne", "Havre Chaleur", "Centre", "Air")] == [
        "d'", "d'", "d'", "de ", "de ", "de ", "de ", "d'"]
    assert de("Hauts-de-France", "en") == ""
