"""Cells and rows as French spreadsheets hold them beyond plain numbers: units beside the
number or in the header, degrees-minutes-seconds, Lambert-93 metres, a total row, a row of
units, ids differing only by accents, French units with spaces. Each is read as meant where
that is certain, else refused with a message naming file, row and column. Expected values
are worked out by hand."""
from __future__ import annotations

import pytest

from conftest import FLOWS_CSV, SITES_CSV, refused, write_scenario
from eitflow import read_scenario

S, F = SITES_CSV, FLOWS_CSV
S_SEMI, F_SEMI = S.replace(",", ";"), F.replace(",", ";")


def test_degrees_minutes_seconds_are_read(tmp_path):
    """48°37'35,4"N is 48 + 37/60 + 35.4/3600 = 48.6265; 1°30'O (ouest) is -1.5; these were
    refused as not a number. A longitude's hemisphere in the lat column, or 60 minutes, is
    refused saying so."""
    sites = S_SEMI.replace("UVE;Incinerator;50.2800;3.9700", "UVE;Incinerator;48°37'35,4\"N;1°30'O").replace(
        "FOOD;Food plant;50.2900;3.9800", "FOOD;Food plant;N 48° 37′ 36″;1° 30′ 00″ W")
    # the other sites near them, so that none lies far from the rest
    sites = sites.replace("50.3000;3.9600", "48.63;-1.49").replace("50.2700;3.9900", "48.62;-1.51").replace(
        "50.2000;3.9000", "48.60;-1.55")
    got = read_scenario(write_scenario(tmp_path / "a", sites=sites, flows=F_SEMI)).sites.set_index("site_id")
    assert got.at["UVE", "lat"] == pytest.approx(48.6265, abs=1e-12)
    assert got.at["UVE", "lon"] == pytest.approx(-1.5, abs=1e-12)
    assert got.at["FOOD", "lat"] == pytest.approx(48 + 37 / 60 + 36 / 3600, abs=1e-12)
    assert got.at["FOOD", "lon"] == pytest.approx(-1.5, abs=1e-12)
    bad = sites.replace("48°37'35,4\"N", "6°11'E").replace("N 48° 37′ 36″", "48°60'N")
    refused(write_scenario(tmp_path / "b", sites=bad, flows=F_SEMI),
             "sites.csv, row 2, column 'lat': 'E' is the hemisphere of a lon, not of a lat: are lat and lon swapped?",
             "sites.csv, row 3, column 'lat': degrees, minutes and seconds with minutes or seconds of 60 or more")


def test_the_columns_own_unit_beside_a_number_is_read_any_otherrefused(tmp_path):
    """'130 °C' in temperature_c and '0,9997' written '99,97 %' in a purity column (mol/mol)
    are what the column holds; '12000 MWh' in amount (its unit is the unit column's) and
    '45 €' in a price per base unit are refused, saying to write the number alone (they read
    as 'expected a positive amount' before, '130 °C' was refused)."""
    flows = F_SEMI.replace("GWh/yr;130;0", "GWh/yr;130 °C;0")
    scen = read_scenario(write_scenario(tmp_path / "a", sites=S_SEMI, flows=flows))
    assert scen.flows.set_index("site_id").at["UVE", "temperature_c"] == 130.0
    h2 = ("site_id;direction;resource;amount;unit;purity;pressure_bar\n"
          "UVE;supply;hydrogen;100;t/yr;99,97 %;30 bar\nFOOD;demand;hydrogen;50;t/yr;0,999;\n")
    fl = read_scenario(write_scenario(tmp_path / "h", sites=S_SEMI, flows=h2)).flows.set_index("site_id")
    assert fl.at["UVE", "purity"] == pytest.approx(0.9997) and fl.at["UVE", "pressure_bar"] == 30.0
    flows = F_SEMI.replace(";12000;MWh/yr", ";12000 MWh;MWh/yr").replace(";90;45", ";90;45 €")
    refused(write_scenario(tmp_path / "b", sites=S_SEMI, flows=flows),
             "flows.csv, row 3, column 'amount': 'MWh' after the number: write the number alone, its unit in the unit "
             "column (found '12000 MWh')",
             "flows.csv, row 3, column 'price_eur_per_unit': '€' after the number: write the number alone (the column "
             "holds a price in EUR per base unit)")
    refused(write_scenario(tmp_path / "b", sites=S_SEMI, flows=flows),
             "flows.csv, ligne 3, colonne 'amount' : « MWh » après le nombre : écrivez le nombre seul", lang="fr")


def test_a_unit_in_the_header_is_named(tmp_path):
    """'amount (MWh/an)' gave 'missing required column' with no hint (too far from 'amount'
    for a did-you-mean)."""
    flows = F.replace("amount,unit,temperature_c", "amount (MWh/an),unit,temperature_c [°C]")
    refused(write_scenario(tmp_path / "a", flows=flows),
             "flows.csv, row 1, column 'amount': missing required column: 'amount (MWh/an)' has its unit in the header; "
             "name the column 'amount', without a unit",
             "flows.csv, row 1, column 'temperature_c [°C]': a unit in the header: name the column 'temperature_c'")


