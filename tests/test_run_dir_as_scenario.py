"""A run directory given where a scenario is expected (`explain RUN`, `zones RUN`...) is said
to be one, with the path of the scenario copied into it, instead of "file not found:
RUN/scenario.yaml"."""

from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV
from eitflow.cli.main import main


def _run_dir(tmp_path, lang_line: str = ""):
    """A two-site scenario run into tmp_path/runs/r1 (scenario.yaml with `lang_line`)."""
    scen = tmp_path / "territoire"
    scen.mkdir()
    (scen / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (scen / "flows.csv").write_text(HEAT_FLOWS_CSV, encoding="utf-8")
    (scen / "scenario.yaml").write_text(f"name: t\n{lang_line}sites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    run = tmp_path / "runs" / "r1"
    res = CliRunner().invoke(main, ["run", str(scen / "scenario.yaml"), "--out", str(run)])
    assert res.exit_code == 0, res.output
    return run


def test_a_run_directory_given_as_a_scenario_points_to_its_scenario(tmp_path):
    run = _run_dir(tmp_path)
    copied = run / "inputs" / "scenario.yaml"
    assert copied.is_file() and (run / "summary.json").is_file()
    for cmd, lang, said in (
            ("explain", "en", f"{run} is a run directory (written by eitflow run), not a scenario: its scenario is "
                              f"{copied}"),
            ("zones", "fr", f"{run} est un dossier de résultats (écrit par eitflow run), pas un scénario : son "
                            f"scénario est {copied}")):
        res = CliRunner().invoke(main, [cmd, str(run), "--lang", lang])
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
        assert said in " ".join(res.output.split()), res.output   # long paths may be wrapped
        assert "file not found" not in res.output and "introuvable" not in res.output
    # the same run directory is still read as a run by the commands that take one
    res = CliRunner().invoke(main, ["report", str(run)])
    assert res.exit_code == 0, res.output
    # a directory holding both stays a scenario (a scenario folder where a run was written)
    (run / "scenario.yaml").write_text(copied.read_text(encoding="utf-8").replace("sites.csv", "inputs/sites.csv")
                                       .replace("flows.csv", "inputs/flows.csv"), encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(run)])
    assert res.exit_code == 0, res.output


def test_a_french_run_directory_is_refused_in_french(tmp_path):
    """Without --lang, the refusal speaks the run's language, that of the scenario copied into
    it, as `run` and `report` did for that run (it was said in English)."""
    run = _run_dir(tmp_path, "lang: fr\n")
    for cmd in ("explain", "zones", "resilience"):
        res = CliRunner().invoke(main, [cmd, str(run)])
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
        flat = " ".join(res.output.split())
        assert f"{run} est un dossier de résultats (écrit par eitflow run), pas un scénario" in flat, res.output
        assert "is a run directory" not in flat and "invalid scenario" not in flat
