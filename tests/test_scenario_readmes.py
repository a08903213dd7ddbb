"""A bundled scenario's README quotes what `eitflow run` prints for it: the same lines today.

dunkerque_dh and tavaux_h2 quoted an eitflow 0.1.0 run for a year of changes: their
objective, CO2 and investment (18.74 M EUR where the plan's investment, heat pump included,
is 22.23 M) disagreed with what the command printed. Each README's quoted block (the lines
from "status:" to the closing fence) must be the start of the command's output, word for word.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

QUOTED = re.compile(r"^```\n(status: .*?)\n```", re.S | re.M)
READMES = sorted(p for p in (ROOT / "scenarios").glob("*/README.md") if QUOTED.search(p.read_text(encoding="utf-8")))


def test_the_readmes_that_quote_a_run_are_found():
    assert {p.parent.name for p in READMES} >= {"dunkerque_dh", "redon_h2", "tavaux_h2"}


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.parent.name)
def test_a_scenario_readme_quotes_todays_run(readme, tmp_path):
    text = readme.read_text(encoding="utf-8")
    quoted = QUOTED.search(text).group(1).splitlines()
    # the language the README's command asks for (a French scenario quoted in an English README)
    command = re.search(r"`eitflow run [^`]*`", text)
    lang = re.search(r"--lang \w+", command.group(0)) if command else None
    extra = lang.group(0).split() if lang else []
    r = CliRunner().invoke(main, ["run", str(readme.parent / "scenario.yaml"), "--out", str(tmp_path / "run"), *extra])
    assert r.exit_code == 0, r.output
    # a sum's no-break space before its currency (`i18n.MONEY_SPACE`, the terminal's as the pages')
    # reads as the space the README's quote has
    printed = [ln.replace("\xa0", " ") for ln in r.output.splitlines()]
    quoted = [ln.replace("\xa0", " ") for ln in quoted]
    assert printed[:len(quoted)] == quoted, f"{readme} quotes another run than today's:\n" + "\n".join(printed)


def test_ludres_readme_says_the_difference_compare_says(tmp_path):
    """ludres_backbone's README table put the network's gain over point to point at
    '+164,572' (4,166,680 - 4,002,108, the rounded figures subtracted) while `eitflow compare`
    of the two runs says +164 571: 4,166,679.50 - 4,002,108.36 = 164,571.14 EUR/yr, worked out
    here from the two runs' summary.json. Its net benefit, investment and CO2 rows are those of
    the two runs, to the unit."""
    import json

    scen, runs = ROOT / "scenarios" / "ludres_backbone", {}
    for name in ("scenario", "point_to_point"):
        out = tmp_path / name
        r = CliRunner().invoke(main, ["run", str(scen / f"{name}.yaml"), "--out", str(out)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        runs[name] = json.loads((out / "summary.json").read_text())["totals"]
    net, p2p = runs["scenario"]["net_benefit_eur_per_yr"], runs["point_to_point"]["net_benefit_eur_per_yr"]
    row = next(ln for ln in (scen / "README.md").read_text(encoding="utf-8").splitlines()
               if ln.startswith("| net benefit (EUR/yr)"))
    cells = [c.strip().strip("*") for c in row.strip("|").split("|")]
    assert cells[1:3] == [f"{round(net):,}", f"{round(p2p):,}"], cells
    assert cells[3].startswith(f"+{round(net - p2p):,} "), (cells[3], net - p2p)