def test_lambert93_metres_are_named_as_such(tmp_path):
    """Lambert-93 metres (x 934958, y 6841002: Ludres) gave 'expected a latitude in [-90, 90]
    degrees' only; now said to be Lambert-93 metres, once per row."""
    sites = S.replace("50.2800,3.9700", "6841002.1,934958.2")
    out = refused(write_scenario(tmp_path / "a", sites=sites),
                   "sites.csv, row 2, column 'lat': lat 6841002.1, lon 934958.2 are metres in Lambert-93 (EPSG:2154")
    assert "expected a latitude" not in out and "expected a longitude" not in out


def test_a_total_row_and_a_units_row_are_named(tmp_path):
    """A 'Total' row under the flows and a row of units under the sites' header were reported
    cell by cell (missing site id, direction, resource...) without saying what the row is."""
    flows = F + "Total,,,59000,,,\n"
    refused(write_scenario(tmp_path / "a", flows=flows),
             "flows.csv, row 7, column 'site_id': 'Total': a row of totals under the table?")
    sites = S.replace("site_id,name,lat,lon,sector,zone\n", "site_id,name,lat,lon,sector,zone\n,,°,°,,\n")
    refused(write_scenario(tmp_path / "b", sites=sites), "sites.csv, row 2: a row of units under the header (° | °)?")


def test_ids_differing_only_by_accents_are_named(tmp_path):
    """sites.csv with FLEVILLE and FLÉVILLE (the same place typed twice) was two sites,
    silently; letter case alone was already refused."""
    sites = S + "FLEVILLE,Fleville,50.27,3.98,town,ZAE Sud\nFLÉVILLE,Fléville,50.27,3.98,town,ZAE Sud\n"
    refused(write_scenario(tmp_path / "a", sites=sites),
             "sites.csv, row 8, column 'site_id': site_id 'FLÉVILLE' differs from 'FLEVILLE' (row 7) only by accents")


def test_french_units_with_spaces_and_per_month(tmp_path):
    """'MWh / an' (spaces about the slash) was an unknown unit; 'MWh/mois' is MWh per month,
    x 12 per year as 'MWh/month'."""
    flows = F.replace("12000,MWh/yr", "12000,MWh / an").replace("9000,MWh/yr", "750,MWh/mois")
    fl = read_scenario(write_scenario(tmp_path / "a", flows=flows)).flows.set_index("site_id")
    assert fl.at["FOOD", "amount"] == 12000.0 and fl.at["GREEN", "amount"] == 9000.0


def test_an_id_grouped_by_spaces_or_without_its_leading_zero_is_explained(tmp_path):
    """A SIRET grouped by spaces in sites.csv and not in flows.csv, an INSEE code that lost its
    leading zero in one table: 'unknown site' came with a did-you-mean at best; now the
    difference is said."""
    sites = S.replace("UVE,Incinerator", "442 293 775 00031,Incinerator").replace("FOOD,Food", "1001,Food")
    flows = F.replace("UVE,supply", "44229377500031,supply").replace("FOOD,demand", "01001,demand")
    refused(write_scenario(tmp_path / "a", sites=sites, flows=flows),
             "flows.csv, row 2, column 'site_id': unknown site (not in sites.csv) '44229377500031': it differs from "
             "'442 293 775 00031' only by spaces",
             "flows.csv, row 3, column 'site_id': unknown site (not in sites.csv) '01001': it differs from '1001' "
             "only by leading zeros")


