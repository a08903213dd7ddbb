"""`eitflow report RUN --out FILE` never writes its HTML over a file that is not a report."""
from __future__ import annotations

from click.testing import CliRunner

from conftest import write_scenario
from eitflow.cli.main import main as group


def _run(tmp_path):
    scen = write_scenario(tmp_path / "scen")
    out = tmp_path / "run"
    r = CliRunner().invoke(group, ["run", str(scen), "--out", str(out), "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out


def test_report_out_refuses_to_write_over_one_of_the_runs_tables(tmp_path):
    """`eitflow report RUN --out RUN/matches.csv` (a slip of the completion key) wrote the
    HTML report over matches.csv and said 'écrit RUN/matches.csv': the run's chosen exchanges
    were gone, and every later command on the run stopped on pandas' traceback ('Error
    tokenizing data'). A file that is there and is not an HTML file is refused, untouched."""
    run = _run(tmp_path)
    for name in ("matches.csv", "summary.json"):
        before = (run / name).read_bytes()
        for lang, words in (("fr", "n'est pas un fichier HTML"), ("en", "is not an HTML file")):
            r = CliRunner().invoke(group, ["report", str(run), "--out", str(run / name), "--lang", lang])
            assert r.exit_code == 2, (name, lang, r.output)
            assert words in r.output and str(run / name) in r.output, r.output
            assert "Traceback" not in r.output
            assert (run / name).read_bytes() == before, name
    # a new file, an earlier report and a .htm file are written as before
    for target in (tmp_path / "rapport.html", run / "report.html", tmp_path / "zae.HTM"):
        r = CliRunner().invoke(group, ["report", str(run), "--out", str(target), "--lang", "fr"])
        assert r.exit_code == 0, r.output
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_run_table_that_is_not_a_csv_file_is_said_not_a_traceback(tmp_path):
    """A run whose matches.csv was overwritten (by the report above, before its fix, or by an
    editor) made `eitflow report` print pandas' traceback ('Error tokenizing data. C error:
    Expected 1 fields in line 3, saw 2'); it now names the file, in the run's language, exit 2."""
    run = _run(tmp_path)
    (run / "matches.csv").write_text("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n"
                                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
                                     encoding="utf-8")
    for lang, words in (("fr", "illisible"), ("en", "cannot be read")):
        r = CliRunner().invoke(group, ["report", str(run), "--lang", lang])
        assert r.exit_code == 2, r.output
        assert str(run / "matches.csv") in r.output and words in r.output, r.output
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
