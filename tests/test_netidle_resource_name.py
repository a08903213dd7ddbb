"""explain's `network_not_selected` sentence names the network's resource as people read it
(messages.csv's ``res_<id>``: 'CO2'), in English as in French; before, the English printed the
resource's key: 'after the co2 it would take from the network', 'or the co2 has a better use
elsewhere'."""

from __future__ import annotations

import pytest

from test_co2_hub_pass_through import _run


@pytest.mark.parametrize("lang, said, not_said", [
    ("en", ["after the CO2 it would take from the network", "or the CO2 has a better use elsewhere"],
     ["the co2 "]),
    ("fr", ["après ce qu'il prendrait au réseau (CO2)", "ou la ressource (CO2) a un meilleur emploi ailleurs"],
     ["(co2)"]),
])
def test_network_not_selected_names_the_resource(lang, said, not_said):
    """S asks 1,000 t/yr of CO2 worth its carbon only (10 EUR/t): the pipe to it is not built
    (`test_co2_hub_pass_through`), so explain's row for S is `network_not_selected`, whose
    sentence names the CO2 twice: once as what S would take from the network, once as what has
    a better use elsewhere."""
    from eitflow.analyses.explain import explain

    res = _run(100_000.0, 1_000.0, 0.0)
    ex = explain(res.scenario, res, flow_id="s", lang=lang)
    row = ex[ex["rank"] == 0].set_index("rule").loc["network_not_selected"]
    detail = str(row["detail"])
    for s in said:
        assert s in detail
    for s in not_said:
        assert s not in detail


def test_a_named_resource_keeps_its_name_through_summary_facts():
    """A `Named` field kept as summary.json's facts comes back `Named`: 'CO2' in English, where a
    `Res` says the id ('co2'), as a cell's expected value does."""
    from eitflow.i18n import Named, Phrase, Res, facts, from_facts

    named = Phrase("ex_network_idle_lose", res=Named("co2"))
    assert str(named) == " and the CO2 they lose on the way"
    assert from_facts(facts(named)).say("en") == " and the CO2 they lose on the way"
    assert from_facts(facts(named)).say("fr") == " et ce qu'ils perdent en chemin (CO2)"
    assert str(Phrase("ex_network_idle_lose", res=Res("co2"))) == " and the co2 they lose on the way"
