"""results.xlsx's exchanges sheet gave a company's connection to a shared network "0" km of
route and of straight line (Ludres backbone: 8 of its 10 exchanges), read as a pipe of no
length; the report shows "—" there since 1be3e3c. The sheet now leaves those two cells empty
and its headers' notes say why (the report's sentence, `km_network_connection`); a pipe keeps
its km, as in matches.csv, which keeps 0 for a connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import eitflow
from eitflow.i18n import text
from eitflow.report.workbook import write_results_workbook

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    res = eitflow.run_file(LUDRES / "scenario.yaml")
    path = write_results_workbook(res, tmp_path_factory.mktemp("wb") / "results.xlsx", "fr")
    return res, load_workbook(path)["échanges"]


def test_a_connection_to_the_network_has_no_km_in_the_workbook(book):
    res, ws = book
    head = [c.value for c in ws[1]]
    src, snk = head.index("source"), head.index("usage")
    route, line = head.index("longueur du tracé (km)"), head.index("distance à vol d'oiseau (km)")
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[src] is not None]
    m = res.matches.set_index(["source_site", "sink_site"])
    n_conn = 0
    for r in rows:
        if str(r[src]).startswith("network:") or str(r[snk]).startswith("network:"):
            n_conn += 1
            assert r[route] is None and r[line] is None, r[:4]
        else:   # a pipe: its route, as matches.csv (more than the straight line)
            assert r[route] == pytest.approx(float(m.at[(r[src], r[snk]), "distance_km"]))
            assert r[route] > r[line] > 0
    # the backbone's optimum: 2 suppliers' injections and 6 deliveries through the network
    assert n_conn == 8 and len(rows) == 10
    note = ws.cell(1, route + 1).comment.text
    assert note.startswith("matches.csv: distance_km") and text("km_network_connection", "fr") in note
