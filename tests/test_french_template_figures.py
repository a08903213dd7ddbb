"""A French sentence's figures in French: Python's format spec of a messages.csv template
(``{best:,.0f}``) says how many digits, never which separators. `i18n.text(key, "fr", x=1234567.0)`
read '1,234,567 €/an' (English commas in a French page: the spec formatted the number itself)
where the same sentence said by a `Phrase` read '1 234 567 €/an'; `i18n.compact` wrote a plain
space before its 'k' and 'M', a line could break between the figure and its unit."""
from __future__ import annotations

import csv
import re
import string
from pathlib import Path

from eitflow import i18n
from eitflow.i18n import Amount, Phrase

MESSAGES = Path(__file__).resolve().parents[1] / "src" / "eitflow" / "data" / "messages.csv"
FIG = 1234567.375   # exactly representable: '1 234 567', '1 234 567,4', '1 234 567,38', '1 234 570' (6 sig.)
NNBSP = "\u202f"


def _french_templates() -> list[tuple[str, str, dict[str, str]]]:
    """Every French template with a formatted field: (key, template, {field: its spec})."""
    out = []
    with open(MESSAGES, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            try:
                parts = list(string.Formatter().parse(row["fr"]))
            except ValueError:   # a literal brace, never formatted with fields
                continue
            specs = {name: spec for _, name, spec, _ in parts if name and spec}
            # 'amount': an amount at `i18n.amount`'s precision (`i18n.figures.AMOUNT_SPEC`)
            if specs and all(re.fullmatch(r",?(\.\d+)?[fg%]|amount", s) for s in specs.values()):
                out.append((row["key"], row["fr"], specs))
    return out


def test_every_french_template_s_figures_take_french_separators():
    """Each French template of messages.csv that formats a figure ({x:,.0f}, {x:,.6g}, {x:.1f},
    {x:.0%}...), filled with 1,234,567.375 (a share: 0.25) and words elsewhere: the figure reads
    with narrow no-break spaces between thousands and a decimal comma, never '1,234,567' nor
    '1234567.4', and a share reads '25 %' (CLDR's French percent: a no-break space, U+00A0, before
    the sign; a template whose only figure is a share, as explain's received sentence, is checked
    on it)."""
    templates = _french_templates()
    assert len(templates) > 150   # 172 on 2026-12-07: the whole table, not a sample
    bad = []
    for key, fr, specs in templates:
        names = {name for _, name, _, _ in string.Formatter().parse(fr) if name}
        fields = {n: (0.25 if specs.get(n, "").endswith("%") else FIG) if n in specs else "X" for n in names}
        said = i18n.text(key, "fr", **fields)
        figures = said
        for literal, *_ in string.Formatter().parse(fr):   # the template's own words and numbers aside
            figures = figures.replace(literal, "|", 1) if literal else figures
        english = re.search(r"\d,\d{3}(?!\d)|\d\.\d|\d{4}", figures)
        if english or not (f"1{NNBSP}23" in figures or "25\u00a0%" in figures):
            bad.append((key, said))
    assert bad == []


def test_rendered_examples():
    """Figures worked out by hand: 1,234,567.375 at ',.0f' is 1 234 567; at ',.1f' 1 234 567,4;
    at ',.6g' six significant digits, 1 234 570; a hub's yearly cost of 50,000 EUR at ',.0f'."""
    assert i18n.text("ex_if_hub_cost", "fr", most=50000.0) == f"coût annuel du hub ≤ 50{NNBSP}000 €/an"
    assert i18n.text("ex_radius", "fr", km=FIG, limit="10 km") == \
        f"1{NNBSP}234{NNBSP}567,4 km à vol d'oiseau, hors de portée de la paire (10 km)"
    # an amount (`{cap:amount}`), as the report's tables say it: whole from 100 on (words12; it was ',.6g')
    assert i18n.text("ex_if_hub_capacity", "fr", cap=FIG, unit="t/an") == \
        f"capacité du hub > 1{NNBSP}234{NNBSP}567 t/an"
    # the same sentence from a Phrase and from text: one formatter
    p = Phrase("ex_if_hub_cost", most=50000.0)
    assert p.say("fr") == i18n.text("ex_if_hub_cost", "fr", most=50000.0)
    assert str(p) == "the hub's annual cost ≤ 50,000 EUR/yr"   # English keeps its commas
    # an Amount (a figure at 3 significant digits below 100) in French: a decimal comma
    assert i18n.text("ex_if_hub_cost", "fr", most=Amount(12.345)) == "coût annuel du hub ≤ 12,3 €/an"


def test_compact_keeps_its_unit_beside_the_figure():
    """15,063,909 -> '15,1 M' and 50,167.5 -> '50,2 k', a no-break space before the letter (it
    was a plain space: 'M' could start the next line), as `card_figure` has it."""
    assert i18n.compact(15063909, "fr") == "15,1\xa0M"
    assert i18n.compact(50167.5, "fr") == "50,2\xa0k"
    assert " " not in i18n.compact(2.5e9, "fr")
    assert i18n.compact(15063909, "en") == "15.1M"
