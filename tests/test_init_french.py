"""`eitflow init --lang fr`: the template (README.md, scenario.yaml's comments, the workbook's
notes) in French for French analysts, still a valid scenario; the column names stay as they are
(they are the file format) and the English template is unchanged."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from eitflow.cli.main import main
from eitflow.io.schema import TABLES

# English meanings of columns, written out here from the English template (not from the code)
ENGLISH_MEANINGS = [
    "unique id of the site, used by flows and links",
    "quantity per year, in the unit of the next column",
    "supply: temperature offered; demand: temperature required",
    "smallest exchange worth a contract",
    "free text, e.g. the source of the figures; ignored",
    "investment, annualised with discount_rate and lifetime_years",
    "unique id, different from every site_id and hub_id",
]


def _ok(args: list[str]):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    return res


def test_init_lang_fr_writes_a_french_template_that_validates_and_runs(tmp_path):
    d = tmp_path / "fr"
    res = _ok(["init", str(d), "--lang", "fr"])
    assert "ensuite : modifiez-le, puis" in res.output
    readme = (d / "README.md").read_text(encoding="utf-8")
    # headings, intro and the column tables in French
    assert readme.startswith("# Modèle de scénario\n")
    assert ("Écrit par `eitflow init`. Les fichiers contiennent un petit exemple rempli, à remplacer par vos "
            "propres données :") in readme
    assert "| colonne | obligatoire (ou là où elle s'applique) | unité | signification |" in readme
    assert "| `site_id` | oui |  | identifiant unique du site, repris par flows et links |" in readme
    # French units (€/an, °C), decimal comma in the bounds, the column names as they are
    assert "| `fixed_cost_eur_per_yr` | offres | €/an | coût fixe par an de cette unité une fois construite" in readme
    assert "| `temperature_c` | chaleur et vapeur (obligatoire pour elles) | °C | supply : température offerte" in readme
    assert "≥ 39,4 et ≤ 200" in readme
    for t in TABLES.values():
        assert f"## {t.file}" in readme
        for c in t.columns:
            assert f"| `{c.name}` |" in readme
    # no English meaning left
    for en in ENGLISH_MEANINGS + ["Written by `eitflow init`", "one row per site", "| column | required", "EUR/yr",
                                  "degC", " and <= "]:
        assert en not in readme, en
    # scenario.yaml: French comments, and lang: fr so that runs report in French
    yaml = (d / "scenario.yaml").read_text(encoding="utf-8")
    assert "\nlang: fr " in yaml
    assert "# Modifiez les fichiers CSV (README.md décrit chaque colonne), puis :" in yaml
    assert "# écart relatif d'optimalité auquel le solveur s'arrête" in yaml
    assert "relative optimality gap" not in yaml and "optional" not in yaml
    # still a valid scenario, and its runs speak French without --lang
    assert "ok : " in _ok(["validate", str(d / "scenario.yaml")]).output
    assert "statut : optimal" in _ok(["run", str(d / "scenario.yaml"), "--out", str(tmp_path / "run_fr")]).output


def test_init_lang_fr_excel_notes_are_french_and_the_workbook_runs(tmp_path):
    d = tmp_path / "xl"
    _ok(["init", str(d), "--excel", "--lang", "fr"])
    wb = load_workbook(d / "scenario.xlsx")
    assert wb.sheetnames[:3] == ["sites", "flows", "links"]
    notes = [r for r in wb["notes"].iter_rows(values_only=True)]
    assert notes[0] == ("feuille", "colonne", "obligatoire", "unité", "signification", "exemple")
    assert ("sites", "site_id", "oui", None, "identifiant unique du site, repris par flows et links", "UVE") in notes
    meanings = {r[4] for r in notes}
    assert not meanings & set(ENGLISH_MEANINGS)
    assert "écart relatif d'optimalité auquel le solveur s'arrête" in meanings
    params = {r[0]: r[1:] for r in wb["parameters"].iter_rows(min_row=2, values_only=True)}
    assert params["lang"][0] == "fr"
    assert params["discount_rate"][1].startswith("annualise les investissements")
    assert wb["flows"]["E1"].value == "amount"
    assert wb["flows"]["E1"].comment.text.startswith("(obligatoire) quantité par an")
    assert "ok : " in _ok(["validate", str(d / "scenario.xlsx")]).output
    assert "statut : optimal" in _ok(["run", str(d / "scenario.xlsx"), "--out", str(tmp_path / "r")]).output


def test_init_lang_en_is_the_default_english_template(tmp_path):
    a, b = tmp_path / "default", tmp_path / "en"
    _ok(["init", str(a)])
    _ok(["init", str(b), "--lang", "en"])
    for name in ("README.md", "scenario.yaml", "sites.csv", "flows.csv", "links.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    readme = (b / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Scenario template\n\nWritten by `eitflow init`.")
    assert "| column | required (or where it applies) | unit | meaning |" in readme
    for en in ENGLISH_MEANINGS:
        assert en in readme, en
    assert "| `lat` | yes | deg | latitude, WGS84; ≥ -90 and ≤ 90 |" in readme
    yaml = (b / "scenario.yaml").read_text(encoding="utf-8")
    assert "lang:" not in yaml and "# relative optimality gap at which the solver stops" in yaml
    assert "Waste incinerator (example)" in (b / "sites.csv").read_text(encoding="utf-8")
    for d in (a, b):
        _ok(["validate", str(d / "scenario.yaml")])
        assert "status: optimal" in _ok(["run", str(d / "scenario.yaml"), "--out", str(d / "run")]).output


def test_every_meaning_of_the_template_has_its_french():
    """A column or scenario.yaml key added later without its French would leave English in the
    French template: each meaning has a ``gloss__<the English>`` in data/messages.csv."""
    from eitflow.i18n import gloss
    from eitflow.io.schema import parameter_keys

    same = {"latitude, WGS84", "longitude, WGS84"}   # the same words in French
    english = [t.description for t in TABLES.values()] + [c.description for t in TABLES.values() for c in t.columns]
    english += [c.applies for t in TABLES.values() for c in t.columns if c.applies]
    english += [p.description for p in parameter_keys()]
    assert sorted({e for e in english if gloss(e, "fr") == e} - same) == []


def test_init_lang_fr_writes_csv_files_french_excel_opens_in_columns_and_they_run_as_the_english(tmp_path):
    """French Excel splits a CSV on ';' and reads '4,9' as a number: a ','-separated template opened
    in one column. The French files are ';'-separated with decimal commas and a UTF-8 BOM (Excel then
    reads the accents); eitflow reads them as the same data, so the run gives the English optimum."""
    import csv
    import json

    import pandas as pd

    from eitflow.io.read import read_scenario

    fr, en = tmp_path / "fr", tmp_path / "en"
    _ok(["init", str(fr), "--lang", "fr"])
    _ok(["init", str(en), "--lang", "en"])
    for name in ("sites.csv", "flows.csv", "links.csv"):
        raw = (fr / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name            # UTF-8 BOM
        assert not (en / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
        with open(fr / name, encoding="utf-8-sig", newline="") as fh:
            rows_fr = list(csv.reader(fh, delimiter=";"))
        with open(en / name, encoding="utf-8", newline="") as fh:
            rows_en = list(csv.reader(fh))
        # the layout: the same header (column names are the format), every row as wide as it
        assert rows_fr[0] == rows_en[0] == TABLES[name.removesuffix(".csv")].names, name
        assert len(rows_fr) == len(rows_en) and {len(r) for r in rows_fr} == {len(rows_fr[0])}, name
        # figures: the English's, with a decimal comma; ids and codes as written
        for r_fr, r_en in zip(rows_fr[1:], rows_en[1:]):
            for col, a, b in zip(rows_fr[0], r_fr, r_en):
                if col in ("site_id", "flow_id", "direction", "resource", "unit", "source_site", "sink_site"):
                    assert a == b, (name, col)
                elif b.replace(".", "", 1).isdigit():
                    assert "." not in a and float(a.replace(",", ".")) == float(b), (name, col, a, b)
    # a few cells from the example's figures (EXAMPLE_* of the template), as French Excel shows them
    by_id = {r[0]: r for r in csv.reader((fr / "flows.csv").read_text(encoding="utf-8-sig").splitlines(),
                                         delimiter=";")}
    head = by_id["flow_id"]
    assert by_id["chimie_gypsum"][head.index("amount")] == "4,9"
    assert by_id["chimie_water"][head.index("price_eur_per_unit")] == "0,45"
    sites = list(csv.reader((fr / "sites.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert sites[1][:4] == ["UVE", "Usine d'incinération (exemple)", "50,2848", "3,9905"]
    links = list(csv.reader((fr / "links.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert links[1][links[0].index("distance_km")] == "17,5"
    # eitflow reads the same data from both, and the runs reach the same optimum
    a, b = read_scenario(fr / "scenario.yaml"), read_scenario(en / "scenario.yaml")
    for t in ("sites", "flows"):
        num = getattr(b, t).select_dtypes("number").columns
        pd.testing.assert_frame_equal(getattr(a, t)[num], getattr(b, t)[num])
    _ok(["run", str(fr / "scenario.yaml"), "--out", str(tmp_path / "run_fr")])
    _ok(["run", str(en / "scenario.yaml"), "--out", str(tmp_path / "run_en")])
    s_fr, s_en = (json.loads((tmp_path / r / "summary.json").read_text()) for r in ("run_fr", "run_en"))
    assert s_fr["status"] == s_en["status"] == "optimal"
    assert s_fr["objective"] == s_en["objective"] and s_fr["objective"] > 0
    assert s_fr["counts"]["chosen_links"] == s_en["counts"]["chosen_links"]


def test_init_lang_fr_speaks_french_to_the_end(tmp_path):
    """The next-step hint and the refusal to overwrite were English in a French init
    ("--out runs/my_run", "error: ... already exist(s)"); the English stays as it was."""
    d = tmp_path / "fr"
    res = _ok(["init", str(d), "--lang", "fr"])
    assert f"eitflow run {d / 'scenario.yaml'} --out resultats/mon_calcul\n" in res.output
    assert "eitflow report resultats/mon_calcul\n" in res.output and "my_run" not in res.output
    again = CliRunner().invoke(main, ["init", str(d), "--lang", "fr"])
    assert again.exit_code == 2 and "Traceback" not in again.output
    flat = " ".join(again.output.split())
    assert f"erreur : {d / 'scenario.yaml'}, " in flat
    # five files there: the verb in the plural, no "(nt)"
    assert f"{d / 'README.md'} existent déjà ; choisissez un autre dossier ou ajoutez --force" in flat
    assert "already exist" not in flat and "error:" not in flat and "(nt)" not in flat
    en = tmp_path / "en"
    assert "--out runs/my_run\n" in _ok(["init", str(en)]).output
    again = CliRunner().invoke(main, ["init", str(en)])
    assert again.exit_code == 2
    assert "README.md already exist; choose another directory or pass --force" in " ".join(again.output.split())


@pytest.mark.parametrize("lang, said", [("fr", "scenario.xlsx existe déjà ; choisissez"),
                                        ("en", "scenario.xlsx already exists; choose")])
def test_one_file_in_the_way_is_said_in_the_singular(tmp_path, lang, said):
    """A workbook template (one file) refused: 'existe déjà' / 'already exists', not 'existe(nt)'
    / 'exist(s)'."""
    d = tmp_path / "wb"
    _ok(["init", str(d), "--excel", "--lang", lang])
    again = CliRunner().invoke(main, ["init", str(d), "--excel", "--lang", lang])
    assert again.exit_code == 2 and "Traceback" not in again.output
    flat = " ".join(again.output.split())
    assert said in flat and "(s)" not in flat and "(nt)" not in flat, flat


def test_without_lang_the_template_and_the_import_speak_the_users_language(tmp_path, monkeypatch):
    """A French analyst's session (LANG=fr_FR.UTF-8) typing `eitflow init mon_territoire` got an
    English template and English lines while `--help` and click's errors were French: the
    template is now in the session's language, byte for byte `--lang fr`'s; `--lang en` still
    writes English; a neutral locale keeps English (the test above)."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    a, b, c = tmp_path / "session", tmp_path / "fr", tmp_path / "en"
    said = _ok(["init", str(a)]).output
    assert said.startswith(f"écrit : {a / 'scenario.yaml'}"), said
    _ok(["init", str(b), "--lang", "fr"])
    for name in ("README.md", "scenario.yaml", "sites.csv", "flows.csv", "links.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert "lang: fr" in (a / "scenario.yaml").read_text(encoding="utf-8")
    assert _ok(["init", str(c), "--lang", "en"]).output.startswith("wrote ")
    assert "lang:" not in (c / "scenario.yaml").read_text(encoding="utf-8")
    # the importer too: its refusal of a file that is not the table it expects is French
    bad = tmp_path / "h.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["import", "hotmaps", str(bad), "--communes", str(bad), "--out",
                                    str(tmp_path / "imp")])
    assert res.exit_code == 2 and res.output.startswith("erreur : import impossible (1 problème) :"), res.output
    assert "(il contient : a, b)" in res.output, res.output
