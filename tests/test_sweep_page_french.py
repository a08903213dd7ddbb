"""sweep.html's table in French: its header said 'run id' and 'prices.heat' (the column names)
in a French page whose figure names the same parameter 'prix de la chaleur (× base)'. The
parameter is now headed as the figure's axis names it, and the run's id in French."""
from __future__ import annotations

import re

import pandas as pd

from eitflow.report.names import param_label
from eitflow.report.plots import write_sweep_plots


def test_a_french_sweep_pages_table_is_headed_in_french(tmp_path):
    df = pd.DataFrame({"run_id": ["r1", "r2"], "base": ["maubeuge", "maubeuge"], "prices.heat": [0.9, 1.1],
                       "carbon_price_eur_per_t": [50.0, 100.0], "status": ["optimal", "optimal"],
                       "net_benefit_eur_per_yr": [1.0e6, 1.2e6], "co2_avoided_t_per_yr": [500.0, 520.0],
                       "investment_eur": [2.0e6, 2.0e6], "n_links": [3, 3], "gap": [0.0, 0.0]})
    params = ["carbon_price_eur_per_t", "prices.heat"]
    paths = write_sweep_plots(df, params, tmp_path, "fr", labels={p: param_label(p, "fr") for p in params})
    page = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    heads = re.findall(r"<th>(.*?)</th>", page)
    assert heads[:4] == ["identifiant du calcul", "scénario de base", "prix du carbone (€/tCO2)",
                         "prix de la chaleur (× base)"], heads
    assert "prices.heat" not in heads and "run id" not in heads
