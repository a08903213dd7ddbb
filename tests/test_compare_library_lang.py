"""`compare_runs` used as a library said the sites without a zone "(no zone)" in English in a
French comparison (`eitflow compare` said "(sans zone)": only the command line named zones and
sites), and said a French run in English unless told `lang="fr"`. It now names them as the
command line does, in run B's language by default (`analyses.compare.compare_lang`,
`run_namers`: one place for both)."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, write_scenario
from eitflow import optimise, read_scenario
from eitflow.analyses.compare import compare_runs
from eitflow.cli.main import main
from eitflow.results.rundir import write_run


def _runs(tmp_path):
    """The test park in French with the power plant (20 kt/yr of FGD gypsum) in no zone; run B
    gets 10 kt/yr from it (the plasterboard plant wants 15,000 t/yr), so the gypsum link, from
    no zone to ZAE Sud, carries 15,000 then 10,000 t/yr and both zones' totals change."""
    sites = SITES_CSV.replace("energy,Agglo", "energy,")
    out = []
    for tag, kt in (("A", "20"), ("B", "10")):
        flows = FLOWS_CSV.replace("POWER,supply,fgd_gypsum,20,kt/yr", f"POWER,supply,fgd_gypsum,{kt},kt/yr")
        path = write_scenario(tmp_path / f"scen{tag}", yaml_text=SCENARIO_YAML + "lang: fr\n", sites=sites,
                              flows=flows)
        out.append(write_run(optimise(read_scenario(path)), tmp_path / tag))
    return out


def test_the_library_says_no_zone_in_the_runs_language_as_the_command_line(tmp_path):
    a, b = _runs(tmp_path)
    table, text = compare_runs(a, b)          # no lang: run B's (French)
    gypsum = table[table["supply_resource"] == "fgd_gypsum"]
    assert list(gypsum["amount_a"]) == [15000.0] and list(gypsum["amount_b"]) == [10000.0]
    assert "zone (sans zone) :" in text and "(no zone)" not in text, text
    assert "Power plant" in text and "-> POWER" not in text     # sites by name, as the CLI
    cli = CliRunner().invoke(main, ["compare", str(a), str(b)])
    assert cli.exit_code == 0, cli.output
    assert cli.output == text + "\n"
    # told English, the library says it in English, and so does the command line
    _, en = compare_runs(a, b, lang="en")
    assert "zone (no zone):" in en and "sans zone" not in en
    assert CliRunner().invoke(main, ["compare", str(a), str(b), "--lang", "en"]).output == en + "\n"
