"""A name the brief cuts is never cut inside a bracket (lead's brief review, 2026-12-07):
fos_siting's brief read 'Serre maraîchère chauffée (10 h…' and 'Chaufferie d'un réseau de chale…'
on its map, 'Usine de granulés de bois (100 kt/a…' and 'Ferme aquacole en eau chaude (…' in its
top tables: a figure with its unit cut, or an empty bracket. A cut falling inside a bracket now
ends the name before it (`report.names.short_name(..., whole_brackets=True)`); explain's and the
CLI's names are cut as before."""

from __future__ import annotations

import html
import re

from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.io.read import read_scenario
from eitflow.report.brief import render_brief
from eitflow.report.names import short_name
from eitflow.results.rundir import read_run, write_files, write_run


def test_the_cut_by_hand():
    """'Serre maraîchère chauffée (10 ha) – La Feuillane' (48 characters). In 30: its first 29
    characters, 'Serre maraîchère chauffée (10', end inside the bracket, so the name ends before it:
    'Serre maraîchère chauffée…'. In 40: the first 39, 'Serre maraîchère chauffée (10 ha) – La ',
    close their bracket: kept (stripped), 'Serre maraîchère chauffée (10 ha) – La…'. In 36: the
    first 35 end on the dash, which goes: 'Serre maraîchère chauffée (10 ha)…'. 'AB (10 ha) – La
    Feuillane' in 8: 'AB (10 ' is inside the bracket, but 'AB' is less than half of 7 characters,
    so the cut is kept: 'AB (10…'. Without `whole_brackets` (explain, the CLI), as before."""
    name = "Serre maraîchère chauffée (10 ha) – La Feuillane"
    assert len(name) == 48
    assert short_name(name, 30, True) == "Serre maraîchère chauffée…"
    assert short_name(name, 40, True) == "Serre maraîchère chauffée (10 ha) – La…"
    assert short_name(name, 36, True) == "Serre maraîchère chauffée (10 ha)…"
    assert short_name("AB (10 ha) – La Feuillane", 8, True) == "AB (10…"
    assert short_name(name, 30) == "Serre maraîchère chauffée (10…"
    assert short_name(name, 60, True) == name


def _open_bracket_cut(text: str) -> bool:
    """Whether a cut text ends inside a bracket: an ellipsis after a '(' with no ')' between."""
    return any(part.rfind("(") > part.rfind(")") for part in text.split("…")[:-1])


def test_fos_siting_brief_cuts_no_name_inside_a_bracket(tmp_path):
    """fos_siting's brief (French and English), as `eitflow site` writes it: every map label and
    every top table's route; before, four names in French cut inside a bracket."""
    sr = site(read_scenario(ROOT / "scenarios" / "fos_siting" / "scenario.yaml", confine_to_scenario_dir=False))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    for lang in ("fr", "en"):
        page = render_brief(read_run(out), lang)
        texts = [html.unescape(t) for t in re.findall(r'<g class="site-labels">.*?</g>', page, re.S)[0:1]
                 for t in re.findall(r"<text[^>]*>([^<]*)</text>", t)]
        texts += [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'<span class="route"[^>]*>(.*?)</span>', page)]
        cut = [t for t in texts if "…" in t]
        assert cut, lang   # names cut (else it proves nothing)
        bad = [t for t in texts if _open_bracket_cut(t)]
        assert bad == [], (lang, bad)
