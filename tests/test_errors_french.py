"""A French user's errors are French: a run directory that cannot be read, a mistyped --flow,
an output that cannot be written, a sweep without its directory. Before, these said click's
French usage errors' neighbours in English ('error: runs/x: not a directory ...', 'error: unknown
flow_id', after a whole solve), and a full disk was told in the C library's English."""
from __future__ import annotations

import errno

import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.main import main as cli


def _invoke(args):
    res = CliRunner().invoke(cli, args)
    assert "Traceback" not in res.output, res.output
    return res


def test_a_run_directory_that_cannot_be_read_is_said_in_french(tmp_path, monkeypatch):
    missing = tmp_path / "runs" / "absent"
    res = _invoke(["report", str(missing), "--lang", "fr"])
    assert res.exit_code == 2
    assert res.output.strip() == (f"erreur : {missing} : pas un dossier (il faut un dossier de résultats "
                                  "écrit par 'eitflow run')"), res.output
    # nothing on the line says a language: the user's locale does, as for click's own errors
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert _invoke(["report", str(missing)]).output == res.output
    (tmp_path / "notarun").mkdir()
    assert "pas de summary.json" in _invoke(["report", str(tmp_path / "notarun")]).output
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert _invoke(["report", str(missing)]).output.startswith("error: ")


def test_a_mistyped_flow_is_said_before_solving(tmp_path):
    french = write_scenario(tmp_path / "fr", yaml_text=SCENARIO_YAML + "lang: fr\n")
    res = _invoke(["explain", str(french), "--flow", "f3x"])
    assert res.exit_code == 2
    # the scenario's flows are f2..f6 (their rows in flows.csv); no status line: nothing was solved
    assert res.output.strip().startswith("erreur : --flow f3x : le scénario n'a aucun flux de cet identifiant"), \
        res.output
    assert "vouliez-vous dire 'f3' ?" in res.output and "statut" not in res.output, res.output


def test_outputs_that_cannot_be_written_are_said_in_french(tmp_path, monkeypatch):
    french = write_scenario(tmp_path / "fr", yaml_text=SCENARIO_YAML + "lang: fr\n")
    lp = tmp_path / "no_such_dir" / "model.lp"
    res = _invoke(["run", str(french), "--out", str(tmp_path / "r1"), "--export-lp", str(lp), "-q"])
    assert res.exit_code == 1
    assert f"erreur : impossible d'écrire {lp} : fichier ou dossier introuvable" in res.output, res.output
    assert not (tmp_path / "r1").exists()

    import eitflow.results.rundir as rundir

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rundir, "write_run", full_disk)
    res = _invoke(["run", str(french), "--out", str(tmp_path / "r2"), "-q"])
    assert res.exit_code == 1
    assert (f"erreur : impossible d'écrire le dossier de résultats {tmp_path / 'r2'} : plus de place sur le "
            "disque ; rien n'a été écrit (statut : optimal") in res.output, res.output


def test_a_sweep_without_its_directory_is_said_in_the_users_language(tmp_path, monkeypatch):
    spec = tmp_path / "sweep.yaml"
    spec.write_text("base: scenario.yaml\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    res = _invoke(["sweep", str(spec)])
    assert res.exit_code == 2
    assert res.output.strip() == "erreur : donnez --out DOSSIER ou --storage URL, l'un des deux", res.output


@pytest.mark.parametrize("code, fr, en", [
    (errno.ENOSPC, "plus de place sur le disque", "no space left on the disk"),
    (errno.EACCES, "permission refusée", "permission denied"),
    (errno.EROFS, "système de fichiers en lecture seule", "read-only file system"),
])
def test_system_errors_in_words(code, fr, en):
    from eitflow.cli.common import why_not_written

    exc = OSError(code, "C library's English")
    # English keeps the system's words; without them, eitflow's
    assert why_not_written(exc, "fr") == fr and why_not_written(exc, "en") == "C library's English"
    assert why_not_written(OSError(code, ""), "en") == en
    # an error it does not know keeps the system's words
    assert why_not_written(OSError(errno.EIO, "Input/output error"), "fr") == "Input/output error"


def test_one_language_per_command_line(tmp_path, monkeypatch):
    """In a French session, a command that names an English scenario (no `lang:`) speaks English
    from end to end: its usage errors, its input problems and its lines alike (before, its input
    problems were French and its 'ok:' line English); a French scenario speaks French; the
    session's language is for lines that name no readable scenario."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    english = write_scenario(tmp_path / "en")
    assert _invoke(["validate", str(english)]).output.startswith("ok: ")
    assert "Error: No such option '--lang-x'" in _invoke(["validate", str(english), "--lang-x"]).output
    bad = write_scenario(tmp_path / "bad", sites="site_id,name,lat,lon\nUVE,x,95,3\n")
    said = _invoke(["validate", str(bad)]).output
    assert said.startswith("error: invalid scenario") and "latitude" in said, said
    bad_fr = write_scenario(tmp_path / "badfr", yaml_text=SCENARIO_YAML + "lang: fr\n",
                            sites="site_id,name,lat,lon\nUVE,x,95,3\n")
    assert _invoke(["validate", str(bad_fr)]).output.startswith("erreur : scénario invalide")
    assert _invoke(["validate", str(tmp_path / "absent.yaml")]).output.startswith("erreur : scénario invalide")


def test_a_run_in_french_is_reported_in_french_later(tmp_path):
    """`eitflow run SCEN --lang fr --report` wrote a French report, but summary.json did not keep
    the language: a later `eitflow report DIR --pdf` (to add the PDFs) wrote report.html again in
    English over the French one, and English PDFs. The run's --lang is now its language."""
    import json

    english = write_scenario(tmp_path / "en")
    out = tmp_path / "run"
    assert _invoke(["run", str(english), "--out", str(out), "--lang", "fr", "--report", "-q"]).exit_code == 0
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["parameters"]["lang"] == "fr"
    assert '<html lang="fr"' in (out / "report.html").read_text(encoding="utf-8")
    res = _invoke(["report", str(out)])
    assert res.exit_code == 0 and res.output.startswith("écrit "), res.output
    assert '<html lang="fr"' in (out / "report.html").read_text(encoding="utf-8")
    # --lang still chooses, and a run without --lang keeps its scenario's language
    assert _invoke(["report", str(out), "--lang", "en"]).output.startswith("wrote ")
    plain = tmp_path / "plain"
    assert _invoke(["run", str(english), "--out", str(plain), "-q"]).exit_code == 0
    assert _invoke(["report", str(plain)]).output.startswith("wrote ")
