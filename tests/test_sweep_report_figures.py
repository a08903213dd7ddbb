"""The figures of a sweep's report (report.html) against its own tables, worked out by hand."""
from __future__ import annotations

import re
from html import unescape

import pandas as pd

from eitflow.report.sweep import render_sweep_html

FREQ_COLS = ["base", "source_site", "sink_site", "supply_resource", "demand_resource", "mode", "n_runs", "n_chosen",
             "chosen_pct", "amount_mean", "amount_min", "amount_max", "unit", "net_benefit_mean_eur_per_yr"]


def _results(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame({"run_id": [f"r{i}" for i in range(len(rows))], "base": [b for b, _, _ in rows],
                         "carbon_price_eur_per_t": [50.0 * (i + 1) for i in range(len(rows))],
                         "status": "optimal", "objective": [n for _, n, _ in rows], "objective_unit": "EUR/yr",
                         "bound": [n for _, n, _ in rows], "gap": 0.0,
                         "net_benefit_eur_per_yr": [n for _, n, _ in rows],
                         "co2_avoided_t_per_yr": [c for _, _, c in rows], "investment_eur": 0.0, "n_links": 1,
                         "message": ""})


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _cards(html: str) -> list[tuple[str, str, str]]:
    """(label, value, sub) of each key-figure card, tags stripped."""
    strip = lambda s: re.sub(r"<[^>]+>", " ", s).split()  # noqa: E731
    return [(" ".join(strip(a)), " ".join(strip(b)), " ".join(strip(c))) for a, b, c in re.findall(
        r'<div class="card"[^>]*><div class="label">(.*?)</div><div class="value">(.*?)</div>'
        r'<div class="sub">(.*?)</div></div>', html)]


def test_the_key_figures_of_a_sweep_of_two_territories_are_each_territorys():
    """A sweep of two bases (the bundled carbon_and_heat.yaml: Maubeuge's park, 10-21 M€/an, and
    Dunkerque, 69-182 M€/an) headlined 'Bénéfice net · médiane 45,1 M€/an' and 'CO2 évité ·
    médiane 376,3 k tCO2/an': the median of the two territories' runs pooled, a figure between
    them that no run of either reaches. Each territory's median is its own."""
    # base 'parc': 10, 20, 30 M€/an (median 20 M), 1,000 / 2,000 / 9,000 t (median 2,000);
    # base 'port': 100 and 300 M€/an (median 200 M), 50,000 and 70,000 t (median 60,000).
    # Pooled, the medians would be 30 M€/an and 9,000 t: neither base's.
    res = _results([("parc", 10e6, 1000.0), ("parc", 20e6, 2000.0), ("parc", 30e6, 9000.0),
                    ("port", 100e6, 50000.0), ("port", 300e6, 70000.0)])
    freq = pd.DataFrame(columns=FREQ_COLS)
    # each card at three significant digits, zeros kept (`i18n.card_figure`): 20.0 M, 200 M, 2.00 k
    for lang, net, co2, pooled in (("fr", ["20,0 M", "200 M"], ["2,00 k", "60,0 k"], ("30,0 M", "9,00 k")),
                                   ("en", ["20.0M", "200M"], ["2.00K", "60.0K"], ("30.0M", "9.00K"))):
        cards = _cards(render_sweep_html(res, freq, {"name": "t"}, "", {}, lang))
        values = [v for _, v, _ in cards]
        assert not any(_plain(v).startswith(pooled) for v in values), cards
        for base, n, c in zip(("parc", "port"), net, co2):
            mine = [(lab, v, s) for lab, v, s in cards if base in lab]
            assert any(_plain(v).startswith(n + (" " if lang == "fr" else "")) for _, v, _ in mine), (base, cards)
            assert any(_plain(v).startswith(c) for _, v, _ in mine), (base, cards)
        # each range is the base's own: parc 10 M to 30 M, port 100 M to 300 M
        subs = " | ".join(s for lab, _, s in cards if "parc" in lab)
        assert ("10,0 M" in _plain(subs) or "10.0M" in subs) and "100" not in subs, subs


def test_the_key_figures_of_a_sweep_of_one_territory_name_no_base():
    """One base: the cards are as before, one median each, with no base's name in their label."""
    res = _results([("parc", 10e6, 1000.0), ("parc", 20e6, 2000.0), ("parc", 30e6, 9000.0)])
    cards = _cards(render_sweep_html(res, pd.DataFrame(columns=FREQ_COLS), {"name": "t"}, "", {}, "en"))
    assert [lab for lab, _, _ in cards][:2] == ["Net benefit · median", "CO2 avoided · median"], cards
    assert cards[0][1] == "20.0M EUR/yr" and cards[1][1] == "2.00K tCO2/yr", cards


def test_the_sweep_figure_says_its_parameters_ticks_in_french():
    """The French sweep report's plot read its heat-availability axis '0.75 0.80 0.85' and its
    heat-price axis '0.6 ... 1.2' (decimal points) beside 'bénéfice net (€/an)' and '200 000':
    only the y axes were said in the locale. A parameter from 0.75 to 0.95 reads 0,75 ... 0,95,
    a carbon price from 1,000 to 3,000 €/t 1 000 ... 3 000."""
    from eitflow.report.plots import sweep_figure

    res = _results([("parc", 10e6, 1000.0), ("parc", 20e6, 2000.0), ("parc", 30e6, 9000.0)])
    res["availability.heat"] = [0.75, 0.85, 0.95]
    res["carbon_price_eur_per_t"] = [1000.0, 2000.0, 3000.0]
    fig, _ = sweep_figure(res, ["availability.heat", "carbon_price_eur_per_t"], "fr")
    fig.canvas.draw()
    # one column per parameter, net benefit above CO2: (column 0: availability, 1: carbon price)
    axes = {ax.get_subplotspec().colspan.start: ax for ax in fig.axes if ax.get_subplotspec().rowspan.start == 1}
    avail = [t.get_text() for t in axes[0].get_xticklabels() if t.get_text()]
    carbon = [_plain(t.get_text()) for t in axes[1].get_xticklabels() if t.get_text()]
    assert avail and all("," in t and "." not in t for t in avail), avail
    assert "0,80" in avail or "0,8" in avail, avail
    assert "2 000" in carbon and not any("." in t or "," in t for t in carbon), carbon


def test_a_run_whose_gap_is_not_defined_is_not_hidden_behind_a_zero_gap():
    """A sweep with a 0.001 s time limit (Tavaux and Maubeuge) had four runs 'feasible' with
    nothing built: objective 0 under bounds of 9.9 to 26.4 M€/an, a gap not defined
    (results.csv: empty). The report said 'Écart entre chaque solution et sa borne : médian
    0,00 %, le plus grand 0,00 %', the four runs left out without a word. They are counted."""
    res = _results([("parc", 10e6, 1000.0), ("parc", 20e6, 2000.0), ("parc", 0.0, 0.0)])
    res["gap"] = [0.001, 0.002, float("nan")]
    res["bound"] = [10.01e6, 20.04e6, 9.9e6]
    res["status"] = ["optimal", "optimal", "feasible"]
    # its bound, 9.9 M€/an, to the euro: 9 900 000 (said as the run's own status line says it)
    for lang, gaps, undefined in (("fr", "médian 0,15 %, le plus grand 0,2 %",
                                   "1 calcul : aucun plan rentable trouvé dans le temps imparti ; jusqu'à 9 900 000 €/an "
                                   "restent possibles ; il n'est pas compté dans ces écarts."),
                                  ("en", "median 0.15%, largest 0.2%",
                                   "1 run: no paying plan found in the time given; up to 9,900,000 EUR/yr remain "
                                   "possible; it is not in these gaps.")):
        html = render_sweep_html(res, pd.DataFrame(columns=FREQ_COLS), {"name": "t"}, "", {}, lang)
        small = _plain(unescape(re.search(r'<p class="small">(.*?)</p>', html).group(1)))
        assert gaps in small, small
        assert _plain(undefined) in small, small
    res["gap"] = [0.001, 0.002, 0.0]     # every gap known: said as before
    res["bound"] = [10.01e6, 20.04e6, 0.0]
    small = re.search(r'<p class="small">(.*?)</p>', render_sweep_html(
        res, pd.DataFrame(columns=FREQ_COLS), {"name": "t"}, "", {}, "en")).group(1)
    assert small == "Gap between each solution and its bound: median 0.1%, largest 0.2%.", small


def test_runs_without_a_gap_say_why_in_the_runs_own_words():
    """Before, the sweep report said "3 calculs ont un écart non défini (un objectif nul sous leur
    borne)" for runs stopped with nothing built, where each run's own report says "aucun plan rentable
    trouvé dans le temps imparti ; jusqu'à ... restent possibles", and left out without a word a run
    with no bound. Now the sweep says it in the runs' words (`no_paying_plan`), up to the highest
    bound, by objective unit; a run without a bound is said as such."""
    from eitflow.report.sweep import gap_notes

    res = _results([("parc", 1000.0, 10.0), ("parc", 0.0, 0.0), ("parc", 0.0, 0.0), ("parc", 0.0, 0.0),
                    ("parc", 500.0, 5.0), ("parc", 0.0, 0.0)])
    res["status"] = ["optimal", "feasible", "feasible", "feasible", "feasible", "feasible"]
    res["bound"] = [1000.0, 9.9e6, 26.4e6, 12.0e6, float("nan"), 1234.6]
    res["gap"] = [0.0] + [float("nan")] * 5
    res.loc[5, "objective_unit"] = "tCO2/yr"   # another base under objective co2
    # EUR/yr: three runs, bounds 9.9, 26.4 and 12 M: the highest 26,400,000; tCO2/yr: one, 1,234.6 -> 1,235;
    # one run without a bound; the optimal run's gap 0 %
    assert _plain(gap_notes(res, "en")) == (
        "Gap between each solution and its bound: median 0%, largest 0%. "
        "3 runs: no paying plan found in the time given; up to 26,400,000 EUR/yr remain possible (the highest of "
        "their bounds); they are not in these gaps. "
        "1 run: no plan avoiding CO2 found in the time given; up to 1,235 tCO2/yr avoided remain possible; "
        "it is not in these gaps. "
        "1 run has no bound: its gap is unknown and it is not in these gaps.")
    assert _plain(gap_notes(res, "fr")) == (
        "Écart entre chaque solution et sa borne : médian 0 %, le plus grand 0 %. "
        "3 calculs : aucun plan rentable trouvé dans le temps imparti ; jusqu'à 26 400 000 €/an restent possibles "
        "(la plus haute de leurs bornes) ; ils ne sont pas comptés dans ces écarts. "
        "1 calcul : aucun plan évitant du CO2 trouvé dans le temps imparti ; jusqu'à 1 235 tCO2/an évitées restent "
        "possibles ; il n'est pas compté dans ces écarts. "
        "1 calcul n'a pas de borne : son écart est inconnu et il n'est pas compté dans ces écarts.")


def test_the_legend_of_the_bases_covers_no_run():
    """The sweep of Maubeuge and Dunkerque drew its legend inside the first panel, over
    Dunkerque's runs at 175-182 M€/an: 'maubeuge' read beside a purple (Dunkerque) dot. Where
    the runs fill the panel, the legend stands outside every panel."""
    import numpy as np

    from eitflow.report.plots import sweep_figure

    rows = [(b, float(y), 0.0) for b in ("parc", "port") for y in np.linspace(0, 1e6, 12)]
    res = _results(rows)
    res["availability.heat"] = [0.7 + 0.3 * (i % 12) / 11 for i in range(len(rows))]
    res["co2_avoided_t_per_yr"] = res["net_benefit_eur_per_yr"] / 100
    fig, _ = sweep_figure(res, ["availability.heat"], "en")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    assert len(legends) == 1
    box = legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        assert not box.overlaps(ax.get_window_extent(renderer)), "the legend lies on a panel"
    assert [t.get_text() for t in legends[0].get_texts()] == ["parc", "port"]
