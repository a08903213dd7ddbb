"""`eitflow compare` printed its lines whole: a changed link between two long-named sites ran
to 176 characters at 80 columns (zae_example at carbon prices 100 and 300 EUR/tCO2), the gap
note to 203, where every other command wraps its sentences to the terminal (`echo_wrapped`).
Each line is now wrapped to COLUMNS, the lines it wraps into under its text (its indent and two
more, as `echo_status` hangs a run's note), and nothing is lost: the words are the same."""
from __future__ import annotations

import copy

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.cli.main import main
from eitflow.results.rundir import write_run

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)
#: two names of 67 and 61 characters: a link's line between them is longer than 120 columns
NAMES = ["Établissement de valorisation des matières premières secondaires A",
         "Plateforme logistique et industrielle du bassin de la Sambre B"]


def _run(tmp, carbon_price: float):
    """test_compare_modes' pair (A supplies 100 t/yr of `good`, B buys it at 60 EUR/t, 5 km
    apart; by truck 5 EUR/t and 0.01 tCO2/t/km, by pipe 1,000 EUR/yr): the truck at a carbon
    price of 0, the pipe at 200 EUR/tCO2, so `compare` says a removed and an added link."""
    res = copy.deepcopy(GOOD_RESOURCE)
    g = res["good"]
    g["transport"].update(var_cost_eur_per_unit=5.0, co2_t_per_unit_km=0.01)
    g["alternatives"] = [dict(g["transport"], mode="pipe", var_cost_eur_per_unit=0.0, co2_t_per_unit_km=0.0,
                              fixed_cost_eur_per_yr=1000.0)]
    sites = pd.DataFrame({"site_id": ["A", "B"], "name": NAMES, "lat": [45.0, 45.0 + 5 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "good",
                          "amount": [100.0, 100.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 60.0]})
    scen = eitflow.scenario_from_frames(sites, flows, None, res, discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=carbon_price, solver={"mip_gap": 0.0})
    return write_run(eitflow.optimise(scen), tmp / f"c{carbon_price:g}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cw")   # short: a path is one word, never broken
    return _run(tmp, 0.0), _run(tmp, 200.0)


def _compare(runs, lang: str, env: dict) -> str:
    r = CliRunner().invoke(main, ["compare", str(runs[0]), str(runs[1]), "--lang", lang], env=env)
    assert r.exit_code == 0, r.output
    return r.output


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_no_line_of_compare_exceeds_the_terminal(runs, lang, width):
    whole = _compare(runs, lang, {"COLUMNS": None})   # no terminal, no COLUMNS: lines whole, for scripts
    # the link's line is longer than the terminal: this test would pass on a text too short to wrap
    assert max(map(len, whole.splitlines())) > width, whole
    out = _compare(runs, lang, {"COLUMNS": str(width)})
    lines = out.splitlines()
    assert max(map(len, lines)) <= width, out
    assert out.split() == whole.split()   # the same words in the same order: wrapped, nothing lost
    # a link's line ("  retirée : ...") goes on under its text: two spaces of indent, two more
    link = next(i for i, x in enumerate(lines) if NAMES[0][:20] in x)
    assert lines[link].startswith("  ") and lines[link + 1].startswith("    "), out
