"""`eitflow import hotmaps` with the files a French analyst has: copies saved by French Excel
(`;`, decimal commas, cp1252, a BOM, codes that lost their leading zeros), files cut short or
empty, the two files swapped, Corsica's old code, an overrides file of their own. Each either
reads as the original does or is refused naming the file, the row and the column, in the import's
language. Expected values by hand from the synthetic rows of `test_importers` (demand = population
x 7 MWh x 0.3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main
from test_importers import COMMUNES_HEADER, COMMUNES_ROWS, HOTMAPS_HEADER, HOTMAPS_ROWS, OVERRIDE_HEADER, _write

# Haute-Corse beside Corse-du-Sud (Ajaccio, 2A004, in COMMUNES_ROWS)
BASTIA = "2B033,94,2B,Bastia,Bastia,COM,,42.6970,9.4503,19.38,48503,44121,0,0,0,0,0,0"


def _import(tmp_path: Path, hotmaps: Path, communes: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / ("out" + str(abs(hash((str(hotmaps), str(communes), args)))))
    r = CliRunner().invoke(main, ["import", "hotmaps", str(hotmaps), "--communes", str(communes), "--out", str(out),
                                  *args])
    assert "Traceback" not in r.output and not isinstance(r.exception, (TypeError, KeyError, AttributeError)), r.output
    return r.exit_code, " ".join(r.output.split()), out


def _said(tmp_path: Path, hotmaps: Path, communes: Path, *args: str) -> dict[str, str]:
    """What a refused import says in each language (exit 2, nothing written)."""
    said = {}
    for lang in ("fr", "en"):
        code, out, where = _import(tmp_path, hotmaps, communes, *args, "--lang", lang)
        assert code == 2 and not (where / "scenario.yaml").exists(), out
        said[lang] = out
    return said


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (_write(tmp_path / "hm.csv", HOTMAPS_HEADER, HOTMAPS_ROWS),
            _write(tmp_path / "communes.csv", COMMUNES_HEADER, COMMUNES_ROWS))


def _excel_fr(line: str, numbers: set[int], zeros: bool = False) -> str:
    """A communes row as French Excel saves it: ';', decimal commas in the `numbers` cells, and
    (zeros) the codes read as numbers (01004 -> 1004, département 01 -> 1)."""
    cells = line.split(",")
    cells = [c.replace(".", ",") if k in numbers else c for k, c in enumerate(cells)]
    if zeros:
        cells[:3] = [c.lstrip("0") if c.isdigit() else c for c in cells[:3]]
    return ";".join(cells)


def test_a_french_excel_copy_of_the_communes_imports_as_the_original(tmp_path, files):
    hm, com = files
    code, out, ref = _import(tmp_path, hm, com)
    assert code == 0, out
    rows = [_excel_fr(r, {7, 8, 9}, zeros=True) for r in COMMUNES_ROWS]
    text = "\n".join([COMMUNES_HEADER.replace(",", ";"), *rows]) + "\n"
    copies = {"cp1252": text.encode("cp1252"), "bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
              "latin1_comma": ("\n".join([COMMUNES_HEADER, *COMMUNES_ROWS]) + "\n").encode("latin-1")}
    for name, data in copies.items():
        (tmp_path / f"{name}.csv").write_bytes(data)
        code, out, where = _import(tmp_path, hm, tmp_path / f"{name}.csv")
        assert code == 0, (name, out)
        for f in ("sites.csv", "flows.csv"):
            assert (where / f).read_bytes() == (ref / f).read_bytes(), (name, f)
    sites = pd.read_csv(ref / "sites.csv", dtype=str).set_index("site_id")
    flows = pd.read_csv(ref / "flows.csv", dtype={"site_id": str}).set_index("site_id")
    # by hand: 14,854 x 7 x 0.3; 39,436 x 2.1; 2,000 x 2.1 (Sainte-Florence has no coordinates)
    assert flows.loc[["INSEE01004", "INSEE13201", "INSEE2A004"], "amount"].tolist() == pytest.approx(
        [31193.4, 82815.6, 4200.0])
    assert sites.loc["INSEE01004", ["name", "lat", "zone"]].tolist() == ["Ambérieu-en-Bugey", "45.95747", "Ain (01)"]


def test_a_french_excel_copy_of_hotmaps_imports_as_the_original(tmp_path, files):
    hm, com = files
    code, out, ref = _import(tmp_path, hm, com)
    assert code == 0, out
    # decimal commas in the 8 number cells at the end of each row (not in the geometry), cp1252
    rows = [";".join([r.rsplit(";", 8)[0], *(c.replace(".", ",") for c in r.rsplit(";", 8)[1:])])
            for r in HOTMAPS_ROWS]
    (tmp_path / "hm_fr.csv").write_bytes(("\n".join([HOTMAPS_HEADER, *rows]) + "\n").encode("cp1252"))
    # saved again with ',' between cells (the geometry's ';' quoted)
    pd.read_csv(hm, sep=";", dtype=str, keep_default_na=False).to_csv(tmp_path / "hm_comma.csv", index=False)
    for name in ("hm_fr.csv", "hm_comma.csv"):
        code, out, where = _import(tmp_path, tmp_path / name, com)
        assert code == 0, (name, out)
        for f in ("sites.csv", "flows.csv"):
            assert (where / f).read_bytes() == (ref / f).read_bytes(), (name, f)
    flows = pd.read_csv(ref / "flows.csv", dtype={"site_id": str})
    hm_flows = flows[flows["site_id"].str.startswith("HM")]
    # by hand: Steel A's 12.5 and 7.25 GWh/yr bands at 100 and 200 degC, Glass B's 1, 2, 3
    assert hm_flows[["site_id", "amount", "temperature_c"]].values.tolist() == [
        ["HM10", 12.5, 100.0], ["HM10", 7.25, 200.0], ["HM11", 1.0, 100.0], ["HM11", 2.0, 200.0], ["HM11", 3.0, 500.0]]


def test_a_file_cut_short_or_broken_is_refused_at_its_row(tmp_path, files):
    hm, com = files
    # the communes cut inside row 5 (Marseille's, '13201,93,13,Marseill': 4 cells)
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join([COMMUNES_HEADER, *COMMUNES_ROWS[:3], COMMUNES_ROWS[3][:20]]), encoding="utf-8")
    said = _said(tmp_path, hm, cut)
    assert (f"{cut}, ligne 5 : cette dernière ligne a 4 cellules quand l'en-tête en a 18, et le fichier s'arrête "
            "au milieu : il semble tronqué") in said["fr"]
    assert f"{cut}, row 5: this last row has 4 cells where the header has 18" in said["en"]
    assert said["fr"].startswith("erreur : import impossible (1 problème) :")
    # Hotmaps cut inside the quoted company name of row 3
    hm_cut = tmp_path / "hm_cut.csv"
    hm_cut.write_text("\n".join([HOTMAPS_HEADER, HOTMAPS_ROWS[0], HOTMAPS_ROWS[1][:8]]), encoding="utf-8")
    said = _said(tmp_path, hm_cut, com)
    assert f"{hm_cut}, ligne 3 : le fichier s'arrête dans la valeur entre guillemets ouverte à cette ligne" in said["fr"]
    # a line break inside Ambérieu's row (2): rows 2 and 3 both lack cells
    broken = tmp_path / "broken.csv"
    first, rest = COMMUNES_ROWS[0].split(",Ambérieu-en-Bugey,COM", 1)
    broken.write_text("\n".join([COMMUNES_HEADER, first, ",Ambérieu-en-Bugey,COM" + rest, *COMMUNES_ROWS[1:]]) + "\n",
                      encoding="utf-8")
    said = _said(tmp_path, hm, broken)
    assert f"{broken}, ligne 2 : cette ligne a 4 cellules quand l'en-tête en a 18" in said["fr"]
    assert f"{broken}, row 3: this row has 15 cells where the header has 18" in said["en"]


def test_empty_and_swapped_files_are_named_as_what_they_are(tmp_path, files):
    hm, com = files
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert f"{empty} : le fichier est vide" in _said(tmp_path, hm, empty)["fr"]
    header = _write(tmp_path / "header.csv", HOTMAPS_HEADER, [])
    said = _said(tmp_path, header, com)
    assert (f"{header} : un en-tête mais aucune ligne de données : attendu la base des sites industriels Hotmaps"
            in said["fr"])
    said = _said(tmp_path, com, hm)
    assert (f"{com}, ligne 1 : c'est une table des communes INSEE, pas la base des sites industriels Hotmaps : les "
            "deux fichiers ont-ils été inversés ?") in said["fr"]
    assert f"{com}, row 1: this is an INSEE communes table, not the Hotmaps industrial sites database" in said["en"]
    said = _said(tmp_path, hm, _write(tmp_path / "other.csv", "a,b", ["1,2"]))
    assert "other.csv, ligne 1 : ce n'est pas une table des communes INSEE : il manque à l'en-tête insee_com" in said["fr"]


def test_a_band_that_is_not_a_number_is_refused_in_french(tmp_path, files):
    _, com = files
    for value in ("n/a", "12 GWh"):
        rows = [*HOTMAPS_ROWS]
        rows[1] = rows[1].replace(";1.00;2.00;3.00;", f";1.00;{value};3.00;")   # Glass B, row 3
        hm = _write(tmp_path / "hm_bad.csv", HOTMAPS_HEADER, rows)
        said = _said(tmp_path, hm, com)
        assert f"{hm}, ligne 3, colonne 'Excess_Heat_200-500C' : " in said["fr"]
        assert f"(trouvé : '{value}')" in said["fr"]
        assert f"{hm}, row 3, column 'Excess_Heat_200-500C': " in said["en"]


def test_corsica_and_codes_that_lost_their_zeros(tmp_path, files):
    hm, _ = files
    com = _write(tmp_path / "communes.csv", COMMUNES_HEADER, [*COMMUNES_ROWS, BASTIA])
    said = _said(tmp_path, hm, com, "--departements", "20")
    assert ("colonne 'insee_dep' : aucun code 20 : la Corse forme deux départements depuis 1976, 2A (Corse-du-Sud) "
            "et 2B (Haute-Corse)") in said["fr"]
    assert "no code 20: Corsica has been two départements since 1976" in said["en"]
    code, out, where = _import(tmp_path, hm, com, "--departements", "2b")
    assert code == 0, out
    flows = pd.read_csv(where / "flows.csv", dtype={"site_id": str})
    assert flows[["site_id", "amount"]].values.tolist() == [["INSEE2B033", pytest.approx(48503 * 2.1)]]
    # a copy whose codes lost their leading zeros ('1004', département '1'): --departements 1 is 01
    zeros = tmp_path / "zeros.csv"
    zeros.write_text("\n".join([COMMUNES_HEADER, *(_excel_fr(r, set(), zeros=True).replace(";", ",")
                                                   for r in COMMUNES_ROWS)]) + "\n", encoding="utf-8")
    assert "\n1004,84,1," in zeros.read_text()
    code, out, where = _import(tmp_path, hm, zeros, "--departements", "1")
    assert code == 0, out
    sites = pd.read_csv(where / "sites.csv", dtype=str)
    assert sites.loc[sites["site_id"].str.startswith("INSEE"), ["site_id", "zone"]].values.tolist() == [
        ["INSEE01004", "Ain (01)"]]


def test_an_overrides_file_of_french_excel_and_its_mistakes(tmp_path, files):
    hm, com = files
    head = OVERRIDE_HEADER.replace(",", ";")
    ov = tmp_path / "corrections.csv"
    ov.write_bytes(("\n".join([head, "HM553;;;;;;supply;heat;250,5;GWh/yr;120;;récupération",
                               "DC1;Centre de données Sénart;48,6;2,55;data centre;Lieusaint;supply;heat;40;GWh/yr;35;;"])
                    + "\n").encode("cp1252"))
    code, out, where = _import(tmp_path, hm, com, "--overrides", str(ov))
    assert code == 0, out
    sites = pd.read_csv(where / "sites.csv", dtype={"site_id": str}).set_index("site_id")
    flows = pd.read_csv(where / "flows.csv", dtype={"site_id": str}).set_index("site_id")
    assert sites.loc["DC1", ["name", "lat", "lon"]].tolist() == ["Centre de données Sénart", 48.6, 2.55]
    assert flows.loc["HM553", ["amount", "temperature_c", "note"]].tolist() == [250.5, 120.0, "récupération"]
    bad = _write(tmp_path / "bad.csv", OVERRIDE_HEADER, ["HM553,,,,,,supply,heat,beaucoup,GWh/yr,120,,",
                                                          "HM77,,,,,,supply,heat,5,GWh/yr,120,,"])
    said = _said(tmp_path, hm, com, "--overrides", str(bad))
    assert (f"{bad}, ligne 2, colonne 'amount' : attendu une quantité par an (0 retire le flux) (trouvé : 'beaucoup')"
            in said["fr"])
    unknown = _write(tmp_path / "unknown.csv", OVERRIDE_HEADER, ["HM77,,,,,,supply,heat,5,GWh/yr,120,,"])
    said = _said(tmp_path, hm, com, "--overrides", str(unknown))
    assert (f"{unknown}, ligne 2, colonne 'site_id' : le site HM77 n'est pas parmi les sites importés" in said["fr"])


def test_the_import_settings_are_refused_in_french(tmp_path, files):
    hm, com = files
    for args, fr in ((["--min-population", "-5"], "erreur : --min-population doit être ≥ 0 (reçu -5)"),
                     (["--dh-share", "2"], "erreur : --dh-share doit être dans ]0 ; 1] (une part) (reçu 2)"),
                     (["--radius", "0"], "erreur : --radius doit être > 0 (reçu 0)"),
                     (["--country", "XX"], "erreur : pays inconnu 'XX' : indiquez un code ISO ou un nom de Hotmaps"),
                     (["--margin-km", "5"], "erreur : une marge (km) entoure un territoire : indiquez aussi --departements ou --regions"),
                     (["--min-population", "100000"], f"erreur : {com} : aucune commune d'au moins 100 000 habitants")):
        assert fr in _said(tmp_path, hm, com, *args)["fr"], args


def test_a_commune_given_twice_is_named_at_its_rows(tmp_path, files):
    hm, _ = files
    # Ambérieu (01004, row 2) again at row 9, as Excel wrote it (1004, département 1)
    com = _write(tmp_path / "twice.csv", COMMUNES_HEADER, [*COMMUNES_ROWS, _excel_fr(COMMUNES_ROWS[0], set(), True)
                                                           .replace(";", ",")])
    said = _said(tmp_path, hm, com)
    assert f"{com}, ligne 9, colonne 'insee_com' : insee_com '01004' en double (première fois à la ligne 2)" in said["fr"]
    assert f"{com}, row 9, column 'insee_com': duplicate insee_com '01004' (first at row 2)" in said["en"]
