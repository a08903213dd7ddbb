"""A corpus of malformed scenarios: each must give exit code 2 and a message naming the
file, row and column and what was expected -- never a traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, write_scenario
from eitflow.cli.main import main

S, F, Y = SITES_CSV, FLOWS_CSV, SCENARIO_YAML


def _flows_row(row: int, col: str, value: str, text: str = F) -> str:
    """Replace one cell of a CSV (row = spreadsheet row, header = 1)."""
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(col)] = value
    lines[row - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


LINKS_OK = "source_site,sink_site,supply_resource,demand_resource,var_cost_eur_per_unit\nPOWER,PLAST,fgd_gypsum,gypsum,2\n"
Y_LINKS = Y + "links: links.csv\n"
Y_RES = Y + "resources: resources.yaml\n"
Y_HUBS = Y + "hubs: hubs.csv\n"
HUBS_OK = "hub_id,lat,lon,resources,capacity,unit\nH,50.28,3.97,heat,20,GWh/yr\n"

# (id, files to write, fragments every one of which must appear in the message)
F_RET = F.replace("price_eur_per_unit\n", "price_eur_per_unit,return_temperature_c\n").replace("\n", ",\n").replace(
    "price_eur_per_unit,return_temperature_c,\n", "price_eur_per_unit,return_temperature_c\n")
F_EL = F.replace("price_eur_per_unit\n", "price_eur_per_unit,electrolyser_kwh_per_kg\n").replace("\n", ",\n").replace(
    "price_eur_per_unit,electrolyser_kwh_per_kg,\n", "price_eur_per_unit,electrolyser_kwh_per_kg\n")

CASES = [
    ("return-above-supply", dict(flows=_flows_row(2, "return_temperature_c", "140", F_RET)),
     ["flows.csv, row 2, column 'return_temperature_c'", "must be below temperature_c"]),
    ("return-on-gypsum", dict(flows=_flows_row(5, "return_temperature_c", "20", F_RET)),
     ["row 5, column 'return_temperature_c'", "heat and steam flows only"]),
    ("return-text", dict(flows=_flows_row(3, "return_temperature_c", "warm", F_RET)),
     ["row 3, column 'return_temperature_c'", "return temperature in degC"]),
    ("investment-on-demand", dict(flows=_flows_row(3, "electrolyser_kwh_per_kg", "55", F_EL).replace(
        "electrolyser_kwh_per_kg", "investment_eur")),
     ["row 3, column 'investment_eur'", "supplies only"]),
    ("electrolyser-on-heat", dict(flows=_flows_row(2, "electrolyser_kwh_per_kg", "55", F_EL)),
     ["row 2, column 'electrolyser_kwh_per_kg'", "hydrogen supplies only"]),
    ("sites-missing-lat", dict(sites=S.replace("lat,", "latitude,", 1)),
     ["sites.csv", "row 1", "column 'lat'", "missing required column"]),
    ("flows-misspelt-amount", dict(flows=F.replace("amount", "amout", 1)),
     ["flows.csv", "column 'amount'", "found 'amout'"]),
    ("amount-text", dict(flows=_flows_row(3, "amount", "abc")), ["flows.csv, row 3, column 'amount'", "expected a positive amount"]),
    ("amount-empty", dict(flows=_flows_row(2, "amount", "")), ["flows.csv, row 2, column 'amount'", "missing value"]),
    ("amount-negative", dict(flows=_flows_row(4, "amount", "-5")), ["row 4, column 'amount'", "> 0"]),
    ("amount-zero", dict(flows=_flows_row(4, "amount", "0")), ["row 4, column 'amount'", "> 0"]),
    ("amount-nan", dict(flows=_flows_row(2, "amount", "NaN")), ["row 2, column 'amount'", "expected a positive amount"]),
    ("amount-inf", dict(flows=_flows_row(2, "amount", "inf")), ["row 2, column 'amount'"]),
    ("amount-absurd", dict(flows=_flows_row(2, "amount", "1e15")), ["row 2, column 'amount'", "absurdly large"]),
    ("unknown-site", dict(flows=_flows_row(3, "site_id", "FOOOD")), ["flows.csv, row 3, column 'site_id'", "unknown site", "FOOD"]),
    ("unknown-resource", dict(flows=_flows_row(2, "resource", "haet")), ["row 2, column 'resource'", "did you mean 'heat'"]),
    ("unknown-unit", dict(flows=_flows_row(2, "unit", "blorbs/yr")), ["row 2, column 'unit'", "unknown unit"]),
    ("unit-wrong-dimension", dict(flows=_flows_row(5, "unit", "MWh/yr")), ["row 5, column 'unit'", "wrong dimension", "t/yr"]),
    ("unit-empty", dict(flows=_flows_row(2, "unit", "")), ["row 2, column 'unit'", "missing value"]),
    # case only: SI prefixes are case-sensitive (mW is a milliwatt), so a hint, never a guess
    ("unit-case-mw", dict(flows=_flows_row(2, "unit", "mw")),
     ["flows.csv, row 2, column 'unit'", "unknown unit 'mw' (did you mean 'MW'?)"]),
    ("unit-case-french-year", dict(flows=_flows_row(3, "unit", "mwh/an")),
     ["flows.csv, row 3, column 'unit'", "unknown unit 'mwh/an' (did you mean 'MWh/an'?)"]),
    ("unit-case-wrong-dimension", dict(flows=_flows_row(6, "unit", "T/H")),
     ["flows.csv, row 6, column 'unit'", "wrong dimension; did you mean 't/h'?"]),
    # milli-prefixed energy or power: pint reads mWh as a milliwatt-hour (1000 mWh/yr = 1e-6 MWh/yr,
    # silently); no industrial flow is that small, so a slip for the mega unit, refused with it
    ("unit-milli-energy", dict(flows=_flows_row(2, "unit", "mWh/yr")),
     ["flows.csv, row 2, column 'unit'", "unit 'mWh/yr' is in thousandths", "did you mean 'MWh/yr'?",
      "resource 'heat' is measured in MWh/yr"]),
    ("unit-milli-power", dict(flows=_flows_row(3, "unit", "mW")),
     ["flows.csv, row 3, column 'unit'", "unit 'mW' is in thousandths", "did you mean 'MW'?"]),
    ("unit-milli-french-year", dict(flows=_flows_row(4, "unit", "mWh/an")),
     ["flows.csv, row 4, column 'unit'", "did you mean 'MWh/an'?"]),
    ("hub-unit-milli", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "mWh/yr")}),
     ["hubs.csv, row 2, column 'unit'", "did you mean 'MWh/yr'?"]),
    # micro likewise (pint reads µ, μ and u as micro: 1 µWh/yr = 1e-12 MWh/yr), the mega unit meant
    ("unit-micro-energy", dict(flows=_flows_row(2, "unit", "µWh/yr")),
     ["flows.csv, row 2, column 'unit'", "unit 'µWh/yr' is in millionths", "did you mean 'MWh/yr'?",
      "resource 'heat' is measured in MWh/yr"]),
    ("unit-micro-energy-u", dict(flows=_flows_row(4, "unit", "uWh/an")),
     ["flows.csv, row 4, column 'unit'", "unit 'uWh/an' is in millionths", "did you mean 'MWh/an'?"]),
    ("unit-micro-power", dict(flows=_flows_row(3, "unit", "µW")),
     ["flows.csv, row 3, column 'unit'", "unit 'µW' is in millionths", "did you mean 'MW'?"]),
    ("unit-micro-power-u", dict(flows=_flows_row(2, "unit", "uW")),
     ["flows.csv, row 2, column 'unit'", "unit 'uW' is in millionths", "did you mean 'MW'?"]),
    ("hub-unit-micro", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "uWh/yr")}),
     ["hubs.csv, row 2, column 'unit'", "did you mean 'MWh/yr'?"]),
    ("duplicate-site", dict(sites=S + "UVE,Again,50.1,3.9,waste,ZAE\n"), ["sites.csv, row 7, column 'site_id'", "duplicate", "row 2"]),
    ("empty-site-id", dict(sites=S.replace("PLAST,Plasterboard", ",Plasterboard")), ["sites.csv, row 5, column 'site_id'", "missing value"]),
    ("lat-out-of-range", dict(sites=S.replace("50.2800,3.9700", "95.28,3.97")), ["sites.csv, row 2, column 'lat'", "[-90, 90]"]),
    ("lat-lon-swapped", dict(sites=S.replace("50.2800,3.9700", "123.97,50.28")), ["row 2, column 'lat'", "swapped"]),
    ("lon-out-of-range", dict(sites=S.replace("50.2800,3.9700", "50.28,203.97")), ["row 2, column 'lon'", "[-180, 180]"]),
    ("lat-text", dict(sites=S.replace("50.2800,3.9700", "north,3.97")), ["row 2, column 'lat'", "latitude"]),
    ("null-island", dict(sites=S.replace("50.2800,3.9700", "0,0")), ["row 2, column 'lat'", "placeholder"]),
    ("heat-missing-temperature", dict(flows=_flows_row(3, "temperature_c", "")), ["row 3, column 'temperature_c'", "missing temperature"]),
    ("temperature-absurd", dict(flows=_flows_row(3, "temperature_c", "5000")), ["row 3, column 'temperature_c'", "≤ 1500"]),
    ("temperature-text", dict(flows=_flows_row(3, "temperature_c", "hot")), ["row 3, column 'temperature_c'", "temperature"]),
    ("direction-unknown", dict(flows=_flows_row(2, "direction", "offer")), ["row 2, column 'direction'", "'supply' or 'demand'"]),
    ("price-text", dict(flows=_flows_row(3, "price_eur_per_unit", "cheap")), ["row 3, column 'price_eur_per_unit'", "price"]),
    ("duplicate-header", dict(sites=S.replace("sector,zone", "sector,lat")), ["sites.csv, row 1, column 'lat'", "more than once"]),
    ("sites-empty-file", dict(sites=""), ["sites.csv", "empty"]),
    ("flows-header-only", dict(flows=F.splitlines()[0] + "\n"), ["flows", "no flows"]),
    ("flows-missing-file", dict(yaml_text=Y.replace("flows.csv", "flux.csv")), ["flux.csv", "file not found"]),
    ("yaml-syntax", dict(yaml_text=Y.replace("objective: net_benefit", "objective: [net_benefit")), ["scenario.yaml", "YAML syntax error"]),
    ("yaml-unknown-key", dict(yaml_text=Y.replace("carbon_price_eur_per_t", "carbon_prize_eur_per_t")),
     ["scenario.yaml", "unknown key 'carbon_prize_eur_per_t'", "did you mean 'carbon_price_eur_per_t'"]),
    ("yaml-unknown-solver", dict(yaml_text=Y.replace("name: highs", "name: gurobi")), ["scenario.yaml", "solver.name"]),
    ("yaml-bad-objective", dict(yaml_text=Y.replace("objective: net_benefit", "objective: profit")), ["scenario.yaml", "objective"]),
    ("yaml-missing-flows", dict(yaml_text=Y.replace("flows: flows.csv\n", "")), ["scenario.yaml", "missing required key 'flows'"]),
    ("yaml-not-mapping", dict(yaml_text="- just\n- a list\n"), ["scenario.yaml", "expected a YAML mapping"]),
    ("yaml-discount-rate", dict(yaml_text=Y.replace("discount_rate: 0.05", "discount_rate: 1.5")), ["scenario.yaml", "discount_rate"]),
    ("yaml-unknown-solver-key", dict(yaml_text=Y.replace("mip_gap: 0.0", "mipgap: 0.0")), ["scenario.yaml", "did you mean 'mip_gap'"]),
    # a block's key is matched against that block's keys (before: against the top level's only)
    ("yaml-unknown-network-key", dict(yaml_text=Y + "networks:\n  heat:\n    max_lenght_km: 5\n"),
     ["scenario.yaml", "unknown key 'networks.heat.max_lenght_km' (did you mean 'max_length_km'?)"]),
    # a network's pipe key is its resource's (the catalogue's, one network per resource): where it goes
    ("yaml-network-phase-key", dict(yaml_text=Y + "networks:\n  co2:\n    phase: gas\n"),
     ["scenario.yaml", "unknown key 'networks.co2.phase'", "resources.yaml as co2: network: phase: ..."]),
    ("yaml-unknown-siting-key", dict(yaml_text=Y + "siting:\n  rank_tp: 3\n"),
     ["scenario.yaml", "unknown key 'siting.rank_tp' (did you mean 'rank_top'?)"]),
    ("min-amount-negative", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,min_amount\n").replace(",45\n", ",45,-3\n")),
     ["row 3, column 'min_amount'", "≥ 0"]),
    ("max-distance-zero", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,max_distance_km\n").replace(",45\n", ",45,0\n")),
     ["row 3, column 'max_distance_km'", "> 0"]),
    ("required-not-bool", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace(",45\n", ",45,maybe\n")),
     ["row 3, column 'required'", "true or false"]),
    ("required-on-supply", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace("130,0\n", "130,0,true\n")),
     ["row 2, column 'required'", "demands only"]),
    ("misspelt-optional-column", dict(flows=F.replace("temperature_c", "temprature_c")),
     ["column 'temprature_c'", "did you mean 'temperature_c'"]),
    ("links-unknown-site", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("POWER,PLAST", "POWER,PLASTIC")}),
     ["links.csv, row 2, column 'sink_site'", "unknown site"]),
    ("links-incompatible-resources", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("fgd_gypsum,gypsum", "fgd_gypsum,heat")}),
     ["links.csv, row 2, column 'demand_resource'", "cannot feed"]),
    ("links-unknown-resource", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("fgd_gypsum,gypsum", "fgd_gyspum,gypsum")}),
     ["links.csv, row 2, column 'supply_resource'", "did you mean 'fgd_gypsum'"]),
    ("links-no-supply-flow", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("POWER,PLAST", "UVE,PLAST")}),
     ["links.csv, row 2, column 'source_site'", "no supply flow"]),
    ("links-negative-capacity", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("var_cost_eur_per_unit\n", "var_cost_eur_per_unit,capacity\n").replace(",2\n", ",2,-1\n")}),
     ["links.csv, row 2, column 'capacity'", "> 0"]),
    ("resources-unknown-key", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat:\n  max_distnce_km: 5\n"}),
     ["resources.yaml", "did you mean 'max_distance_km'"]),
    ("resources-feeds-unknown", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat:\n  feeds: {heat: 1.0, coolth: 1.0}\n"}),
     ["resources.yaml", "unknown resource 'coolth'"]),
    ("resources-bad-unit", dict(yaml_text=Y_RES, extra={"resources.yaml": "slag:\n  base_unit: bananas/yr\n"}),
     ["resources.yaml", "slag", "unknown unit"]),
    ("resources-yaml-syntax", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat: [\n"}), ["resources.yaml", "YAML syntax error"]),
    ("resources-missing-file", dict(yaml_text=Y_RES), ["resources.yaml", "file not found"]),
    ("hub-unit-wrong-dimension", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "kt/yr")}),
     ["hubs.csv, row 2, column 'unit'", "wrong dimension", "heat (in MWh/yr)"]),
    ("hub-unit-mixed-resources", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace(",heat,", ",heat;hydrogen,")}),
     ["hubs.csv, row 2, column 'unit'", "hydrogen (in t/yr)"]),
    ("hub-unit-unknown", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "GWh/blorb")}),
     ["hubs.csv, row 2, column 'unit'", "unknown unit"]),
    ("hub-misspelt-column", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("capacity", "capacty")}),
     ["hubs.csv, row 1, column 'capacity'", "missing required column", "found 'capacty'"]),
]


# --- hardening (issue 12): values accepted silently, resource exhaustion, structure of files,
# one validation path for the command line. Each entry may add options: "run_args" (the case
# is a command-line override: only `run` is invoked, with these arguments), "absent" (fragments
# that must NOT appear: file content never echoed), "setup" (makes a special file: FIFO,
# device link, workbook), "target" (the file given to the command instead of scenario.yaml).
F_SEMI = F.replace(",", ";")
F_H2 = F + "POWER,supply,hydrogen,500,t/yr,,3000\n"
Y_BOMB = Y + "description: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"d{k}: &a{k} [*{'a' if k == 0 else 'a' + str(k - 1)}, *{'a' if k == 0 else 'a' + str(k - 1)}, "
    f"*{'a' if k == 0 else 'a' + str(k - 1)}, *{'a' if k == 0 else 'a' + str(k - 1)}, "
    f"*{'a' if k == 0 else 'a' + str(k - 1)}, *{'a' if k == 0 else 'a' + str(k - 1)}, "
    f"*{'a' if k == 0 else 'a' + str(k - 1)}, *{'a' if k == 0 else 'a' + str(k - 1)}, "
    f"*{'a' if k == 0 else 'a' + str(k - 1)}, *{'a' if k == 0 else 'a' + str(k - 1)}]\n" for k in range(9))
SECRET = "root:$6$SECRETHASHSECRETHASHSECRETHASHSECRETHASH:19000:0:99999:7:::"


def _fifo(root):
    import os
    os.mkfifo(root / "sites.csv")


def _dev_zero(root):
    (root / "sites.csv").symlink_to("/dev/zero")


def _stray_workbook(root):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "sites"
    for line in S.splitlines():
        ws.append(line.split(","))
    ws["XFD1048576"] = "stray"
    wf = wb.create_sheet("flows")
    for line in F.splitlines():
        wf.append(line.split(","))
    wb.save(root / "park.xlsx")


def _bool_workbook(root):
    from openpyxl import Workbook
    wb = Workbook()
    for name, text in (("sites", S), ("flows", F)):
        ws = wb.create_sheet(name)
        for line in text.splitlines():
            ws.append(line.split(","))
    wb.remove(wb["Sheet"])
    wp = wb.create_sheet("parameters")
    wp.append(["key", "value"])
    wp.append(["discount_rate", "true"])
    wb.save(root / "park.xlsx")


CASES += [
    # command-line overrides go through the scenario.yaml validation
    ("cli-mip-gap-5", dict(), ["--mip-gap 5", "less than or equal to 1"], {"run_args": ["--mip-gap", "5"]}),
    ("cli-mip-gap-negative", dict(), ["--mip-gap -0.1", "greater than or equal to 0"],
     {"run_args": ["--mip-gap", "-0.1"]}),
    ("cli-time-limit-0", dict(), ["--time-limit 0", "greater than 0"], {"run_args": ["--time-limit", "0"]}),
    ("cli-time-limit-negative", dict(), ["--time-limit -5", "greater than 0"], {"run_args": ["--time-limit", "-5"]}),
    ("cli-time-limit-nan", dict(), ["--time-limit nan", "finite number"], {"run_args": ["--time-limit", "nan"]}),
    ("cli-time-limit-inf", dict(), ["--time-limit inf", "finite number"], {"run_args": ["--time-limit", "inf"]}),
    ("cli-workers-negative", dict(), ["--workers -2", "greater than or equal to 1"],
     {"run_args": ["--workers", "-2"]}),
    ("cli-workers-zero", dict(), ["--workers 0", "greater than or equal to 1"], {"run_args": ["--workers", "0"]}),
    ("yaml-cbc-time-limit-inf", dict(yaml_text=Y.replace("name: highs", "name: cbc").replace(
        "time_limit_s: 30", "time_limit_s: .inf")), ["scenario.yaml", "solver.time_limit_s", "finite number"]),
    ("yaml-time-limit-nan", dict(yaml_text=Y.replace("time_limit_s: 30", "time_limit_s: .nan")),
     ["solver.time_limit_s", "finite number"]),
    ("yaml-time-limit-text", dict(yaml_text=Y.replace("time_limit_s: 30", "time_limit_s: fast")),
     ["solver.time_limit_s", "number"]),
    ("yaml-lifetime-inf", dict(yaml_text=Y.replace("lifetime_years: 20", "lifetime_years: .inf")),
     ["lifetime_years", "finite number"]),
    # YAML booleans are not numbers; duplicate keys are not silently resolved
    ("yaml-discount-rate-no", dict(yaml_text=Y.replace("discount_rate: 0.05", "discount_rate: no")),
     ["key 'discount_rate'", "yes/no value"]),
    ("yaml-carbon-price-yes", dict(yaml_text=Y.replace("carbon_price_eur_per_t: 100", "carbon_price_eur_per_t: yes")),
     ["carbon_price_eur_per_t", "yes/no value"]),
    ("yaml-workers-true", dict(yaml_text=Y + "  workers: true\n"), ["solver.workers", "yes/no value"]),
    ("yaml-radius-off", dict(yaml_text=Y + "max_distance_km:\n  heat: off\n"), ["max_distance_km", "yes/no value"]),
    ("yaml-duplicate-key", dict(yaml_text=Y + "carbon_price_eur_per_t: 50\n"),
     ["scenario.yaml, row 12", "'carbon_price_eur_per_t' is given twice (first on line 5)"]),
    ("yaml-duplicate-nested-key", dict(yaml_text=Y + "  mip_gap: 0.5\n"), ["'mip_gap' is given twice"]),
    ("resources-duplicate-key", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat:\n  max_distance_km: 5\n"
                                                                                "  max_distance_km: 50\n"}),
     ["resources.yaml", "'max_distance_km' is given twice"]),
    ("yaml-alias-bomb", dict(yaml_text=Y_BOMB), ["scenario.yaml", "expands to more than"]),
    ("yaml-table-path-not-text", dict(yaml_text=Y.replace("sites: sites.csv", "sites: [sites.csv]")),
     ["key 'sites': expected a file path"]),
    ("workbook-bool-parameter", dict(), ["park.xlsx:parameters", "discount_rate", "yes/no value"],
     {"setup": _bool_workbook, "target": "park.xlsx"}),
    # coordinates
    ("lat-lon-swapped-one-french-site", dict(sites=S.replace("50.2900,3.9800", "3.9800,50.2900")),
     ["sites.csv, row 3, column 'lat'", "site 'FOOD'", "look swapped"]),
    ("lat-lon-swapped-all-french-sites", dict(sites="\n".join(
        [S.splitlines()[0]] + [",".join(r.split(",")[:2] + [r.split(",")[3], r.split(",")[2]] + r.split(",")[4:])
                               for r in S.splitlines()[1:]]) + "\n"),
     ["sites.csv, row 2, column 'lat'", "Indian Ocean", "look swapped"]),
    # ids that look alike
    ("site-ids-differ-by-case", dict(sites=S + "uve,Other,50.281,3.971,waste,ZAE\n"),
     ["sites.csv, row 7, column 'site_id'", "'uve' differs from 'UVE' (row 2) only by letter case"]),
    ("flow-site-differs-by-case", dict(flows=_flows_row(3, "site_id", "food")),
     ["flows.csv, row 3, column 'site_id'", "differs from 'FOOD' only by letter case"]),
    ("flow-site-invisible-char", dict(flows=_flows_row(3, "site_id", "FOOD\u200b")),
     ["row 3, column 'site_id'", "unknown site", "FOOD\\u200b", "invisible character (U+200B ZERO WIDTH SPACE"]),
    ("site-id-invisible-char", dict(sites=S.replace("GREEN,", "GR\u200bEEN,")),
     ["sites.csv, row 4, column 'site_id'", "'GR\\u200bEEN' contains an invisible character", "position 3"]),
    ("site-id-nbsp", dict(sites=S.replace("GREEN,", "GREEN\u00a0X,")), ["sites.csv, row 4", "NO-BREAK SPACE"]),
    ("flow-id-differs-by-case", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,flow_id\n").replace(
        ",0\n", ",0,uve_heat\n", 1).replace(",45\n", ",45,UVE_HEAT\n")),
     ["flows.csv, row 3, column 'flow_id'", "only by letter case"]),
    ("hub-id-invisible-char", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("\nH,", "\nH\u2060,")}),
     ["hubs.csv, row 2, column 'hub_id'", "U+2060 WORD JOINER"]),
    ("links-site-differs-by-case", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("POWER,", "Power,")}),
     ["links.csv, row 2, column 'source_site'", "only by letter case"]),
    # columns that apply to some rows only
    ("purity-on-heat", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,purity\n").replace(
        "130,0\n", "130,0,0.99\n")), ["flows.csv, row 2, column 'purity'", "hydrogen only"]),
    ("pressure-on-gypsum", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,pressure_bar\n").replace(
        ",,15\n", ",,15,30\n")), ["flows.csv, row 5, column 'pressure_bar'", "hydrogen only"]),
    ("links-self-loop", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK + "POWER,POWER,fgd_gypsum,gypsum,2\n"}),
     ["links.csv, row 3, column 'sink_site'", "from a site to itself"]),
    # numbers: one documented reading of separators
    ("semicolon-ambiguous-thousands", dict(flows=F_SEMI.replace("FOOD;demand;heat;12000", "FOOD;demand;heat;700.000")
                                           .replace("GREEN;demand;heat;9000", "GREEN;demand;heat;9")),
     ["flows.csv, row 3, column 'amount'", "ambiguous number", "700.000"]),
    ("semicolon-two-readings", dict(flows=F_SEMI.replace("12000", "12.000").replace(";30;", ";30,5;")
                                    .replace("9000", "9.5")),
     ["flows.csv, row 3, column 'amount'", "ambiguous number"]),
    ("comma-file-two-decimal-points", dict(flows=_flows_row(2, "amount", "1.000.000")),
     ["flows.csv, row 2, column 'amount'", "expected a positive amount"]),
    # resource exhaustion and files that are not tables
    ("sites-dev-zero", dict(sites=None), ["sites.csv", "device, FIFO or socket", "only regular files"],
     {"setup": _dev_zero}),
    ("sites-fifo", dict(sites=None), ["sites.csv", "device, FIFO or socket"], {"setup": _fifo}),
    ("sites-directory", dict(yaml_text=Y.replace("sites: sites.csv", "sites: .")), ["found a directory"]),
    ("flows-binary", dict(flows=b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256))), ["flows.csv", "binary data"]),
    ("workbook-stray-cell", dict(), ["park.xlsx:sites, row 1048576, column 'XFD'", "outside the table"],
     {"setup": _stray_workbook, "target": "park.xlsx"}),
    ("secret-file-as-sites", dict(sites=SECRET + "\nroot2:x\n"), ["sites.csv, row 1", "missing required column"],
     {"absent": ["SECRETHASHSECRETHASHSECRETHASH"]}),
    ("long-cell-is-cut", dict(flows=_flows_row(3, "amount", "x" * 5000)),
     ["flows.csv, row 3, column 'amount'", "xxxx..."], {"absent": ["x" * 200]}),
    ("control-char-in-cell", dict(flows=_flows_row(3, "resource", "he\x1bat")), ["he\\u001bat"]),
    # structure of the files, named by its cause
    ("title-line-above-header", dict(sites="Sites of the park (2024)\n" + S),
     ["sites.csv, row 1", "title or comment line", "header (site_id, name, lat, lon, ...) is on row 2"]),
    ("comment-line-above-header", dict(flows="# exported from the ERP\n" + F), ["flows.csv", "is on row 2"]),
    ("empty-first-row", dict(sites="\n" + S), ["sites.csv, row 1", "row 1 is empty"]),
    ("values-in-unnamed-column", dict(sites=S.replace("sector,zone\n", "sector,zone,\n").replace(
        "ZAE Sud\n", "ZAE Sud,oops\n")), ["sites.csv, row 1", "values in column 7, which has no name"]),
    ("row-with-extra-cells", dict(flows=F.replace("9000,MWh/yr,60,40", "9,000,MWh/yr,60,40")),
     ["flows.csv, row 4", "8 cells but the header has 7", "comma inside a value"],
     {"absent": ["C error", "Expected 7 fields"]}),
    ("unclosed-quote", dict(flows=F.replace("FOOD,demand", '"FOOD,demand')), ["flows.csv", "never closed"]),
    ("blank-lines-keep-row-numbers", dict(flows=F.replace("FOOD,demand", "\n\nFOOD,demand").replace("9000", "-9")),
     ["flows.csv, row 6, column 'amount'"]),
    ("tab-separated-error-located", dict(flows=F.replace(",", "\t").replace("12000", "abc")),
     ["flows.csv, row 3, column 'amount'", "expected a positive amount"]),
    ("utf16-error-located", dict(flows=_flows_row(2, "resource", "haet").encode("utf-16")),
     ["flows.csv, row 2, column 'resource'", "did you mean 'heat'"]),
    # every file's problems at once, even when scenario.yaml or a header is wrong
    ("yaml-and-table-errors-together", dict(yaml_text=Y.replace("discount_rate: 0.05", "discount_rate: 3"),
                                            flows=_flows_row(2, "amount", "-1")),
     ["scenario.yaml: key 'discount_rate'", "flows.csv, row 2, column 'amount'"]),
    ("missing-name-and-table-error", dict(yaml_text=Y.replace("name: test park\n", ""),
                                          flows=_flows_row(3, "resource", "haet")),
     ["missing required key 'name'", "flows.csv, row 3, column 'resource'"]),
    ("sites-header-and-flows-errors", dict(sites=S.replace("lat,", "latitude,", 1), flows=_flows_row(2, "unit", "")),
     ["sites.csv, row 1, column 'lat'", "flows.csv, row 2, column 'unit'"], {"absent": ["unknown site"]}),
    ("sites-missing-and-flows-errors", dict(yaml_text=Y.replace("sites.csv", "sitez.csv"),
                                            flows=_flows_row(4, "direction", "both")),
     ["sitez.csv", "file not found", "flows.csv, row 4, column 'direction'"], {"absent": ["unknown site"]}),
    ("flows-unparsable-and-sites-errors", dict(flows=F.replace("FOOD,demand", '"FOOD,demand'),
                                               sites=S.replace("50.2800,3.9700", "95.28,3.97")),
     ["flows.csv", "never closed", "sites.csv, row 2, column 'lat'"]),
]


CASES += [
    # found by a mutation run over the network and siting tables (each went on to a traceback)
    ("corridor-blank-resource", dict(yaml_text=Y + "corridors: corridors.csv\nnetworks:\n  heat:\n    temperature_c: 90\n",
                                     extra={"corridors.csv": "corridor_id,resource,from,to\nc1,heat,UVE,FOOD\nc2,,FOOD,GREEN\n"}),
     ["corridors.csv, row 3, column 'resource'", "missing value"]),
    # an existing pipe with a capacity and a blank resource: its capacity was checked against the
    # catalogue's sizes of resource '' (KeyError)
    ("corridor-blank-resource-capacity", dict(
        yaml_text=Y + "corridors: corridors.csv\nnetworks:\n  heat:\n    temperature_c: 90\n",
        extra={"corridors.csv": "corridor_id,resource,from,to,existing,capacity,unit\nc1,,UVE,FOOD,yes,5,MW\n"}),
     ["corridors.csv, row 2, column 'resource'", "missing value"]),
    # an empty price was read as 0 without a word (a demand then worth its CO2 only)
    ("price-empty", dict(flows=_flows_row(3, "price_eur_per_unit", "")),
     ["flows.csv, row 3, column 'price_eur_per_unit'", "price_eur_per_unit is empty", "0 if the flow has no value"]),
    ("activities-header-only", dict(yaml_text=Y + "plots: plots.csv\nactivities: activities.csv\n", extra={
        "plots.csv": "plot_id,lat,lon,area_ha\nP1,50.285,3.975,5\n", "activities.csv": "activity_id,template,size\n"}),
     ["activities.csv", "no activities: expected at least one data row"]),

]

F_SS = F.replace("price_eur_per_unit\n", "price_eur_per_unit,single_source,monthly_profile\n").replace(
    "\n", ",,\n").replace("price_eur_per_unit,single_source,monthly_profile,,\n",
                           "price_eur_per_unit,single_source,monthly_profile\n")
CASES += [
    # a single_source demand beside a monthly profile: said at the table and column only
    ("single-source-and-profile", dict(flows=_flows_row(4, "monthly_profile", ";".join(["0.0833333333333333"] * 11
                                                                                        + ["0.0833333333333337"]),
                                                        _flows_row(3, "single_source", "yes", F_SS))),
     ["flows.csv, row 3, column 'single_source'", "monthly profiles", "row 4"]),
]

Y_SITING = Y + "plots: plots.csv\nactivities: activities.csv\n"
PLOTS_OK = "plot_id,lat,lon,area_ha\nP1,50.285,3.975,5\n"
Y_HUBS_LINKS = Y + "hubs: hubs.csv\nlinks: links.csv\n"
CASES += [
    # found by a mutation run over hubs.csv, links.csv and the siting tables (a traceback, a row
    # silently dropped or a default silently used, or a message at the wrong place)
    ("hub-capacity-absurd", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace(",20,", ",1e30,")}),
     ["hubs.csv, row 2, column 'capacity'", "absurdly large (> 1e+12 base units per year)"]),
    # the bound is on the base unit: 2e9 GWh/yr is 2e12 MWh/yr
    ("hub-capacity-absurd-in-its-unit", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace(",20,", ",2e9,")}),
     ["hubs.csv, row 2, column 'capacity'", "absurdly large"]),
    # links.csv's capacity has the same bound (`io.validate.refuse_absurd`): 1e30 was read unsaid
    ("link-capacity-absurd", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace(
        "unit\n", "unit,capacity\n").replace(",2\n", ",2,1e30\n")}),
     ["links.csv, row 2, column 'capacity'", "capacity is absurdly large (> 1e+12 base units per year)"]),
    ("hub-resource-twice", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace(",heat,", ",heat;heat,")}),
     ["hubs.csv, row 2, column 'resources'", "'heat' is listed twice"]),
    ("hub-resources-two-base-units", dict(yaml_text=Y_HUBS, extra={
        "hubs.csv": HUBS_OK.replace(",heat,20,GWh/yr", ",hydrogen;heat,20,")}),
     ["hubs.csv, row 2, column 'resources'", "must share one base unit", "hydrogen (t/yr), heat (MWh/yr)"]),
    ("hub-purity-on-heat", dict(yaml_text=Y_HUBS, extra={
        "hubs.csv": HUBS_OK.replace("unit\n", "unit,purity\n").replace("GWh/yr\n", "GWh/yr,0.5\n")}),
     ["hubs.csv, row 2, column 'purity'", "purity applies to hydrogen only"]),
    ("hub-pressure-on-heat", dict(yaml_text=Y_HUBS, extra={
        "hubs.csv": HUBS_OK.replace("unit\n", "unit,pressure_bar\n").replace("GWh/yr\n", "GWh/yr,30\n")}),
     ["hubs.csv, row 2, column 'pressure_bar'", "pressure_bar applies to hydrogen only"]),
    ("links-into-hub-of-another-resource", dict(yaml_text=Y_HUBS_LINKS, extra={
        "hubs.csv": HUBS_OK, "links.csv": LINKS_OK + "POWER,H,fgd_gypsum,gypsum,2\n"}),
     ["links.csv, row 3, column 'sink_site'", "hub 'H' does not handle fgd_gypsum (hubs.csv gives it heat)"]),
    ("links-out-of-hub-of-another-resource", dict(yaml_text=Y_HUBS_LINKS, extra={
        "hubs.csv": HUBS_OK, "links.csv": LINKS_OK + "H,PLAST,fgd_gypsum,gypsum,2\n"}),
     ["links.csv, row 3, column 'source_site'", "hub 'H' does not handle fgd_gypsum"]),
    ("links-hub-to-hub", dict(yaml_text=Y_HUBS_LINKS, extra={
        "hubs.csv": HUBS_OK + "H2,50.29,3.97,heat,20,GWh/yr\n", "links.csv": LINKS_OK + "H,H2,heat,heat,2\n"}),
     ["links.csv, row 3, column 'sink_site'", "a link between two hubs"]),
    ("links-blank-supply-resource", dict(yaml_text=Y_LINKS, extra={
        "links.csv": LINKS_OK.replace("POWER,PLAST,fgd_gypsum,gypsum", "POWER,PLAST,,gypsum")}),
     ["links.csv, row 2, column 'supply_resource'", "missing value: expected a resource"],
     {"absent": ["column 'source_site'"]}),
    ("activities-template-size-empty", dict(yaml_text=Y_SITING, extra={
        "plots.csv": PLOTS_OK, "activities.csv": "activity_id,template,size\nSERRE,greenhouse,\n"}),
     ["activities.csv, row 2, column 'size'", "missing value: expected the activity's size in ha of glass"],
     {"absent": ["activities.yaml", "column 'land_ha'", "has no flows"]}),
    ("activities-template-size-zero", dict(yaml_text=Y_SITING, extra={
        "plots.csv": PLOTS_OK, "activities.csv": "activity_id,template,size\nSERRE,greenhouse,0\n"}),
     ["activities.csv, row 2, column 'size'", "expected a size > 0 (found '0')", "1 problem"],
     {"absent": ["> 0 > 0", "activities.yaml"]}),
    ("activities-template-id-empty", dict(yaml_text=Y_SITING, extra={
        "plots.csv": PLOTS_OK, "activities.csv": "activity_id,template,size\nSERRE,greenhouse,2\n,data_centre,5\n"}),
     ["activities.csv, row 3, column 'activity_id'", "missing value", "1 problem"],
     {"absent": ["activities.yaml"]}),
    # a flow put at a junction's id: said so (a junction has no flow), not 'unknown site'
    ("flow-at-a-junction", dict(flows=_flows_row(4, "site_id", "J1"), yaml_text=Y + "junctions: junctions.csv\n",
                                extra={"junctions.csv": "junction_id,lat,lon\nJ1,50.29,3.97\n"}),
     ["flows.csv, row 4, column 'site_id'", "'J1' is a junction of junctions.csv", "a junction has no flow",
      "expected a site_id of sites.csv"], {"absent": ["unknown site"]}),
    # a flow put at a hub's id: said so (a hub has no flow of its own), not 'unknown site'
    ("flow-at-a-hub", dict(flows=_flows_row(4, "site_id", "H"), yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK}),
     ["flows.csv, row 4, column 'site_id'", "'H' is a hub of hubs.csv", "a hub has no flow of its own",
      "expected a site_id of sites.csv"], {"absent": ["unknown site"]}),
    ("plots-header-only", dict(yaml_text=Y_SITING, extra={
        "plots.csv": "plot_id,lat,lon,area_ha\n", "activities.csv": "activity_id,template,size\nSERRE,greenhouse,2\n"}),
     ["plots.csv", "no plots: expected at least one data row"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.slow
def test_bad_input_gives_exit_2_and_a_located_message(tmp_path, case):
    _, files, fragments, *more = case
    opts = more[0] if more else {}
    path = write_scenario(tmp_path / "s", **files)
    if "setup" in opts:
        opts["setup"](tmp_path / "s")
    target = tmp_path / "s" / opts.get("target", "scenario.yaml")
    outputs = []
    if "run_args" not in opts:
        res = CliRunner().invoke(main, ["validate", str(target)])
        assert res.exit_code == 2, res.output
        outputs.append(res.output)
    # `run` refuses the same input the same way and writes nothing
    res = CliRunner().invoke(main, ["run", str(target), "--out", str(tmp_path / "out"), *opts.get("run_args", [])])
    assert res.exit_code == 2, res.output
    outputs.append(res.output)
    assert not (tmp_path / "out").exists()
    for out in outputs:
        assert "Traceback" not in out
        for frag in fragments:
            assert frag in out, f"{frag!r} not in:\n{out}"
        for frag in opts.get("absent", []):
            assert frag not in out, f"{frag!r} echoed in:\n{out}"
    assert path.parent.exists()


def test_corpus_is_large_enough():
    assert len(CASES) >= 100


def test_validate_reports_all_problems_at_once(tmp_path):
    flows = _flows_row(2, "amount", "-1")
    flows = _flows_row(3, "resource", "haet", flows)
    sites = S.replace("50.2800,3.9700", "95.28,3.97")
    path = write_scenario(tmp_path / "s", sites=sites, flows=flows)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    assert "sites.csv, row 2, column 'lat'" in res.output
    assert "flows.csv, row 2, column 'amount'" in res.output
    assert "flows.csv, row 3, column 'resource'" in res.output
    assert "3 problems" in res.output


def _assert_valid(path):
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    return res.output


def test_semicolon_and_decimal_comma_accepted(tmp_path):
    sites = S.replace(",", ";").replace("50.2800;3.9700", "50,2800;3,9700")
    flows = F.replace(",", ";").replace("GWh/yr;130", "GWh/yr;130,5")
    out = _assert_valid(write_scenario(tmp_path / "s", sites=sites, flows=flows))
    assert "5 sites" in out


def test_bom_and_latin1_accepted(tmp_path):
    bom = "\ufeff" + S
    latin = F.encode("utf-8")
    sites_latin = S.replace("Greenhouses", "Serres du Pévèle").encode("cp1252")
    _assert_valid(write_scenario(tmp_path / "a", sites=bom.encode("utf-8"), flows=latin))
    from eitflow import read_scenario
    path = write_scenario(tmp_path / "b", sites=sites_latin)
    _assert_valid(path)
    assert "Serres du Pévèle" in set(read_scenario(path).sites["name"])


def test_link_naming_a_site_with_two_flows_must_say_which(tmp_path):
    flows = F + "POWER,supply,fgd_gypsum,5,kt/yr,,15\n"
    path = write_scenario(tmp_path / "s", flows=flows, yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    assert "links.csv, row 2, column 'supply_flow_id'" in res.output and "f5, f7" in res.output
    ok = LINKS_OK.replace("var_cost_eur_per_unit\n", "var_cost_eur_per_unit,supply_flow_id\n").replace(",2\n", ",2,f7\n")
    path = write_scenario(tmp_path / "t", flows=flows, yaml_text=Y_LINKS, extra={"links.csv": ok})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    from eitflow import build_candidates, read_scenario
    cand = build_candidates(read_scenario(path))
    gy = cand.links[cand.links.supply_resource == "fgd_gypsum"]
    assert len(gy) == 1 and read_scenario(path).flows.flow_id.iat[int(gy.supply.iat[0])] == "f7"


def test_tab_separated_utf16_and_trailing_separators_are_read(tmp_path):
    """Excel's "Unicode text" (UTF-16, tabs), trailing empty columns and blank lines are
    read as the spreadsheet shows them."""
    from eitflow import read_scenario
    ref = read_scenario(write_scenario(tmp_path / "ref"))
    tabbed = F.replace(",", "\t").replace("130", "130,0")  # a decimal comma with tabs
    trailing = S.replace("\n", ",,\n")
    blank = F.replace("GREEN,", "\n\nGREEN,")
    for k, (sites, flows) in enumerate([(S, tabbed.encode("utf-16")), (trailing, F), (S, blank)]):
        scen = read_scenario(write_scenario(tmp_path / f"s{k}", sites=sites, flows=flows))
        assert scen.sites.equals(ref.sites)
        cols = ["site_id", "direction", "resource", "amount", "temperature_c", "price_eur_per_unit"]
        assert scen.flows[cols].equals(ref.flows[cols])
    # rows keep the spreadsheet's numbers after blank lines
    # (each flow its own row, also once read_scenario has put the flows in order)
    fl = read_scenario(write_scenario(tmp_path / "s2", flows=blank)).flows
    assert dict(zip(fl["site_id"], fl["row"])) == {"UVE": 2, "FOOD": 3, "GREEN": 6, "POWER": 7, "PLAST": 8}


def test_a_row_shorter_than_its_header_is_read_with_a_warning(tmp_path):
    """A CSV row with fewer cells than the header had its missing cells read as empty without a
    word (a links.csv row cut after its resource lost its fixed cost and investment: a free
    link). It is still read so (a spreadsheet shows it so), with a warning naming the row, its
    count and the columns left empty; a note left out, or a header's trailing separators, are not
    said."""
    links = LINKS_OK.replace("var_cost_eur_per_unit\n", "var_cost_eur_per_unit,note\n").replace(
        "POWER,PLAST,fgd_gypsum,gypsum,2", "POWER,PLAST,fgd_gypsum,gypsum")
    # a quoted comma (the csv reader's path) and a blank row before the short one
    sites = S.replace("Greenhouses,", '"Green, houses",').replace("GREEN,", "\nGREEN,").replace(
        "50.3000,3.9600,agriculture,ZAE Nord", "50.3000,3.9600")
    flows = F.replace("price_eur_per_unit\n", "price_eur_per_unit,note\n")   # every row without its note
    path = write_scenario(tmp_path / "s", sites=sites, flows=flows, yaml_text=Y_LINKS, extra={"links.csv": links})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.output.splitlines() if line.startswith("warning")]
    assert warnings == [
        "warning: sites.csv, row 5, column 'sector': the row has 4 cells where the header has 6: sector, zone read as "
        "empty (a row cut short, or a cell left out before them, every later value one column to the left?)",
        "warning: links.csv, row 2, column 'var_cost_eur_per_unit': the row has 4 cells where the header has 6: "
        "var_cost_eur_per_unit, note read as empty (a row cut short, or a cell left out before them, every later "
        "value one column to the left?)"], res.output
    from eitflow import read_scenario
    scen = read_scenario(path)
    assert scen.sites.set_index("site_id").at["GREEN", "name"] == "Green, houses"
    assert scen.links["var_cost_eur_per_unit"].isna().all()   # empty: the catalogue's
    # a header's trailing separators (a spreadsheet's empty columns) name no column: nothing said
    path = write_scenario(tmp_path / "t", sites=S.replace("zone\n", "zone,,\n"))
    assert "warning" not in CliRunner().invoke(main, ["validate", str(path)]).output


def test_separators_read_one_documented_way(tmp_path):
    from eitflow import read_scenario
    sites = S.replace(",", ";").replace("50.2800;3.9700", "50.280;3.970")  # 3 decimals: a latitude cannot be 50280
    flows = F.replace(",", ";").replace(";30;GWh/yr;130;0", ";1.234,5;MWh/yr;130;0").replace(
        ";12000;", ";700.000;").replace(";9000;", ";9 000,5;")
    scen = read_scenario(write_scenario(tmp_path / "s", sites=sites, flows=flows))
    assert scen.sites.set_index("site_id").at["UVE", "lat"] == pytest.approx(50.28)
    flows_in = scen.flows.sort_values("row")  # the file's order (read_scenario orders them by id)
    assert list(flows_in["amount_input"][:3]) == [1234.5, 700000.0, 9000.5]


def test_odd_but_plausible_data_is_a_warning(tmp_path):
    """A site far outside the cloud of the others: exit 0, printed, and in summary.json."""
    import json
    sites = S.replace("POWER,Power plant,50.2000,3.9000", "POWER,Power plant,43.3000,5.4000")  # Marseille
    path = write_scenario(tmp_path / "s", sites=sites)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    assert "warning: sites.csv, row 6, column 'lat': site 'POWER' lies" in res.output
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    warnings = json.loads((tmp_path / "out" / "summary.json").read_text())["warnings"]
    assert len(warnings) == 1 and "site 'POWER' lies" in warnings[0]
    ok = write_scenario(tmp_path / "t")
    assert "warning" not in CliRunner().invoke(main, ["validate", str(ok)]).output


def test_confine_to_scenario_dir(tmp_path):
    """The API refuses table paths leading out of the scenario's directory (services); the
    command line reads them (its user may read their own files)."""
    from eitflow import read_scenario
    from eitflow.errors import ScenarioError
    write_scenario(tmp_path / "other")
    for sites in ("../other/sites.csv", str(tmp_path / "other" / "sites.csv")):
        path = write_scenario(tmp_path / "s", yaml_text=Y.replace("sites: sites.csv", f"sites: {sites}"))
        with pytest.raises(ScenarioError, match="outside the scenario's directory"):
            read_scenario(path)
        assert len(read_scenario(path, confine_to_scenario_dir=False).sites) == 5
        assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    (tmp_path / "s" / "link.csv").symlink_to(tmp_path / "other" / "sites.csv")
    path = write_scenario(tmp_path / "s", yaml_text=Y.replace("sites: sites.csv", "sites: link.csv"))
    with pytest.raises(ScenarioError, match="outside the scenario's directory"):
        read_scenario(path)


def test_yaml_alias_bomb_is_bounded(tmp_path):
    """853 bytes of nested aliases stand for 10^10 values: refused in bounded time and memory."""
    import resource
    import time
    path = write_scenario(tmp_path / "s", yaml_text=Y_BOMB)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2 and "expands to more than" in res.output
    assert len(res.output) < 1000
    assert time.perf_counter() - t0 < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB


def test_a_stale_pint_cache_is_not_an_unknown_unit(monkeypatch):
    """pint's shared definitions cache can point into a deleted virtual environment: units
    must still be read (it made every pint-read unit 'unknown')."""
    import pint

    from eitflow import units
    real = pint.UnitRegistry

    def stale(*a, **k):
        if k.get("cache_folder"):
            raise FileNotFoundError("/gone/.venv/lib/python3.11/site-packages/pint/default_en.txt")
        return real(*a, **k)

    monkeypatch.setattr(pint, "UnitRegistry", stale)
    units.registry.cache_clear()
    try:
        assert units.conversion_factor("Mt/yr", "t/yr") == pytest.approx(1e6)
        with pytest.raises(units.UnitError, match="wrong dimension"):
            units.conversion_factor("MWh/yr", "t/yr")
    finally:
        units.registry.cache_clear()


def test_the_readme_counts_the_corpus():
    # the README's Tests section said 124 when the corpus held 134
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    said = re.search(r"holds a corpus of (\d+) malformed scenarios", readme)
    assert said and int(said.group(1)) == len(CASES)
