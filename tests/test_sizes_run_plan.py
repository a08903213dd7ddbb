"""`eitflow sizes`' first row, "the run" at the catalogue's pipe sizes, is the run's plan: the
corridors it builds, each at the catalogue size that carries what it carries. The re-solve at
those sizes was free to leave corridors out, so the row priced another, smaller plan under the
run's name (ludres_backbone sized on a line: the run builds 8 corridors, whose pipes alone cost
1.28 M EUR/yr at catalogue sizes; the row said 936,598 EUR/yr, the plan without the Houdemont -
Heillecourt branch, where the run's own note says 1,292,001 at those sizes)."""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import yaml

import eitflow
from eitflow.analyses.sizes import catalogue_sizes

HERE = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


def _crf(r: float, n: int) -> float:
    return r / (1.0 - (1.0 + r) ** -n)


def test_the_run_row_prices_every_corridor_the_run_builds(tmp_path):
    """By hand from the catalogue's pipe table (resources.yaml, heat): each corridor the linear
    run builds takes the smallest size whose rated MW x 8,760 h x the load factor 0.5 carries
    its peak; its pipe costs (CRF(5 %, 30 yr) + the 1.5 % O&M share) x EUR/m x its route length.
    Their sum is a floor for the plan's network cost at catalogue sizes (pumping comes on top).
    Before, the row re-solved at those sizes dropped north_1 and north_2 and said 936,598 EUR/yr."""
    for f in HERE.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    doc = yaml.safe_load((tmp_path / "scenario.yaml").read_text(encoding="utf-8"))
    doc["networks"]["heat"]["sizing"] = "linear"
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    run = eitflow.optimise(scen)
    built = run.statistics.corridors()
    built = built[~built["existing"].astype(bool)]
    assert len(built) == 8   # the case described above
    with resources.files("eitflow").joinpath("data/resources.yaml").open(encoding="utf-8") as fh:
        net = yaml.safe_load(fh)["heat"]["network"]
    sizes = sorted(net["sizes"], key=lambda s: s["capacity"])
    floor = 0.0
    for peak, km in zip(built["peak"], built["length_km"]):
        s = next(s for s in sizes if s["capacity"] * 8760 * net["load_factor"] >= peak * (1 - 1e-9))
        floor += (_crf(0.05, 30) + net["fixed_cost_share_per_yr"]) * s["investment_eur_per_m"] * km * 1000
    assert floor > 1.2e6
    df = catalogue_sizes(scen, run).set_index("plan")
    at = df.loc["run", "network_cost_at_catalogue_eur_per_yr"]
    assert at >= floor
    # pumping at most 0.05 EUR/MWh/km over every corridor's length for all the heat supplied
    pump = net["var_cost_eur_per_unit_km"] * float(built["length_km"].sum()) * (114_000 + 16_330)
    assert at <= floor + pump
    assert df.loc["run", "corridors_built"] == 8
    # the best plan with any catalogue size on these corridors is worth at least the run's plan at them
    assert df.loc["catalogue_sizes", "objective"] >= df.loc["run", "objective_at_catalogue"] - 1e-6 * abs(
        df.loc["catalogue_sizes", "objective"])
