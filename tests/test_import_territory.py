"""`eitflow import hotmaps --departements/--regions`: a territory's communes and the supplies in
it, not all of France. A border case is worked out by hand on synthetic rows (the real files'
layout); the real files (../shared, skipped where absent) are checked against a brute force over
every commune (haversine, names compared after removing accents)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from eitflow.cli.main import main
from test_importers import COMMUNES_HEADER, HOTMAPS_HEADER, _hm_row, _write

SHARED = Path(__file__).parents[2] / "shared"
HOTMAPS_REAL = SHARED / "data" / "hotmaps" / "Industrial_Database.csv"
COMMUNES_REAL = SHARED / "data" / "insee" / "communes_2024.csv"

# Raon-l'Étape (Vosges, 88) and a neighbour in Meurthe-et-Moselle (54); a paper mill between
# them whose Hotmaps city is "RAON L'ETAPE": 2.5 km from the neighbour's centre, 2.7 km from its own
BORDER_COMMUNES = [
    "54519,44,54,Saint-Voisin,Saint-Voisin,COM,,48.4290,6.8150,10.0,2500,2500,0,0,0,0,0,0",
    "88372,44,88,Raon-l'Étape,Raon-l'Étape,COM,,48.4040,6.8680,40.0,6061,6061,0,0,0,0,0,0",
    "54395,44,54,Nancy,Nancy,COM,,48.6880,6.1750,15.0,104000,104000,0,0,0,0,0,0",
]
BORDER_HOTMAPS = [
    _hm_row(3395, "Papeterie", "RAON L'ETAPE", "France", "SRID=4326;POINT(6.832162 48.409913)", "Paper and printing",
            10, 0, 0),
    _hm_row(3396, "Unnamed", "Nowhere", "France", "SRID=4326;POINT(6.832162 48.409913)", "Paper and printing",
            10, 0, 0),
    _hm_row(478, "Steel", "Nancy", "France", "SRID=4326;POINT(6.18 48.69)", "Iron and steel", 20, 0, 0),
]


def _km(lat1, lon1, lat2, lon2):
    """Great-circle km (haversine, R = 6371 km)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _import(tmp_path: Path, hotmaps: Path, communes: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / ("out" + str(abs(hash(args))))
    r = CliRunner().invoke(main, ["import", "hotmaps", str(hotmaps), "--communes", str(communes), "--out", str(out),
                                  *args])
    return r.exit_code, r.output, out


def _read(path: Path, **kw) -> pd.DataFrame:
    """A table the import wrote: French ';' with decimal commas and a BOM, else ','."""
    fr = path.read_bytes().startswith(b"\xef\xbb\xbf")
    return pd.read_csv(path, sep=";" if fr else ",", decimal="," if fr else ".", encoding="utf-8-sig", **kw)


def _sites(out: Path) -> pd.DataFrame:
    return _read(out / "sites.csv", dtype={"site_id": str})


def test_a_site_by_the_border_goes_with_its_own_commune(tmp_path):
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    # by hand: the mill is nearer the centre of Saint-Voisin (54) than of Raon-l'Étape (88)
    assert _km(48.409913, 6.832162, 48.4290, 6.8150) < _km(48.409913, 6.832162, 48.4040, 6.8680)
    code, said, out = _import(tmp_path, hm, com, "--departements", "54")
    assert code == 0, said
    s = _sites(out)
    # its city names Raon-l'Étape (Vosges): not in 54; the same point with no known city goes
    # to the nearest centre (54); the Nancy steelworks is in 54; sinks: the 54 communes only
    assert sorted(s["site_id"]) == ["HM3396", "HM478", "INSEE54395", "INSEE54519"]
    # each supply's zone is its commune's département, as a commune's (Hotmaps' city made each
    # industrial site a zone of its own): the point without a known city is in Saint-Voisin's
    m54, v88 = "Meurthe-et-Moselle (54)", "Vosges (88)"   # named as people name them
    assert dict(zip(s["site_id"], s["zone"].astype(str))) == {"HM3396": m54, "HM478": m54, "INSEE54395": m54,
                                                             "INSEE54519": m54}
    code, said, out = _import(tmp_path, hm, com, "--departements", "88")
    assert code == 0, said
    assert sorted(_sites(out)["site_id"]) == ["HM3395", "INSEE88372"]
    assert set(_sites(out)["zone"].astype(str)) == {v88}
    # a margin of 3 km around 54 takes the mill too (2.5 km from Saint-Voisin's centre), in its
    # own département's zone
    code, said, out = _import(tmp_path, hm, com, "--departements", "54", "--margin-km", "3")
    assert code == 0, said
    assert dict(zip(_sites(out)["site_id"], _sites(out)["zone"].astype(str)))["HM3395"] == v88
    # all of France: the same zones
    code, said, out = _import(tmp_path, hm, com)
    assert code == 0, said
    assert dict(zip(_sites(out)["site_id"], _sites(out)["zone"].astype(str))) == {
        "HM3395": v88, "HM3396": m54, "HM478": m54, "INSEE54395": m54, "INSEE54519": m54, "INSEE88372": v88}
    # the région (44) holds both départements: all of them
    code, said, out = _import(tmp_path, hm, com, "--regions", "44")
    assert code == 0 and len(_sites(out)) == 6, said


def test_a_territory_that_is_not_in_the_file_is_refused(tmp_path):
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    for args, said in ((["--departements", "57"], "com.csv, column 'insee_dep': no code 57 (its codes: 54, 88)"),
                       (["--regions", "11,44"], "column 'insee_reg': no code 11 (its codes: 44)"),
                       (["--departements", "54,,88"], "--departements: an empty code in '54,,88'"),
                       (["--margin-km", "5"], "a margin (km) is around a territory: give --departements or --regions too"),
                       (["--departements", "54", "--min-population", "200000"],
                        "Meurthe-et-Moselle (54): no commune of at least 200,000 inhabitants")):
        code, out, where = _import(tmp_path, hm, com, *args)
        assert code == 2 and "Traceback" not in out and said in " ".join(out.split()), (args, out)
        assert not (where / "scenario.yaml").exists()


def test_a_french_territory_gets_a_french_name_and_reports_in_french(tmp_path):
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    code, said, out = _import(tmp_path, hm, com, "--departements", "54", "--lang", "fr")
    assert code == 0, said
    assert said == f"écrit {out / 'scenario.yaml'}\n"   # not "wrote" on a French import
    y = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    assert y["lang"] == "fr"
    # named as an elected official names it (INSEE's name of 54), not "département 54"
    assert y["name"] == "Chaleur fatale industrielle vers les réseaux de chaleur : Meurthe-et-Moselle (54)"
    assert y["description"].startswith("Meurthe-et-Moselle (54) : chaleur fatale industrielle de Hotmaps (France)")
    # the threshold as French writes 2000: a narrow no-break space between the thousands
    assert "d'au moins 2\u202f000 habitants, dans un rayon de 30 km" in y["description"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Scénario de chaleur fatale : Meurthe-et-Moselle (54) (produit par")   # was English
    assert "Territoire : Meurthe-et-Moselle (54) (noms et codes INSEE" in readme
    # the sectors and notes it writes, which the report's map shows on hover: in French (the
    # file's "Iron and steel" was written as is, and every commune "residential and tertiary
    # heat (commune)", in a report for French readers)
    sites = _read(out / "sites.csv", dtype=str).set_index("site_id")
    assert sites.at["HM478", "sector"] == "Sidérurgie"
    assert sites.at["INSEE54395", "sector"] == "chaleur résidentielle et tertiaire (commune)"
    notes = _read(out / "flows.csv", dtype=str).set_index("site_id")["note"]
    assert notes["HM478"] == ("Hotmaps, chaleur fatale de la tranche 100-200C ; température de l'offre = borne basse "
                              "de la tranche (hypothèse)")
    assert notes["INSEE54395"] == ("population INSEE 2021 × 7 MWh/habitant × part raccordable à un réseau de "
                                   "chaleur 0,3 (hypothèse)")
    r = CliRunner().invoke(main, ["run", str(out / "scenario.yaml"), "--out", str(tmp_path / "run"), "--report"])
    assert r.exit_code == 0 and "statut : optimal" in r.output, r.output
    html = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert "<title>Chaleur fatale industrielle vers les réseaux de chaleur : Meurthe-et-Moselle (54)" in html
    assert "Iron and steel" not in html and "residential and tertiary" not in html and "Sidérurgie" in html


def test_an_english_territory_is_named_alike(tmp_path):
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    code, said, out = _import(tmp_path, hm, com, "--departements", "54,88", "--regions", "44")
    assert code == 0, said
    y = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    sites = _read(out / "sites.csv", dtype=str).set_index("site_id")   # English as the file says it
    assert sites.at["HM478", "sector"] == "Iron and steel"
    assert sites.at["INSEE54395", "sector"] == "residential and tertiary heat (commune)"
    where = "Meurthe-et-Moselle (54), Vosges (88), Grand Est (44)"
    assert y["name"] == f"Industrial excess heat to district heating: {where}" and "lang" not in y
    assert y["description"].startswith(f"{where}: Hotmaps industrial excess heat (France) to the INSEE communes of "
                                       "at least 2,000 inhabitants within 30 km.")
    # the whole country keeps its name
    code, said, out = _import(tmp_path, hm, com)
    assert code == 0, said
    y = yaml.safe_load((out / "scenario.yaml").read_text(encoding="utf-8"))
    assert y["name"] == "National excess heat to district heating (France)"


def _key(name: str) -> str:
    s = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii").upper()
    words = "".join(c if c.isalnum() else " " for c in s).split()
    return " ".join({"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words)


@pytest.mark.skipif(not (HOTMAPS_REAL.exists() and COMMUNES_REAL.exists()),
                    reason="../shared/data (Hotmaps, INSEE communes) absent")
def test_meurthe_et_moselle_against_a_brute_force(tmp_path):
    com = pd.read_csv(COMMUNES_REAL, dtype={"insee_com": str, "insee_dep": str, "insee_reg": str})
    com = com[com["lat"].between(-90, 90) & com["lng"].between(-180, 180)].reset_index(drop=True)
    code, said, nat = _import(tmp_path, HOTMAPS_REAL, COMMUNES_REAL)   # all of France
    assert code == 0, said
    hm = _sites(nat)
    hm = hm[hm["site_id"].str.startswith("HM")].reset_index(drop=True)
    # the city each site's Hotmaps row names (sites.csv's zone is its département now)
    raw = pd.read_csv(HOTMAPS_REAL, sep=";", dtype=str, usecols=["SiteID", "City"])
    # less the postal suffix ("Saint-Vallier Cedex" is Saint-Vallier, 26, not the nearest centre
    # across the Rhône, 07), as the importer documents
    city = raw["City"].fillna("").str.strip().str.replace(r"\s+cedex\b.*$", "", case=False, regex=True)
    city_of = dict(zip("HM" + raw["SiteID"].str.strip(), city))
    keys = com["commune"].map(_key).to_numpy()
    dep_of = []
    for lat, lon, city in zip(hm["lat"], hm["lon"], hm["site_id"].map(city_of)):
        d = _km(lat, lon, com["lat"].to_numpy(), com["lng"].to_numpy())
        named = np.flatnonzero((keys == _key(city)) & (d <= 15.0))
        j = named[np.argmin(d[named])] if len(named) else int(np.argmin(d))
        dep_of.append(com["insee_dep"].iat[j])
    hm["dep"] = dep_of
    # every supply's zone is the département the brute force finds
    code_of = hm["zone"].astype(str).str.extract(r"\(([0-9AB]{2,3})\)$", expand=False)
    assert (code_of == hm["dep"].astype(str)).all(), hm[code_of != hm["dep"]].head()
    in54 = com[com["insee_dep"] == "54"]
    for margin in (0.0, 10.0):
        code, said, out = _import(tmp_path, HOTMAPS_REAL, COMMUNES_REAL, "--departements", "54",
                                  "--margin-km", str(margin))
        assert code == 0, said
        s = _sites(out)
        near = np.array([_km(la, lo, in54["lat"].to_numpy(), in54["lng"].to_numpy()).min() <= margin
                         for la, lo in zip(hm["lat"], hm["lon"])])
        want = set(hm.loc[(hm["dep"] == "54").to_numpy() | near, "site_id"])
        assert set(s.loc[s["site_id"].str.startswith("HM"), "site_id"]) == want
        sinks = in54[in54["population_2021"] >= 2000]
        assert set(s.loc[s["site_id"].str.startswith("INSEE"), "site_id"]) == set("INSEE" + sinks["insee_com"])
    # known places: the Neuves-Maisons steelworks is in 54, the Raon-l'Étape paper mill in the Vosges
    code, said, out = _import(tmp_path, HOTMAPS_REAL, COMMUNES_REAL, "--departements", "54")
    ids = set(_sites(out)["site_id"])
    assert "HM478" in ids and "HM3395" not in ids


def test_a_destination_that_is_not_empty_is_refused_in_the_imports_words(tmp_path):
    """`eitflow import hotmaps --out DIR` into a directory holding files said "DIR is not empty:
    choose another directory or pass force=True": the Python argument to a command-line user,
    in English on a French import; a file as --out gave a traceback. The command line now names
    its options, in the import's language; the library names its arguments."""
    from eitflow.importers.national import build_national_heat_scenario

    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("mine")
    code, said, _ = _import(tmp_path, hm, com, "--departements", "54", "--lang", "fr", "--out", str(full))
    assert code == 2
    assert f"{full} existe déjà et n'est pas vide ; choisissez un autre --out ou passez --force" in said, said
    code, said, _ = _import(tmp_path, hm, com, "--departements", "54", "--out", str(full / "mine.txt"))
    assert code == 2 and f"{full / 'mine.txt'} exists and is not a directory" in said, said
    assert "Traceback" not in said
    with pytest.raises(FileExistsError) as exc:
        build_national_heat_scenario(hm, com, full, departements=["54"])
    assert str(exc.value) == f"{full} already exists and is not empty; choose another out_dir or pass force=True"
    assert (full / "mine.txt").read_text() == "mine"


def _skipped(out: Path) -> pd.DataFrame:
    return _read(out / "skipped.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("lang, says", [
    ("fr", {"3500": ("Nancy Cedex", "aucune géométrie (chaleur fatale 4,5 GWh/an)"),
            "3501": ("Nancy", "géométrie illisible (chaleur fatale 2,25 GWh/an)"),
            "54999": ("département 54", "aucune coordonnée")}),
    ("en", {"3500": ("Nancy Cedex", "no geometry (excess heat 4.5 GWh/yr)"),
            "3501": ("Nancy", "unparseable geometry (excess heat 2.25 GWh/yr)"),
            "54999": ("department 54", "no coordinates")}),
])
def test_skipped_rows_are_said_in_the_imports_language(tmp_path, lang, says):
    """skipped.csv's reasons (and a commune's place) were English under --lang fr, in a scenario
    written for French readers. A forge of Nancy without geometry (4.5 GWh/yr in its first band),
    a glassworks with an unreadable one (2.25 GWh/yr in its second), a commune of 54 of 2,500
    inhabitants without coordinates: each said in the import's language, the French number with
    a decimal comma (4,5; 2,25) and GWh/an."""
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS + [
        _hm_row(3500, "Forge", "Nancy Cedex", "France", None, "Iron and steel", 4.5, 0, 0),
        _hm_row(3501, "Verrerie", "Nancy", "France", "SRID=4326;POINT(abc)", "Glass", 0, 2.25, 0)])
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER,
                 BORDER_COMMUNES + ["54999,44,54,Sansplace,Sansplace,COM,,,,5.0,2500,2500,0,0,0,0,0,0"])
    code, said, out = _import(tmp_path, hm, com, "--departements", "54", "--lang", lang)
    assert code == 0, said
    sk = _skipped(out)
    assert {i: (p, r) for i, p, r in zip(sk["source_id"], sk["place"], sk["reason"])} == says


# Golbey (Vosges, 88): 38.2 km from Saint-Voisin's centre (54), far beyond a margin of 3 km
GOLBEY = "88209,44,88,Golbey,Golbey,COM,,48.1960,6.4360,12.0,8000,8000,0,0,0,0,0,0"
UNLOCATED = [   # excess heat but no geometry: only their cities say where they may be
    _hm_row(3500, "Forge", "Nancy Cedex", "France", None, "Iron and steel", 4, 0, 0),              # 54
    _hm_row(3502, "Papeterie 2", "RAON L'ETAPE Cedex", "France", None, "Paper and printing", 3, 0, 0),  # 88
    _hm_row(3503, "Inconnue", "Nowhere", "France", None, "Glass", 2, 0, 0),              # no commune of that name
    _hm_row(3505, "Scierie", "St Voisin cédex", "France", None, "Paper and printing", 1, 0, 0),  # 54
    _hm_row(3506, "Papeterie 3", "GOLBEY Cedex", "France", None, "Paper and printing", 5, 0, 0),  # 88
]


def test_a_territory_lists_only_the_unlocated_sites_that_may_be_in_it(tmp_path):
    """A territory's skipped.csv listed every Hotmaps site of France without geometry, those of
    other départements too. Such a site has only a city: it is listed where a commune of that name
    (postal CEDEX and accents aside) is in the territory, or, with --margin-km, where that
    commune's centre is within the margin plus NAME_KM (15 km: how far a site may lie from its
    city's centre) of a commune centre of the territory; a city that names no commune may be
    anywhere, so it is listed everywhere. The others are counted in README.md.
    By hand: Nancy and Saint-Voisin are in 54, Raon-l'Étape and Golbey in 88; Raon-l'Étape's
    centre is 4.8 km from Saint-Voisin's (<= 3 + 15), Golbey's 38.2 km (> 18): by the plane
    approximation, 0.025 deg of latitude = 2.78 km and 0.053 deg of longitude x cos 48.42 deg =
    3.91 km, sqrt(2.78^2 + 3.91^2) = 4.80; Golbey 25.91 and 28.03 km, 38.17."""
    assert _km(48.4040, 6.8680, 48.4290, 6.8150) == pytest.approx(4.8, abs=0.05)
    assert _km(48.1960, 6.4360, 48.4290, 6.8150) == pytest.approx(38.2, abs=0.05)
    assert _km(48.1960, 6.4360, 48.6880, 6.1750) > 18   # Golbey - Nancy
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS + UNLOCATED)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES + [GOLBEY])
    for args, listed, elsewhere in ((["--departements", "54"], ["3500", "3503", "3505"], 2),
                                    (["--departements", "88"], ["3502", "3503", "3506"], 2),
                                    (["--departements", "54", "--margin-km", "3"], ["3500", "3502", "3503", "3505"], 1),
                                    (["--regions", "44"], ["3500", "3502", "3503", "3505", "3506"], 0),
                                    ([], ["3500", "3502", "3503", "3505", "3506"], None)):
        code, said, out = _import(tmp_path, hm, com, *args)
        assert code == 0, said
        assert sorted(_skipped(out)["source_id"]) == listed, args
        readme = (out / "README.md").read_text(encoding="utf-8")
        if elsewhere is None:
            assert "outside the territory" not in readme
        else:
            assert f"Hotmaps sites with excess heat but no geometry, whose city is outside the territory (not in " \
                   f"skipped.csv): {elsewhere}" in readme, (args, readme)