def test_a_cnig_surface_grouped_by_a_no_break_space_is_converted(tmp_path):
    """unite_fonciere_surface (m2) of a CNIG Friches table: '12 500' grouped by a no-break
    space was passed on unconverted, 12,500 ha for 1.25 ha (the mapping's own number reader
    removed plain spaces only); '1.250,5' m2 is 0.12505 ha. A single plot of 31,250 m2 in a
    ';' file (3.125 ha) is not an ambiguous '3.125'."""
    import pandas as pd

    from eitflow import scenario_from_frames
    from test_siting import ACTS, AFLOWS, RESOURCES, _territory

    def area(surface: str) -> float:
        friches = pd.DataFrame({"site_id": ["13039_1"], "site_nom": ["Ancienne usine"],
                                "geompoint": ["POINT(43.4310 4.8790)"], "unite_fonciere_surface": [surface],
                                "comm_nom": ["Fos-sur-Mer"], "site_statut": ["friche sans projet"]})
        scen = scenario_from_frames(*_territory(), resources=RESOURCES, plots=friches, activities=ACTS,
                                    activity_flows=AFLOWS)
        return float(scen.siting.plots["area_ha"].iat[0])

    assert area("12\u00a0500") == 1.25 and area("12\u202f500") == 1.25 and area("12500") == 1.25
    assert area("1.250,5") == pytest.approx(0.12505)
    from conftest import ROOT

    d = tmp_path / "f"
    d.mkdir()
    for name in ("sites.csv", "flows.csv", "activities.csv"):
        (d / name).write_bytes((ROOT / "scenarios" / "fos_siting" / name).read_bytes())
    (d / "scenario.yaml").write_text("name: friches\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                                     "activities: activities.csv\n")
    (d / "plots.csv").write_text("site_id;site_nom;geompoint;unite_fonciere_surface;comm_nom;site_statut\n"
                                 "13039_1;Ancienne usine;POINT(43.4310 4.8790);31250;Fos;friche sans projet\n")
    assert read_scenario(d / "scenario.yaml").siting.plots["area_ha"].tolist() == [3.125]


def test_a_site_named_total_is_a_site_and_decimal_degrees_may_carry_a_hemisphere(tmp_path):
    """A refinery whose site_id is TOTAL, every required cell filled, is a site, not a row of
    totals; '50.28 N' and '3.97 E' are decimal degrees with their hemisphere, '3.9 O' (ouest)
    is -3.9; '-3.97 W' says west twice, which is not certain, and is refused as not a
    longitude."""
    sites = S.replace("UVE,Incinerator,50.2800,3.9700", "TOTAL,Raffinerie,50.28 N,3.97 E").replace(
        "POWER,Power plant,50.2000,3.9000", "POWER,Power plant,50.2000,3.9")
    flows = F.replace("UVE,supply", "TOTAL,supply")
    got = read_scenario(write_scenario(tmp_path / "a", sites=sites, flows=flows)).sites.set_index("site_id")
    assert (got.at["TOTAL", "lat"], got.at["TOTAL", "lon"]) == (50.28, 3.97)
    west = sites.replace("50.28 N,3.97 E", "50.28 N,3.9 O").replace("3.9800", "-3.98").replace(
        "3.9600", "-3.96").replace("3.9900", "-3.99").replace(",3.9,", ",-3.9,")
    got = read_scenario(write_scenario(tmp_path / "b", sites=west, flows=flows)).sites.set_index("site_id")
    assert got.at["TOTAL", "lon"] == -3.9
    out = refused(write_scenario(tmp_path / "c", sites=west.replace("3.9 O", "-3.97 W"), flows=flows),
                   "sites.csv, row 2, column 'lon': expected a longitude in degrees (found '-3.97 W')")
    assert "hemisphere" not in out


def test_a_decimal_comma_or_a_percentage_in_scenario_yaml_is_explained(tmp_path):
    """discount_rate: 0,05 and 5 % are text to YAML; the message said only 'Input should be a
    valid number, unable to parse string as a number'."""
    from conftest import SCENARIO_YAML

    for written, said in (("0,05", "'0,05' has a decimal comma and is read as text here (YAML): "
                                    "write 0.05"),
                          ("5 %", "'5 %' is a percentage and is read as text here")):
        path = write_scenario(tmp_path / written.replace(" ", ""),
                              yaml_text=SCENARIO_YAML.replace("discount_rate: 0.05", f"discount_rate: {written}"))
        refused(path, f"scenario.yaml: key 'discount_rate': {said}")


def test_a_date_where_a_number_is_expected_is_named(tmp_path):
    """12.5 typed in a French workbook becomes the 12th of May: the date cell read
    '2026-05-12T00:00:00' and was said to be not a price; after the unit check it read as
    '2026' followed by a unit '-05-12T00:00:00' (the previous commit). It is named as a date,
    in a workbook and as a French CSV writes it (12/05/2026)."""
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", [("site_id", "lat", "lon"), ("UVE", 50.28, 3.97), ("FOOD", 50.29, 3.98)]),
                       ("flows", [("site_id", "direction", "resource", "amount", "unit", "temperature_c",
                                   "price_eur_per_unit"), ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
                                  ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, datetime.datetime(2026, 5, 12))])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(tmp_path / "p.xlsx")
    said = "a date where a price in EUR per base unit is expected"
    refused(tmp_path / "p.xlsx", f"p.xlsx:flows, row 3, column 'price_eur_per_unit': {said}",
             "(found '2026-05-12T00:00:00')")
    refused(write_scenario(tmp_path / "c", sites=S_SEMI, flows=F_SEMI.replace(";90;45", ";90;12/05/2026")),
             f"flows.csv, row 3, column 'price_eur_per_unit': {said}")


def test_degrees_alone_in_a_temperature_are_celsius(tmp_path):
    """'55°' was refused ("« ° » après le nombre") where '55 °C' was read: the temperature
    columns hold degrees Celsius only, so '55°', '55 °' and '55º' (the ordinal sign French
    keyboards give) are 55 degC."""
    flows = (F_SEMI.replace("GWh/yr;130;0", "GWh/yr;130°;0").replace("MWh/yr;90;45", "MWh/yr;90 °;45")
             .replace("MWh/yr;60;40", "MWh/yr;60º;40"))
    got = read_scenario(write_scenario(tmp_path / "a", sites=S_SEMI, flows=flows)).flows.set_index("site_id")
    assert (got.at["UVE", "temperature_c"], got.at["FOOD", "temperature_c"], got.at["GREEN", "temperature_c"]) == \
        (130.0, 90.0, 60.0)
