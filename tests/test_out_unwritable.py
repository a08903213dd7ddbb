"""`eitflow pareto --out DIR` and `eitflow import hotmaps --out DIR` where DIR cannot be made
(here under /proc, where even root cannot create a directory; likewise a read-only disk) ended
on Python tracebacks (FileNotFoundError from mkdir), pareto's after the whole front was solved.
They now end as an unwritable --csv does: "error: cannot write DIR: <why in words>", exit 2, no
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main

ZAE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"
NOWHERE = Path("/proc/eitflow-no-such-dir/front")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("lang, said", [("en", f"error: cannot write {NOWHERE}: "),
                                        ("fr", f"erreur : impossible d'écrire {NOWHERE} : ")])
def test_an_out_directory_that_cannot_be_made_is_said(lang, said):
    r = CliRunner().invoke(main, ["pareto", str(ZAE), "--points", "2", "--out", str(NOWHERE), "--lang", lang])
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert "Traceback" not in r.output and not isinstance(r.exception, OSError), r.output
    assert said in r.output, r.output


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
@pytest.mark.skipif(not (SHARED / "hotmaps" / "Industrial_Database.csv").is_file(),
                    reason="needs ../shared/data (Hotmaps and INSEE)")
@pytest.mark.parametrize("lang, said", [("en", f"error: cannot write {NOWHERE.parent}: "),
                                        ("fr", f"erreur : impossible d'écrire {NOWHERE.parent} : ")])
def test_an_import_out_directory_that_cannot_be_made_is_said(lang, said):
    # the directory named is the one that could not be made: --out's parent here
    r = CliRunner().invoke(main, ["import", "hotmaps", str(SHARED / "hotmaps" / "Industrial_Database.csv"),
                                  "--communes", str(SHARED / "insee" / "communes_2024.csv"), "--departements", "90",
                                  "--out", str(NOWHERE), "--lang", lang])
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert not isinstance(r.exception, OSError), r.exception
    assert said in r.output, r.output
