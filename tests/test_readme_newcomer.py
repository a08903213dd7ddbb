"""The README's first sections as a newcomer follows them: what it says the bundled example gives
is what eitflow gives, and every call it writes as ``eitflow.a.b(...)`` works after a plain
``import eitflow``.

The calls are resolved in a fresh interpreter: in the test process other tests may already have
imported a submodule, which would make ``eitflow.model.pulp_model`` reachable here and not in a
newcomer's session.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"
ZONE = "CA Maubeuge Val de Sambre"

RESOLVE = """
import functools, sys
import eitflow
missing = []
for path in sys.argv[1:]:
    try:
        functools.reduce(getattr, path.split(".")[1:], eitflow)
    except AttributeError:
        missing.append(path)
print(" ".join(missing))
"""


@pytest.fixture(scope="module")
def example():
    import eitflow

    return eitflow.run_file(str(EXAMPLE))


def test_every_call_the_readme_writes_works_after_import_eitflow():
    # `eitflow.model.pulp_model.to_pulp(...)`, `eitflow.model.build.build_arrays(...)` and
    # `eitflow.results.rundir.read_run(DIR)` raised AttributeError after `import eitflow`
    calls = sorted({"eitflow" + m for m in re.findall(r"\beitflow((?:\.[A-Za-z_]\w*)+)\(", README)})
    assert "eitflow.optimise" in calls
    out = subprocess.run([sys.executable, "-c", RESOLVE, *calls], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.split() == [], "README calls that fail after `import eitflow`"


def test_the_readme_shows_the_bundled_examples_result_as_it_is(example):
    shown = re.search(r"^res\s+# (<Result [^>]+>)$", README, re.MULTILINE)
    assert shown, "the README's repr of the bundled example's result is gone"
    assert repr(example) == shown.group(1)


def test_the_readme_zone_figures_are_the_bundled_examples(example):
    said = re.search(rf'"{ZONE}" gets ([\d,]+) EUR/yr by company,\s+([\d,]+) by sink, ([\d,]+) by '
                     r"source and ([\d,]+) by half", README)
    assert said, "the README's zone figures of the bundled example are not stated per rule"
    figures = dict(zip(("company", "sink", "source", "half"), (float(g.replace(",", "")) for g in said.groups())))
    st = example.statistics
    for rule, value in figures.items():
        zones = st.zones(rule).set_index("zone")
        assert zones.loc[ZONE, "net_benefit_eur_per_yr"] == pytest.approx(value, abs=0.5), rule
    # By hand, as the README argues: at the middle of the band each partner gains half of an
    # exchange's v·x − F, and the example builds no supply, so by company the zone gets its
    # exchanges inside in full and half of each exchange with another zone.
    zone_of = st.companies().set_index("site_id")["zone"]
    links = st.links()
    inside = (links.source_site.map(zone_of) == ZONE) & (links.sink_site.map(zone_of) == ZONE)
    between = (links.source_site.map(zone_of) == ZONE) ^ (links.sink_site.map(zone_of) == ZONE)
    by_hand = links.net_benefit_eur_per_yr[inside].sum() + links.net_benefit_eur_per_yr[between].sum() / 2
    assert st.totals()["supply_build_eur_per_yr"] == 0
    assert figures["company"] == pytest.approx(by_hand, abs=0.5)