@pytest.mark.skipif(not (HOTMAPS_REAL.exists() and COMMUNES_REAL.exists()),
                    reason="../shared/data (Hotmaps, INSEE communes) absent")
def test_moselle_lists_the_one_unlocated_site_of_moselle(tmp_path):
    """Of the 18 French Hotmaps sites with excess heat and no geometry (Le Havre, Nantes, ...,
    Albi), one has a city of Moselle (57): ASCO INDUSTRIES, 'Hagondange Cedex' (SiteID 3298,
    10.17 GWh/yr). The import of Moselle listed all 18."""
    code, said, out = _import(tmp_path, HOTMAPS_REAL, COMMUNES_REAL, "--departements", "57", "--lang", "fr")
    assert code == 0, said
    sk = _skipped(out)
    hm = sk[sk["source"] == "hotmaps"]
    assert hm["source_id"].tolist() == ["3298"]
    assert hm["reason"].tolist() == ["aucune géométrie (chaleur fatale 10,17 GWh/an)"]


def test_a_french_readmes_title_needs_no_article(tmp_path):
    # "de {territory}" made "Scénario de chaleur fatale de Nord (59)" and "de Vosges (88)" (in the order given): French says
    # "du Nord", "des Vosges"; the title now names the territory after a colon, as the scenario's name does
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, BORDER_HOTMAPS)
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    code, said, out = _import(tmp_path, hm, com, "--departements", "88,54", "--lang", "fr")
    assert code == 0, said
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Scénario de chaleur fatale : Vosges (88), Meurthe-et-Moselle (54) (produit par "
                             "eitflow.importers.national)\n"), readme[:200]
