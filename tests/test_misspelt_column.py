"""A misspelt column (`temprature_c` for `temperature_c` in flows.csv) gave `eitflow validate`
7 problems: the unknown column, then every rule its absence broke (each heat flow "without a
temperature", ...). The user gets the one error naming the file, the column and the expected
name, and no consequence of it; every input table the same way (`io.tables.check_columns`: a
refused header is then read as the column it names)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, write_scenario
from eitflow.cli.main import main

LINKS = "source_site,sink_site,supply_resource,demand_resource,var_cost_eur_per_unit,capacity\n" \
        "POWER,PLAST,fgd_gypsum,gypsum,2,20000\n"
HUBS = "hub_id,lat,lon,resources,capacity,unit\nH,50.28,3.97,heat,20,GWh/yr\n"

# (id, files, fragments of the one error): the misspelt header, or the expected column it is
# said under (a required one: "missing required column (found ...)")
CASES = [
    ("flows-optional", dict(flows=FLOWS_CSV.replace("temperature_c", "temprature_c")),
     ["flows.csv, row 1, column 'temprature_c'", "did you mean 'temperature_c'"]),
    ("flows-required", dict(flows=FLOWS_CSV.replace("resource", "resouce", 1)),
     ["flows.csv, row 1, column 'resource'", "found 'resouce'"]),
    ("sites-required", dict(sites=SITES_CSV.replace("site_id", "site_idd", 1)),
     ["sites.csv, row 1, column 'site_id'", "found 'site_idd'"]),
    ("links-optional", dict(yaml_text=SCENARIO_YAML + "links: links.csv\n",
                            extra={"links.csv": LINKS.replace("capacity", "capacty")}),
     ["links.csv, row 1, column 'capacty'", "did you mean 'capacity'"]),
    ("links-required", dict(yaml_text=SCENARIO_YAML + "links: links.csv\n",
                            extra={"links.csv": LINKS.replace("sink_site", "sink_sit")}),
     ["links.csv, row 1, column 'sink_site'", "found 'sink_sit'"]),
    ("hubs-required", dict(yaml_text=SCENARIO_YAML + "hubs: hubs.csv\n",
                           extra={"hubs.csv": HUBS.replace("resources", "resourses")}),
     ["hubs.csv, row 1, column 'resources'", "found 'resourses'"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_misspelt_column_is_one_error(tmp_path, case):
    _, files, fragments = case
    path = write_scenario(tmp_path / "s", **files)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    for frag in fragments:
        assert frag in res.output, f"{frag!r} not in:\n{res.output}"
    # one problem: the misspelling, none of its consequences
    assert "(1 problem)" in res.output, res.output


def test_the_same_file_well_spelt_is_valid(tmp_path):
    """The fixtures' files are valid once the column is spelt right: the one error is the typo's."""
    path = write_scenario(tmp_path / "s", yaml_text=SCENARIO_YAML + "links: links.csv\nhubs: hubs.csv\n",
                          extra={"links.csv": LINKS, "hubs.csv": HUBS})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output


ROOT = __import__("pathlib").Path(__file__).parents[1] / "scenarios"

# a bundled scenario with one header misspelt: (scenario, its yaml, file, column, misspelt,
# problems before, the fragments of the one error). Before: the typo, then its consequences
# (zae_example: 6 heat flows' "missing temperature", the sixth line counting 4 more rows)
BUNDLED = [
    ("zae_example", "scenario.yaml", "flows.csv", "temperature_c", "temprature_c", 7,
     ["flows.csv, row 1, column 'temprature_c'", "did you mean 'temperature_c'"]),
    ("fos_siting", "scenario.yaml", "activities.csv", "template", "tmplate", 14,
     ["activities.csv, ligne 1, colonne 'tmplate'", "vouliez-vous dire 'template'"]),
    ("dunkerque_dh", "network.yaml", "junctions.csv", "junction_id", "jnction_id", 7,
     ["junctions.csv, ligne 1, colonne 'junction_id'", "'jnction_id' trouvée"]),
    ("dunkerque_dh", "network.yaml", "corridors.csv", "size", "sze", 4,
     ["corridors.csv, ligne 1, colonne 'sze'", "vouliez-vous dire 'size'"]),
]


@pytest.mark.parametrize("case", BUNDLED, ids=[f"{c[0]}-{c[2]}" for c in BUNDLED])
def test_a_bundled_scenario_with_a_misspelt_column_gives_one_error(tmp_path, case):
    import shutil

    scen, yaml, file, col, bad, _before, fragments = case
    d = tmp_path / scen
    shutil.copytree(ROOT / scen, d)
    text = (d / file).read_text(encoding="utf-8")
    head, _, rest = text.partition("\n")
    assert col in head.split(",")
    (d / file).write_text(",".join(bad if h == col else h for h in head.split(",")) + "\n" + rest, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(d / yaml)])
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    for frag in fragments:
        assert frag in res.output, f"{frag!r} not in:\n{res.output}"
    assert "(1 problem)" in res.output or "(1 problème)" in res.output, res.output
