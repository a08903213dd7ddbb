"""A sweep over a base with activities to place (fos_siting) solves its territory without them,
as `eitflow run` does: every run is 0 €/an (none of its four flows pays on its own, fos_siting's
README: `run` gives 0 EUR/yr). The terminal said so once before solving; the sweep's report.html,
what is handed on, showed 0 €/an, 0 tCO2/an and 0 exchanges with no word of why. It now says it
under the runs' status, and sweep.json keeps which bases were left so."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

SCEN = Path(__file__).resolve().parents[1] / "scenarios"


def _sweep(tmp_path: Path, base: str, lang: str) -> Path:
    from eitflow.cli.sweep import sweep_cmd

    f = tmp_path / "sweep.yaml"
    f.write_text(f"bases:\n  b: {SCEN / base / 'scenario.yaml'}\ngrid:\n  carbon_price_eur_per_t: [50]\n",
                 encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(f), "--out", str(out), "--workers", "0", "-q", "--lang", lang])
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("lang, said", [
    ("fr", "note : le scénario de base b a des activités à implanter sur des parcelles libres"),
    ("en", "note: base scenario b has activities to place on free plots"),
])
def test_the_sweep_page_says_a_bases_activities_were_left_out(tmp_path, lang, said):
    out = _sweep(tmp_path, "fos_siting", lang)
    assert json.loads((out / "sweep.json").read_text(encoding="utf-8"))["sited"] == ["b"]
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert 'id="siting-note"' in page and said in page


def test_a_sweep_without_activities_to_place_says_nothing_of_them(tmp_path):
    out = _sweep(tmp_path, "tavaux_h2", "en")
    assert json.loads((out / "sweep.json").read_text(encoding="utf-8"))["sited"] == []
    assert 'id="siting-note"' not in (out / "report.html").read_text(encoding="utf-8")
