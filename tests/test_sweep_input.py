"""A bad sweep file is refused before anything runs, naming the file, the key and what was
expected (found by a harness mutating carbon_and_heat.yaml: tracebacks, a hang, and values
that were silently dropped or drawn from). The messages below are written out by hand."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import write_scenario
from eitflow.cli.sweep import sweep_cmd
from eitflow.sweep.spec import MAX_RUNS, SweepError, load_sweep, parse_sweep

MC = "monte_carlo.parameters.prices.heat"


def _mc(spec: dict, **more) -> dict:
    return {"base": "s.yaml", "monte_carlo": {"n": 2, "parameters": {"prices.heat": spec}, **more}}


@pytest.mark.parametrize("raw, msg", [
    # a base given no path, or a number: the path's key and the value (a TypeError before)
    ({"bases": {"maubeuge": None}}, "bases.maubeuge: expected the path of a scenario file, got None"),
    ({"bases": {"maubeuge": 5}}, "bases.maubeuge: expected the path of a scenario file, got 5"),
    ({"base": 5}, "base: expected the path of a scenario file, got 5"),
    # a grid that is no mapping (AttributeError 'items' before)
    ({"base": "s.yaml", "grid": [1, 2]},
     "grid: expected a YAML mapping (carbon_price_eur_per_t: [50, 100]), got [1, 2]"),
    ({"base": "s.yaml", "grid": "carbon"},
     "grid: expected a YAML mapping (carbon_price_eur_per_t: [50, 100]), got 'carbon'"),
    ({"base": "s.yaml", "monte_carlo": [2]},
     "monte_carlo: expected a YAML mapping (n: 20, seed: 1, parameters: ...), got [2]"),
    ({"base": "s.yaml", "monte_carlo": {"n": 2, "parameters": ["prices.heat"]}},
     "monte_carlo.parameters: expected a YAML mapping (prices.heat: {dist: normal, mean: 1, sd: 0.15}), "
     "got ['prices.heat']"),
    # a seed numpy refuses (ValueError) or would cut to an integer (1.5 gave seed 1's draws)
    (_mc({"dist": "uniform", "low": 0.8, "high": 1.2}, seed="one"),
     "monte_carlo.seed: expected a whole number ≥ 0 (the random generator's seed), got 'one'"),
    (_mc({"dist": "uniform", "low": 0.8, "high": 1.2}, seed=1.5),
     "monte_carlo.seed: expected a whole number ≥ 0 (the random generator's seed), got 1.5"),
    (_mc({"dist": "uniform", "low": 0.8, "high": 1.2}, seed=-1),
     "monte_carlo.seed: expected a whole number ≥ 0 (the random generator's seed), got -1"),
    (_mc({"dist": "uniform", "low": 0.8, "high": 1.2}, seed=True),
     "monte_carlo.seed: expected a whole number ≥ 0 (the random generator's seed), got True"),
    # distributions numpy refuses, and a truncation that kept every draw at max
    (_mc({"dist": "normal", "mean": 1, "sd": -0.1}),
     f"{MC}: a normal distribution needs sd ≥ 0, got sd = -0.1"),
    (_mc({"dist": "uniform", "low": 1.2, "high": 0.8}),
     f"{MC}: a uniform distribution needs low ≤ high, got low = 1.2, high = 0.8"),
    (_mc({"dist": "normal", "mean": 1, "sd": 0.1, "min": 2, "max": 1}),
     f"{MC}: min and max clip the draws and need min ≤ max, got min = 2, max = 1"),
    # a French decimal comma is text to YAML (a ValueError before): said so
    (_mc({"dist": "uniform", "low": "0.8", "high": "1,2"}),
     f"{MC}.high: '1,2' has a decimal comma and is read as text here (YAML): write 1.2"),
    (_mc({"dist": "normal", "mean": "one", "sd": 0.1}), f"{MC}.mean: expected a number, got 'one'"),
    (_mc({"dist": "normal", "mean": 1, "sd": 0.1, "min": None}), f"{MC}.min: expected a number, got None"),
    (_mc({"dist": "normal", "mean": float("nan"), "sd": 0.1}), f"{MC}.mean: expected a number, got nan"),
    ({"base": "s.yaml", "grid": {"carbon_price_eur_per_t": [10, "1,5"]}},
     "grid.carbon_price_eur_per_t: '1,5' has a decimal comma and is read as text here (YAML): write 1.5"),
    # a sweep too large to plan (n: 1e9 hung the dry run), alone or as a product
    ({"base": "s.yaml", "monte_carlo": {"n": MAX_RUNS + 1, "parameters": {"availability": {
        "dist": "uniform", "low": 0.5, "high": 1}}}},
     f"monte_carlo.n: expected a whole number from 1 to 100,000, got {MAX_RUNS + 1}"),
    ({"bases": ["a/scenario.yaml", "b/scenario.yaml"], "grid": {"carbon_price_eur_per_t": list(range(500))},
      "monte_carlo": {"n": 101, "parameters": {"availability": {"dist": "uniform", "low": 0.5, "high": 1}}}},
     "the sweep has 101,000 runs (grid points x Monte Carlo draws x bases: 500 x 101 x 2): a sweep has at most "
     "100,000 runs; split it into several sweep files"),
])
def test_a_bad_value_is_named_with_its_key_and_what_was_expected(raw, msg):
    with pytest.raises(SweepError) as info:
        parse_sweep(raw)
    assert str(info.value) == msg


def test_the_largest_sweep_allowed_is_planned_and_the_limits_are_inclusive():
    # 500 x 100 x 2 = 100,000: the limit itself is allowed; sd 0, low == high, min == max draw constants
    raw = {"bases": ["a/scenario.yaml", "b/scenario.yaml"], "grid": {"carbon_price_eur_per_t": list(range(500))},
           "monte_carlo": {"n": 100, "seed": 0, "parameters": {
               "availability": {"dist": "uniform", "low": 0.5, "high": 0.5},
               "discount_rate": {"dist": "normal", "mean": 0.05, "sd": 0, "min": 0.03, "max": 0.03}}}}
    sw = parse_sweep(raw)
    assert len(sw.runs) * len(sw.bases) == MAX_RUNS
    assert {r["availability"] for r in sw.runs} == {0.5} and {r["discount_rate"] for r in sw.runs} == {0.03}


DUP_GRID = """\
bases:
  maubeuge: a/scenario.yaml
