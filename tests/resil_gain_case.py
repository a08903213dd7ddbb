"""Resilience's small cases as files, and the one way the tests write and run them.

The pool and greenhouses of test_resilience_co2_gain and test_resilience_nb_gain: one heat
supply S, two buyers D (a pool) and E (greenhouses), and the one run both tests read:
`eitflow run --excel` in French, `resilience --out RUN` (its output kept), then `report RUN`.

By hand (carbon price 0; a 0 % discount rate over 10 years: CRF 1/10; each pipe 100,000 EUR,
1,000 EUR/yr, 0 km): S has 4,000 MWh/yr of heat; D pays 60 EUR/MWh and replaces 0.1 tCO2/MWh,
E pays 40 and replaces 0.3 (each test works its figures out from these).

The two suppliers of test_resilience_deliverables (its losses by hand there), which
test_resilience_other_run, _rundir, _fresh_report and test_lock_holder run too: S1 and S2 of
4,000 MWh/yr of heat each, two users D and E at 50 EUR/MWh, four pipes (TWO_*).

Every case has the same settings (`scenario_yaml`: links.csv's links only, carbon price 0, a 0 %
discount rate over 10 years, HiGHS at a gap of 0) and is written by `write_case`. A resilience
table given as a frame gets its workbook sheet from `resilience_sheet`."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eitflow.cli.main import main as group

SETTINGS = """\
sites: sites.csv
flows: flows.csv
links: links.csv
objective: {objective}
carbon_price_eur_per_t: 0
discount_rate: 0.0
lifetime_years: 10
solver:
  name: highs
  mip_gap: 0.0
"""


def scenario_yaml(name: str, objective: str = "net_benefit") -> str:
    """scenario.yaml of a case: its name, then the settings every case shares."""
    return f"name: {name}\n" + SETTINGS.format(objective=objective)


def write_case(root: Path, scenario: str, sites: str, flows: str, links: str) -> Path:
    """A case's four files written into `root` (made if need be): its scenario.yaml's path."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in (("scenario.yaml", scenario), ("sites.csv", sites), ("flows.csv", flows), ("links.csv", links)):
        (root / name).write_text(text, encoding="utf-8")
    return root / "scenario.yaml"


# the pool and greenhouses
SCENARIO = scenario_yaml("a pool and greenhouses")
SITES = ("site_id,name,lat,lon,zone\nS,Chaufferie S,45.70,4.800,Z\nD,Piscine D,45.70,4.801,Z\n"
         "E,Serres E,45.70,4.802,Z\n")
FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,co2_factor_t_per_unit\n"
         "S,supply,heat,4000,MWh/yr,120,0,\nD,demand,heat,4000,MWh/yr,70,60,0.1\n"
         "E,demand,heat,4000,MWh/yr,70,40,0.3\n")
LINKS = ("source_site,sink_site,supply_resource,distance_km,var_cost_eur_per_unit,investment_eur,fixed_cost_eur_per_yr\n"
         "S,D,heat,0,0,100000,1000\nS,E,heat,0,0,100000,1000\n")


def cli(*args, code: int = 0):
    """`eitflow ARGS` at a wide terminal, whatever the environment says (pytest-xdist's workers
    may set COLUMNS): the notes are asserted whole, not as `cli.common.echo_wrapped` wraps them."""
    r = CliRunner().invoke(group, [str(a) for a in args], env={"COLUMNS": "1000"})
    assert r.exit_code == code, r.output
    return r


def gain_run(root: Path, objective: str = "net_benefit") -> tuple[Path, str]:
    """The scenario under `objective` written into `root`, run in French (--excel), resilience
    --out RUN (its output kept), then its report: (RUN, what resilience printed)."""
    scen = write_case(root, scenario_yaml("a pool and greenhouses", objective), SITES, FLOWS, LINKS)
    out = root / "run"
    cli("run", scen, "--out", out, "--lang", "fr", "--excel", "-q")
    said = cli("resilience", scen, "--out", out, "--lang", "fr").output
    cli("report", out)
    return out, said


# the two suppliers (figures by hand in test_resilience_deliverables)
TWO_SCENARIO = scenario_yaml("two suppliers")
TWO_SITES = ("site_id,name,lat,lon,zone\nS1,Sup 1,45.70,4.800,Z\nS2,Sup 2,45.70,4.810,Z\n"
             "D,Dem D,45.70,4.820,Z\nE,Dem E,45.70,4.830,Z\n")
TWO_FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
             "S1,supply,heat,4000,MWh/yr,120,0\nS2,supply,heat,4000,MWh/yr,120,0\n"
             "D,demand,heat,4000,MWh/yr,70,50\nE,demand,heat,4000,MWh/yr,70,50\n")
TWO_LINKS = ("source_site,sink_site,supply_resource,distance_km,var_cost_eur_per_unit,investment_eur,"
             "fixed_cost_eur_per_yr\n"
             "S1,D,heat,0,0,1000000,10000\nS2,E,heat,0,0,1000000,10000\n"
             "S2,D,heat,0,0,500000,10000\nS1,E,heat,0,0,3000000,10000\n")


def two_suppliers(root: Path, flows: str = TWO_FLOWS) -> Path:
    """The two suppliers' files written into `root` (`flows`: another flows.csv): scenario.yaml's path."""
    return write_case(root, TWO_SCENARIO, TWO_SITES, flows, TWO_LINKS)


def resilience_sheet(root: Path, df, lang: str = "fr") -> Path:
    """`df` as `root`'s resilience.csv, and results.xlsx there made with a summary and a columns
    sheet in `lang`, then its `resilience` sheet added from that file, as `eitflow report RUN`
    adds it (`report.resilience.add_resilience_sheet`): the workbook's path."""
    from openpyxl import Workbook

    from eitflow import i18n
    from eitflow.analyses.resilfile import RESILIENCE_FILE
    from eitflow.report.resilience import add_resilience_sheet

    df.to_csv(root / RESILIENCE_FILE, index=False)
    wb = Workbook()
    wb.active.title = i18n.text("sheet_summary", lang)
    wb.create_sheet("colonnes")
    wb.save(root / "results.xlsx")
    assert add_resilience_sheet(root / "results.xlsx", root, lang)
    return root / "results.xlsx"
