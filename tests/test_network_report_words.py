"""Two sentences of the Ludres backbone's French report that read wrong (eitflow issue #15): the
Sankey diagram's tooltip of the network's losses ("Réseau de chaleur → Réseau de chaleur :
pertes : pertes du réseau le long des tronçons, 2 776 MWh/an"; its node "reçu : pertes du
réseau...") and the exchanges table's "0,0" km for a company's connection to the network, read
as a pipe of no length. The losses' amount is the balance's (summary.json), said once."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

import eitflow
from eitflow.i18n import amount
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def ludres(tmp_path_factory):
    res = eitflow.run_file(LUDRES / "scenario.yaml")
    out = write_run(res, tmp_path_factory.mktemp("ludres") / "run")
    return res, htmllib.unescape(write_report(out, lang="fr").read_text(encoding="utf-8"))


def test_the_losses_tooltip_is_one_sentence(ludres):
    res, page = ludres
    lost = res.summary["networks"]["by_resource"]["heat"]["balance"]["losses"]
    said = f"Réseau de chaleur : {amount(lost, 'fr')} MWh/an perdus le long de ses tronçons"
    titles = re.findall(r"<title>([^<]*)</title>", page)
    assert titles.count(said) == 2           # the losses' node and the band into it
    assert not [t for t in titles if "pertes : pertes" in t or "reçu : pertes" in t]


def test_a_connection_to_the_network_has_no_route_length(ludres):
    """Each exchange row through the network (the network as source or sink) shows "—" with
    its explanation where its km were; the other exchanges keep their route length."""
    res, page = ludres
    t = page[page.index("<h2>Échanges retenus"):]
    t = t[t.index("<tbody>"):t.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", t, re.S)
    net = [r for r in rows if "network:heat" in r]
    other = [r for r in rows if "network:heat" not in r]
    assert net and other
    for r in net:
        assert re.search(r'<td class="n" data-v="0" title="raccordement au réseau mutualisé[^"]*">—</td>', r)
    km = {round(float(k), 1) for k in res.matches.loc[res.matches["mode"] != "network", "distance_km"]}
    shown = set()
    for r in other:
        cells = re.findall(r'<td class="n" data-v="([^"]*)">', r)
        shown |= {round(float(v), 1) for v in cells if v not in ("", "nan")}
    assert km <= shown
