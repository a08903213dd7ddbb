"""`eitflow site --no-rank` said "ranking of 0 candidate placements in .../ranking.csv" ("classement
de 0 implantations candidates"), as if no plot could take any activity, on fos_siting, whose
ranking has 12 candidate placements (six activities, 3 + 3 + 3 + 1 + 1 + 1 allowed plots, by
hand from plots.csv's allowed and excluded uses). It now says the plots were not ranked and why
ranking.csv is empty; without --no-rank the count is unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main

FOS = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting" / "scenario.yaml"


@pytest.mark.parametrize("lang, said", [
    ("en", "plots not ranked (--no-rank):"),
    ("fr", "parcelles non classées (--no-rank) :"),
])
def test_no_rank_says_the_plots_were_not_ranked(tmp_path, lang, said):
    r = CliRunner().invoke(main, ["site", str(FOS), "--out", str(tmp_path / "run"), "--lang", lang, "--no-rank"],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert said in r.output, r.output
    assert "0 candidate placements" not in r.output and "classement de 0" not in r.output, r.output
    assert len(pd.read_csv(tmp_path / "run" / "ranking.csv")) == 0


def test_a_ranked_run_still_counts_its_placements(tmp_path):
    r = CliRunner().invoke(main, ["site", str(FOS), "--out", str(tmp_path / "run"), "--lang", "en"],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "ranking of 12 candidate placements in" in r.output, r.output
    assert "not ranked" not in r.output


@pytest.mark.parametrize("extra, said", [
    (["--rank-top", "2"], "note: --rank-top sets the ranking of the plots, which --no-rank skips: it changes nothing"),
    (["--rank-top", "2", "--rank-time-limit", "5"],
     "note: --rank-top and --rank-time-limit set the ranking of the plots, which --no-rank skips: they change nothing"),
])
def test_ranking_options_with_no_rank_are_said_to_do_nothing(tmp_path, extra, said):
    """`site --no-rank --rank-top 2` took --rank-top and did nothing with it, silently."""
    r = CliRunner().invoke(main, ["site", str(FOS), "--out", str(tmp_path / "run"), "--lang", "en", "--no-rank",
                                  "-q", *extra], env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert said in " ".join(r.output.split()), r.output


def test_ranking_options_without_no_rank_say_nothing_of_it(tmp_path):
    r = CliRunner().invoke(main, ["site", str(FOS), "--out", str(tmp_path / "run"), "--lang", "en", "--rank-top", "1",
                                  "-q"], env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert "changes nothing" not in r.output and "change nothing" not in r.output
