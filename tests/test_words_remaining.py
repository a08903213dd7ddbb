"""The wording rules' remaining cases (words13).

Before:
1. `eitflow init`'s README said a column's bounds ">= -90 and <= 90" (`io.schema`'s glosses,
   "a minimum amount >= 0", "12 monthly shares >= 0"), and the bench's own lines "= >=x3.0";
   every text people read now says ≥ and ≤ (machine files keep ASCII).
"""
from __future__ import annotations

import re

import pytest

ASCII_CMP = re.compile(r"[<>]=")


# -- 1. ≥ and ≤ in eitflow init's README and the bench's texts ---------------------------------------

@pytest.mark.parametrize("lang,lat", [("en", "latitude, WGS84; ≥ -90 and ≤ 90"),
                                      ("fr", "latitude, WGS84 ; ≥ -90 et ≤ 90")])
def test_init_readme_says_bounds_typographically(tmp_path, lang, lat):
    from click.testing import CliRunner

    from eitflow.cli.main import main

    r = CliRunner().invoke(main, ["init", str(tmp_path / "t"), "--lang", lang, "--network"])
    assert r.exit_code == 0, r.output
    readme = (tmp_path / "t" / "README.md").read_text(encoding="utf-8")
    assert not ASCII_CMP.findall(readme), [ln for ln in readme.splitlines() if ASCII_CMP.search(ln)]
    assert lat in readme
    # the minimum amount's bound, and the monthly profile's shares, as glossed
    assert "≥ 0" in readme and ("12 monthly shares ≥ 0" if lang == "en" else "12 parts mensuelles ≥ 0") in readme


def test_the_repository_readme_says_bounds_typographically():
    """README.md's generated column tables (`io.schema.update_readme`) as eitflow init's."""
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- schema:(?!parameters)\w+ -->\n(.*?)<!-- /schema -->", text, re.S)
    assert blocks
    said = [ln for b in blocks for ln in b.splitlines() if ASCII_CMP.search(ln)]
    assert said == []


def test_the_bench_lines_say_at_least():
    """A naive solver that did not reach its gap target: its time is a floor of the speed-up,
    'x2.5' at least (10 s / 4 s by hand)."""
    from eitflow.bench.harness import progress_line
    from eitflow.bench.ratio import progress_text

    rec = {"name": "case", "status": "optimal", "objective": 1.0, "gap": 0.0,
           "timings_s": {"total": 4.0, "candidates": 1.0, "build": 1.0, "solve": 2.0},
           "sizes": {"candidate_links": 10, "components": 1}, "memory": {"peak_rss_mb": 100.0},
           "comparison": {"naive_reached_gap_target": False, "naive_s": 10.0, "eitflow_s": 4.0, "speedup": 2.5,
                          "objectives_agree_within_gap": True}}
    line = progress_line(1, 1, rec)
    assert "= ≥x2.5" in line and not ASCII_CMP.search(line), line
    cmp_ = {"speedup_is_lower_bound": True, "speedup": 2.5, "plain": {"median_s": 10.0, "gap_at_limit": None},
            "eitflow": {"median_s": 4.0, "runs": [4.0, 4.0, 4.0]}}
    said = progress_text(cmp_)
    assert "= ≥x2.5" in said and not ASCII_CMP.search(said), said


def test_the_bench_refuses_workers_saying_at_least(tmp_path):
    from click.testing import CliRunner

    from eitflow.cli.main import main

    r = CliRunner().invoke(main, ["bench", "run", "smoke", "--workers", "0", "--out", str(tmp_path / "x.json")])
    assert r.exit_code != 0
    assert "≥ 1" in r.output and not ASCII_CMP.search(r.output), r.output


# -- 5. a gap said one way: two decimals at most, "< 0,01 %" under them ---------------------------

NBSP = "\xa0"


@pytest.mark.parametrize("v,fr,en", [
    (0.0, f"0{NBSP}%", "0%"),
    (0.00004, f"<{NBSP}0,01{NBSP}%", f"<{NBSP}0.01%"),          # 0.004 %: not 0, under the step
    (0.0001, f"0,01{NBSP}%", "0.01%"),
    (0.00075, f"0,08{NBSP}%", "0.08%"),                        # 0.075 % to two decimals
    (0.001, f"0,1{NBSP}%", "0.1%"),                            # the default target, no trailing 0
    (0.0123, f"1,23{NBSP}%", "1.23%"),
    (0.05, f"5{NBSP}%", "5%"),
])
def test_a_gap_is_said_to_two_decimals_at_most(v, fr, en):
    from eitflow.i18n import gap_percent

    assert (gap_percent(v, "fr"), gap_percent(v, "en")) == (fr, en)


def _summary(gap, target=0.001, status="optimal"):
    return {"status": status, "objective": 1_000_000.0, "objective_unit": "EUR/yr", "gap": gap,
            "mip_gap_target": target, "bound": 1_000_000.0 * (1 + gap), "counts": {"chosen_links": 1}}


@pytest.mark.parametrize("lang,said", [("fr", f"écart <{NBSP}0,01{NBSP}% ≤ cible 0,1{NBSP}%"),
                                       ("en", f"gap <{NBSP}0.01% ≤ target 0.1%")])
def test_the_status_line_and_the_report_say_a_gap_alike(lang, said):
    """A gap of 0.00004 (40 EUR/yr on 1,000,000) under the default target 0.001: the status line
    read 'écart 0,0000 % ≤ cible 0,1000 %', the report 'écart 0,00 %, cible 0,10 %'."""
    from eitflow.report.tables import status_words
    from eitflow.results.summary import status_line

    line = status_line(_summary(0.00004), lang)
    assert said in line, line
    head = " ".join(status_words(_summary(0.00004), lang))
    gap, target = said.split(" ≤ ")
    assert gap.split(" ", 1)[1] in head and target.split(" ", 1)[1] in head, head


@pytest.mark.parametrize("lang,said", [("fr", f"écart 1,23{NBSP}%"), ("en", "gap 1.23%")])
def test_a_stopped_run_says_its_gap_as_the_report(lang, said):
    """A run stopped at its time limit 1.23 % from its bound: the status line said 1,2300 %."""
    from eitflow.report.tables import status_words
    from eitflow.results.summary import gap_text, status_line

    s = {**_summary(0.0123, status="time_limit"), "time_limit_s": 60.0}
    assert said in status_line(s, lang), status_line(s, lang)
    assert said.split(" ", 1)[1] == gap_text(s, lang)
    assert gap_text(s, lang) in " ".join(status_words(s, lang))
