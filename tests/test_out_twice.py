"""`eitflow zones --csv t.csv --flows-csv t.csv` (one file for two tables) solved, wrote the
zone totals to t.csv, then refused the exchanges between zones, saying "choose another --csv"
though --csv was not the option refused; `alternatives --csv d.csv --diff-csv d.csv` likewise.
Two table options naming one file (as written or through another path to it) are refused
before any solve, both named, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main

ZAE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.mark.parametrize("args, said", [
    (["zones", "--csv", "{t}", "--flows-csv", "{u}", "--lang", "en"],
     "is given to both --csv and --flows-csv: each table needs a file of its own"),
    (["zones", "--amounts-csv", "{t}", "--flows-csv", "{u}", "--lang", "fr"],
     "est donné à la fois à --flows-csv et à --amounts-csv : chaque table a besoin de son propre fichier"),
    (["alternatives", "-k", "1", "--csv", "{t}", "--diff-csv", "{u}", "--lang", "en"],
     "is given to both --csv and --diff-csv"),
])
def test_one_file_for_two_tables_is_refused_before_solving(tmp_path, monkeypatch, args, said):
    monkeypatch.chdir(tmp_path)
    t, u = tmp_path / "t.csv", "./t.csv"   # the same file, written two ways
    r = CliRunner().invoke(main, [args[0], str(ZAE), *[a.format(t=t, u=u) for a in args[1:]]],
                           env={"COLUMNS": "300"})
    assert r.exit_code == 2, r.output
    assert said in " ".join(r.output.split()), r.output
    assert "status:" not in r.output and "statut" not in r.output   # refused before the solve
    assert not t.exists()