grid:
  carbon_price_eur_per_t: [10]
  carbon_price_eur_per_t: [100]
"""

DUP_BASE = """\
bases:
  maubeuge: a/scenario.yaml
  maubeuge: b/scenario.yaml
grid:
  carbon_price_eur_per_t: [10]
"""


@pytest.mark.parametrize("text, line, key, first", [(DUP_GRID, 5, "carbon_price_eur_per_t", 4),
                                                    (DUP_BASE, 3, "maubeuge", 2)])
def test_a_key_given_twice_in_the_sweep_file_is_refused_with_its_line(tmp_path, text, line, key, first):
    # YAML kept the last one: a grid of [100] only, or only the second base under the first's name
    p = tmp_path / "sweep.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(SweepError) as info:
        load_sweep(p)
    assert str(info.value) == (f"{p}, line {line}: key '{key}' is given twice (first on line {first}); YAML would "
                               "keep only the last one: delete one of them")


@pytest.mark.parametrize("lang, said", [
    ("en", "error: {p}, line 3: key 'maubeuge' is given twice (first on line 2); YAML would keep only the last "
           "one: delete one of them"),
    ("fr", "erreur : {p}, ligne 3 : la clé 'maubeuge' est donnée deux fois (la première à la ligne 2) ; YAML ne "
           "garderait que la dernière : supprimez l'une des deux"),
])
def test_the_command_refuses_a_bad_sweep_file_with_exit_2_and_writes_nothing(tmp_path, lang, said):
    write_scenario(tmp_path / "a")
    write_scenario(tmp_path / "b")
    p = tmp_path / "sweep.yaml"
    p.write_text(DUP_BASE, encoding="utf-8")
    out = tmp_path / "out"
    for extra in (["--dry-run"], ["--workers", "0", "-q"]):
        r = CliRunner().invoke(sweep_cmd, [str(p), "--out", str(out), "--lang", lang, *extra])
        assert r.exit_code == 2, r.output
        assert r.output.strip().splitlines()[-1] == said.format(p=p)
        assert not out.exists()


def test_a_french_decimal_comma_is_said_in_french(tmp_path):
    write_scenario(tmp_path / "a")
    p = tmp_path / "sweep.yaml"
    p.write_text("base: a/scenario.yaml\nmonte_carlo:\n  n: 2\n  parameters:\n"
                 "    prices.heat: {dist: uniform, low: 0.8, high: '1,2'}\n", encoding="utf-8")
    r = CliRunner().invoke(sweep_cmd, [str(p), "--out", str(tmp_path / "out"), "--dry-run", "--lang", "fr"])
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines()[-1] == (
        f"erreur : {p} : {MC}.high : « 1,2 » a une virgule décimale et se lit ici comme du texte (YAML) : "
        "écrivez 1.2")


@pytest.mark.parametrize("value, msg", [
    ("5 %", "grid.discount_rate: '5 %' is a percentage and is read as text here (YAML, a parameters sheet): write the "
            "number alone, as a share where the key is one (5 % is 0.05)"),
    (10 ** 400, "grid.discount_rate: expected a number, got 1000000000000000000000000000000000000000000000000000000"
                "0000000000000000000000000..."),
    (float("inf"), "grid.discount_rate: expected a number, got inf"),
    (True, "grid.discount_rate: expected a number, got True"),
    ("0.05", "grid.discount_rate: expected a number, got '0.05'"),
])
def test_a_grid_value_is_a_number(value, msg):
    with pytest.raises(SweepError) as info:
        parse_sweep({"base": "s.yaml", "grid": {"discount_rate": [0.05, value]}})
    assert str(info.value) == msg


@pytest.mark.parametrize("raw, msg", [
    # two spellings of one parameter: the second silently replaced the first ([1.2] only)
    ({"base": "s.yaml", "grid": {"prices": {"heat": [0.8]}, "prices.heat": [1.2]}},
     "grid: parameter 'prices.heat' is given twice (once as 'prices.heat', once nested under 'prices:'); keep one"),
    ({"base": "s.yaml", "monte_carlo": {"n": 2, "parameters": {
        "networks.heat.temperature_c": {"dist": "uniform", "low": 70, "high": 90},
        "networks": {"heat": {"temperature_c": {"dist": "uniform", "low": 80, "high": 90}}}}}},
     "monte_carlo.parameters: parameter 'networks.heat.temperature_c' is given twice (once as "
     "'networks.heat.temperature_c', once nested under 'networks:'); keep one"),
])
def test_a_parameter_written_two_ways_is_refused(raw, msg):
    with pytest.raises(SweepError) as info:
        parse_sweep(raw)
    assert str(info.value) == msg
