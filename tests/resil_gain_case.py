"""The pool and greenhouses of test_resilience_co2_gain and test_resilience_nb_gain: one heat
supply S, two buyers D (a pool) and E (greenhouses), as files, and the one run both tests read:
`eitflow run --excel` in French, `resilience --out RUN` (its output kept), then `report RUN`.

By hand (carbon price 0; a 0 % discount rate over 10 years: CRF 1/10; each pipe 100,000 EUR,
1,000 EUR/yr, 0 km): S has 4,000 MWh/yr of heat; D pays 60 EUR/MWh and replaces 0.1 tCO2/MWh,
E pays 40 and replaces 0.3 (each test works its figures out from these)."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from eitflow.cli.main import main as group

SCENARIO = """\
name: a pool and greenhouses
sites: sites.csv
flows: flows.csv
links: links.csv
objective: net_benefit
carbon_price_eur_per_t: 0
discount_rate: 0.0
lifetime_years: 10
solver:
  name: highs
  mip_gap: 0.0
"""
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
    for name, text in (("scenario.yaml", SCENARIO.replace("objective: net_benefit", f"objective: {objective}")),
                       ("sites.csv", SITES), ("flows.csv", FLOWS), ("links.csv", LINKS)):
        (root / name).write_text(text, encoding="utf-8")
    out = root / "run"
    cli("run", root / "scenario.yaml", "--out", out, "--lang", "fr", "--excel", "-q")
    said = cli("resilience", root / "scenario.yaml", "--out", out, "--lang", "fr").output
    cli("report", out)
    return out, said
