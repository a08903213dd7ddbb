"""results.xlsx's summary sheet named summary.json's raw keys ('totals.net_benefit_eur_per_yr')
and said its values as the code does ('time_limit', the solver's English message) even for a
French run. Each figure is now named as the report names it, with its unit ('Bénéfice net
(€/an)', the key-figure cards; 'prix du carbone (€/tCO2)', the parameters), the key kept beside
it; numbers are summary.json's, unchanged (to the 15 significant digits a workbook keeps)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import eitflow
from eitflow.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def _at(d: dict, key: str):
    """summary.json's value at a flattened key (nested keys joined by '.')."""
    for part in key.split("."):
        d = d[part]
    return d


def _sheet(path: Path, name: str) -> tuple[tuple, dict[str, tuple]]:
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    return rows[0], {r[0]: r[1:] for r in rows[1:]}


def test_a_french_run_names_its_summary_figures_in_french_with_their_units(tmp_path):
    out = tmp_path / "ludres"
    res = CliRunner().invoke(main, ["run", str(ROOT / "scenarios/ludres_backbone/scenario.yaml"), "--out", str(out),
                                    "--excel", "-q"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    head, rows = _sheet(out / "results.xlsx", "synthèse")
    assert head == ("indicateur", "valeur", "clé de summary.json")
    # labels of the report (cards, tables' columns, parameters), each with its summary.json key
    expected = {
        "Bénéfice net (€/an)": "totals.net_benefit_eur_per_yr",
        "CO2 évité (tCO2/an)": "totals.co2_avoided_t_per_yr",
        "Investissement (€)": "totals.investment_eur",
        "Échanges": "counts.chosen_links",
        "objectif (€/an)": "objective",
        "borne (€/an)": "bound",
        "réseaux partagés : coût annuel (€/an)": "totals.network_cost_eur_per_yr",
        "prix du carbone (€/tCO2)": "parameters.carbon_price_eur_per_t",
        "durée d'amortissement (ans)": "parameters.lifetime_years",
        "chaleur : bénéfice net (€/an)": "totals.amount_by_resource.heat.net_benefit_eur_per_yr",
    }
    for label, key in expected.items():
        assert label in rows, label
        value, k = rows[label]
        assert k == key
        assert isinstance(value, (int, float)) and value == pytest.approx(_at(summary, key), rel=1e-14), label
    assert summary["totals"]["network_cost_eur_per_yr"] > 0 and summary["counts"]["chosen_links"] > 0
    assert rows["statut"][0] == "optimal"
    assert rows["objectif optimisé"][0] == "bénéfice net"
    # no raw key of these figures left as a label, and every number is summary.json's
    labels = set(rows)
    assert not labels & {"totals.net_benefit_eur_per_yr", "objective", "status", "counts.sites"}
    for value, key in rows.values():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert value == pytest.approx(_at(summary, key), rel=1e-14), key


def test_an_english_run_names_them_in_english_and_the_message_is_said_in_the_run_language(tmp_path):
    from eitflow.i18n import Phrase, facts
    from eitflow.report.workbook import write_results_workbook

    sites = pd.DataFrame({"site_id": ["S1", "D"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["S1", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000, 25000], "unit": "MWh/yr", "temperature_c": [130, 60],
                          "price_eur_per_unit": [0, 40]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows))
    fallback = Phrase("sol_fallback")                      # one of eitflow's own sentences
    res.summary.update(message=fallback, message_facts=facts(fallback))
    head, en = _sheet(write_results_workbook(res, tmp_path / "en.xlsx", lang="en"), "summary")
    assert head == ("figure", "value", "summary.json key")
    assert en["Net benefit (EUR/yr)"] == (pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"], rel=1e-14),
                                          "totals.net_benefit_eur_per_yr")
    assert en["carbon price (EUR/tCO2)"][1] == "parameters.carbon_price_eur_per_t"
    assert en["solver's message"][0].startswith("a component found no solution within the time limit")
    _, fr = _sheet(write_results_workbook(res, tmp_path / "fr.xlsx", lang="fr"), "synthèse")
    assert fr["message du solveur"][0].startswith("une composante n'a trouvé aucune solution dans le temps imparti")
    assert fr["Bénéfice net (€/an)"][0] == pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"], rel=1e-14)


def _unworded(summary: dict, matches: pd.DataFrame) -> dict[str, list[str]]:
    """Per language, the summary.json keys results.xlsx has no words for (labelled with the
    key itself), and the stages timed without words of their own."""
    from eitflow.i18n import has_text
    from eitflow.report.workbook import _cards, _flatten, _summary_label

    out = {lang: [k for k, _ in _flatten(summary) if _summary_label(k, summary, _cards(summary, matches, lang),
                                                                    lang) is None]
           for lang in ("en", "fr")}
    stages = set(summary.get("timings_s") or {}) | set((summary.get("siting") or {}).get("timings_s") or {})
    return {**out, "stages": sorted(s for s in stages if not has_text(f"sum_stage__{s}"))}


def test_every_summary_key_has_a_label_in_english_and_in_french(tmp_path):
    """Timings ('timings_s.solve'), a shared network's counts ('networks.by_resource.heat.nodes'),
    its cuts, the heat-level step and parameters without words ('parameters.solver.isolate')
    were labelled with their raw key. Every key of a run of ludres_backbone (a shared heat
    network, run from the command line: read, imports and startup timed too) and of a siting
    run (its `siting` block) now has words, with its unit, in both languages."""
    from eitflow.analyses.siting import site
    from eitflow.report.workbook import summary_rows
    from test_siting import _siting, random_instance

    out = tmp_path / "ludres"
    res = CliRunner().invoke(main, ["run", str(ROOT / "scenarios/ludres_backbone/scenario.yaml"), "--out", str(out),
                                    "-q"])
    assert res.exit_code == 0, res.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["networks"]["by_resource"]["heat"]["nodes"] > 0 and {"read", "solve"} <= set(summary["timings_s"])
    matches = pd.read_csv(out / "matches.csv")
    fr, en = ({k: label for label, _, k in summary_rows(summary, matches, lang)} for lang in ("fr", "en"))
    assert (fr["timings_s.solve"], en["timings_s.solve"]) == ("durée : résolution (s)", "time: solving (s)")
    assert (fr["networks.by_resource.heat.length_built_km"], en["networks.by_resource.heat.length_built_km"]) == (
        "réseau de chaleur : longueur construite (km)", "heat network: length built (km)")
    assert fr["parameters.siting.rank_time_limit_s"] == "temps limite du classement (s)"
    assert _unworded(summary, matches) == {"en": [], "fr": [], "stages": []}
    sited = site(_siting(*random_instance(0), siting={"rank_top": 1})).result
    assert sited.summary["siting"]["ranking"] is not None
    assert _unworded(sited.summary, sited.matches) == {"en": [], "fr": [], "stages": []}


def _sized_h2_with_network(tmp_path: Path) -> Path:
    """redon_h2 (hubs: a shared refuelling station) with its electrolyser sized by the model
    (investment_eur_per_unit) and a heat network generated between its heat sites."""
    import shutil

    root = tmp_path / "redon_sized"
    shutil.copytree(ROOT / "scenarios/redon_h2", root)
    f = pd.read_csv(root / "flows.csv", dtype=str, keep_default_na=False)
    at = f["flow_id"] == "elec_h2"
    for col, v in (("investment_eur", "500000"), ("fixed_cost_eur_per_yr", "20000"), ("investment_eur_per_unit", "25000")):
        f[col] = f[col] if col in f else ""
        f.loc[at, col] = v
    f.to_csv(root / "flows.csv", index=False)
    with (root / "scenario.yaml").open("a", encoding="utf-8") as fh:
        fh.write("networks:\n  heat:\n    temperature_c: 50\n    generate: delaunay\n")
    return root / "scenario.yaml"


#: figures whose name is the same word in both languages
SAME_WORDS = {"sites", "variables", "description", "total"}


def _figure(label: str, lang: str) -> str:
    """A label without what names its resource, network or group ('hydrogène : capacité ...' ->
    'capacité ...')."""
    return label.rpartition(" : " if lang == "fr" else ": ")[2]


def test_every_summary_figure_is_named_in_words_with_its_unit_in_both_languages(tmp_path):
    """The French synthèse sheet showed 'hydrogène : unit capacity' (92.06, no unit): the
    capacity of the electrolysers built, summary.json's amount_by_resource.<r>.unit_capacity,
    named by the raw key's words, in English. Every figure of a run with a supply sized by the
    model, a shared network and a candidate hub (and of ludres_backbone) is now named in each
    language's own words (never the key's: the two languages differ but for a few words such
    as 'sites'), with no snake_case left, and its unit where it has one: the unit its key ends
    with ('_eur_per_yr', '_km'), or the resource's for an amount of it ('(t/an)')."""
    import re

    from eitflow import run_file
    from eitflow.i18n import SHARE_PARAMS, column_parts, unit
    from eitflow.report.workbook import write_results_workbook

    runs = [run_file(_sized_h2_with_network(tmp_path)), run_file(ROOT / "scenarios/ludres_backbone/scenario.yaml")]
    sized = runs[0].summary
    assert sized["totals"]["amount_by_resource"]["hydrogen"]["unit_capacity"] > 0
    assert sized["networks"]["by_resource"]["heat"]["corridors_built"] > 0 and sized["counts"]["candidate_hubs"] > 0
    for i, res in enumerate(runs):
        summary = res.summary
        labels = {}
        for lang, sheet in (("en", "summary"), ("fr", "synthèse")):
            _, rows = _sheet(write_results_workbook(res, tmp_path / f"{i}_{lang}.xlsx", lang=lang), sheet)
            labels[lang] = {key: label for label, (_, key) in rows.items()}
        assert set(labels["en"]) == set(labels["fr"])
        bad = []
        for key, en in labels["en"].items():
            fr = labels["fr"][key]
            value = _at(summary, key)
            if fr == key or en == key and re.search(r"[._]", key) or re.search(r"[a-z0-9]_[a-z0-9]", en + fr):
                bad.append((key, en, fr, "raw key"))
            if _figure(en, "en") == _figure(fr, "fr") and _figure(en, "en") not in SAME_WORDS and \
                    not key.startswith(("versions.", "inputs.")):
                bad.append((key, en, fr, "not translated"))
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            head, _, field = key.rpartition(".")
            u = column_parts(field)[1]
            group = _at(summary, head) if head else None
            if not u and field != "unit" and isinstance(group, dict):   # in its resource's unit, said beside it
                u = group.get("unit") or ""
            if u == "%" or key.removeprefix("parameters.") in SHARE_PARAMS:   # shown as a percentage
                continue
            for lang, label in (("en", en), ("fr", fr)):
                said = label.replace("tCO2", "t").replace("degC", "°C")
                if u and unit(u, lang) not in said and unit(u, lang) not in label:   # tCO2/yr as said, or €/tCO2 as €/t
                    bad.append((key, en, fr, f"no unit {u}"))
        assert not bad, bad


def test_the_capacity_of_the_units_built_is_named_with_its_unit(tmp_path):
    from eitflow import run_file
    from eitflow.report.workbook import summary_rows

    res = run_file(_sized_h2_with_network(tmp_path))
    key = "totals.amount_by_resource.hydrogen.unit_capacity"
    said = {lang: {k: label for label, _, k in summary_rows(res.summary, res.matches, lang)}[key] for lang in ("en", "fr")}
    assert said == {"en": "hydrogen: capacity of the units built (t/yr)",
                    "fr": "hydrogène : capacité des unités construites (t/an)"}
