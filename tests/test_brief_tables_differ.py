"""The brief's two top tables never list the same exchanges (lead's brief review, 2026-12-07:
dunkerque_dh's brief showed 'Les 4 synergies au plus fort bénéfice net' and 'Les 4 synergies qui
évitent le plus de CO2', the same four rows in the same order, as did fos_siting's). Each table
has its use: what pays most, and what does most for the climate; where the first by one figure
are the first by the other, one table says both ('..., aussi celles qui évitent le plus de
CO2'), and where it lists every exchange of the plan, it says so ('Les 5 synergies retenues').

The exchanges are read from matches.csv here (each row's sites by name, ranked by pandas on its
two figures after shares), not from the brief's code."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from brief_runs import SCENARIOS, bundled_run
from conftest import ROOT
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run


def tables(page: str) -> dict[str, tuple[str, list[str]]]:
    """Each top table of the brief by id: its heading and its rows' routes ('A → B'), as text."""
    out = {}
    for head, tid, body in re.findall(r'<div class="top"><h2>(.*?)</h2><div class="tablewrap"><table id="([^"]+)">'
                                      r'.*?<tbody>(.*?)</tbody>', page, re.S):
        routes = [html.unescape(re.sub(r"<[^>]+>", "", r)).strip()
                  for r in re.findall(r'<span class="route"[^>]*>(.*?)</span>', body)]
        out[tid] = (html.unescape(head), routes)
    return out


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.slow
def test_no_two_tables_list_the_same_rows(name, tmp_path):
    """Every bundled brief, French and English: where it has two tables, their rows differ."""
    run = read_run(bundled_run(name, tmp_path / "run"))
    for lang in ("fr", "en"):
        got = tables(render_brief(run, lang))
        assert got, (name, lang)   # tables read (else it proves nothing)
        if len(got) == 2:
            assert sorted(got["top-net"][1]) != sorted(got["top-co2"][1]), (name, lang, got)


def test_dunkerque_one_table_of_both(tmp_path, monkeypatch):
    """dunkerque_dh: 9 exchanges; by net benefit after shares its first four are its first four
    by CO2 avoided too, its first five not (matches.csv, ranked here). With a right column of 250
    px (its room made smaller: 9 rows in one table take 61.5 + 9 x 31.5 = 345 px, 6 rows 250.5, two
    tables of 5 445, one of 4 187.5 + 19.75 for the line of more): one table of those four, first
    by net benefit, its heading saying both; the line under it counts the 5 others."""
    import eitflow.report.brief as brief

    out = bundled_run("dunkerque_dh", tmp_path / "run")
    m = pd.read_csv(out / "matches.csv")
    assert len(m) == 9
    net = m.sort_values("net_benefit_after_shares_eur_per_yr", ascending=False)
    co2 = m.sort_values("co2_avoided_after_shares_t_per_yr", ascending=False)
    assert set(net.index[:4]) == set(co2.index[:4]) and set(net.index[:5]) != set(co2.index[:5])
    monkeypatch.setattr(brief, "TOP_ROOM_PX", 250.0)
    page = render_brief(read_run(out), "fr")
    got = tables(page)
    assert list(got) == ["top-net"], got
    head, routes = got["top-net"]
    assert head == "Les 4 synergies au plus fort bénéfice net, aussi celles qui évitent le plus de CO2"
    assert len(routes) == 4
    # each row the sites of matches.csv's rows in that order, by their names in sites.csv
    names = dict(pd.read_csv(ROOT / "scenarios" / "dunkerque_dh" / "sites.csv")[["site_id", "name"]].to_numpy())
    # (a name cut where long: what is shown, up to its ellipsis, starts the name)
    for route, (a, b) in zip(routes, net[["source_site", "sink_site"]].to_numpy()[:4]):
        ends = [e.split("…")[0].strip() for e in route.split(" → ")]
        assert names[a].startswith(ends[0]) and names[b].startswith(ends[1]) and min(map(len, ends)) >= 20, (route, a, b)
    assert "et 5 autres synergies retenues" in html.unescape(page)
    en = tables(render_brief(read_run(out), "en"))
    assert en["top-net"][0] == "Top 4 synergies by net benefit, also the top 4 by CO2 avoided"


@pytest.mark.parametrize("name, n", [("dunkerque_dh", 9), ("fos_siting", 5), ("redon_h2", 6), ("tavaux_h2", 9)])
@pytest.mark.slow
def test_every_exchange_in_one_table(name, n, tmp_path):
    """dunkerque_dh, fos_siting (`eitflow site`), redon_h2 and tavaux_h2: 9, 5, 6 and 9 exchanges
    (matches.csv's rows), all in one table, in the room the two tables had (dunkerque_dh's two
    listed the same 4 rows and '... et 5 autres'): 'Les 9 synergies retenues, par bénéfice net' / 'The 9 chosen synergies, by
    net benefit', no line of more; its rows ranked by net benefit after shares (matches.csv)."""
    out = bundled_run(name, tmp_path / "run")
    m = pd.read_csv(out / "matches.csv")
    assert len(m) == n and (m["mode"] != "network").all()
    for lang, head in (("fr", f"Les {n} synergies retenues, par bénéfice net"), ("en", f"The {n} chosen synergies, by net benefit")):
        page = render_brief(read_run(out), lang)
        got = tables(page)
        assert list(got) == ["top-net"] and got["top-net"][0] == head and len(got["top-net"][1]) == n, (lang, got)
        assert 'class="note more"' not in page, lang
        shown = [float(v) for v in re.findall(r'<td class="n" data-v="([^"]+)"', page.split('id="top-net"')[1])[::2]]
        assert shown == pytest.approx(sorted(m["net_benefit_after_shares_eur_per_yr"], reverse=True)), lang
