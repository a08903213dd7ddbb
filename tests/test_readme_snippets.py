"""The README's Python snippets ("Using it" and "Every figure from one place") run as written,
one after another in one fresh interpreter (as a newcomer pastes them), from the repository's
root; what they claim of their results holds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _snippets() -> list[str]:
    start, end = README.index("## Using it"), README.index("## Tutorial: from a template to a report")
    return re.findall(r"```python\n(.*?)```", README[start:end], re.DOTALL)


CHECK = """
import json, eitflow
out = {"pulp_status": pulp_res.status, "pulp_objective": pulp_res.objective,
       "own_objective": eitflow.optimise(frames_scen).objective,
       "trucks": sum(t.value() for t in trucks), "extra_flow": float(extra_res.matches["amount"].sum()),
       "stats_repr": repr(res)}
print("CHECK " + json.dumps(out))
"""


def test_the_readme_snippets_run_as_written():
    blocks = _snippets()
    assert len(blocks) >= 5, "the README's Python snippets are gone"
    # each snippet as written; between them, its results kept under names of their own (the
    # snippets reuse `res` and `scen`)
    keep = {0: "frames_scen = scen\n", 1: "extra_res = res\n", 2: "pulp_res = res\n"}
    script = "".join(b + keep.get(i, "") for i, b in enumerate(blocks)) + CHECK
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(next(ln for ln in out.stdout.splitlines() if ln.startswith("CHECK "))[6:])
    # the fleet of 20 trucks of 1,000 MWh/yr does not bind the one link, 9,055 MWh/yr sent (10
    # trucks at least, nothing asks for fewer): the PuLP model's optimum is eitflow's own
    assert got["pulp_status"] == "optimal"
    assert abs(got["pulp_objective"] - got["own_objective"]) <= 1e-6 * got["own_objective"]
    assert 10 <= got["trucks"] <= 20
    # `extra`: the flows add up to at most 8,000 (supply units/yr), here exactly: the link pays
    assert abs(got["extra_flow"] - 8000.0) <= 1e-6
    assert got["stats_repr"].startswith("<Result optimal: 15,063,908.64 EUR/yr")
