"""What an exchange sends and what its user receives, said one way in every view: the report's
tables, the brief, the map, the Sankey, the sweep report (`report.tables.sent_received`),
`eitflow explain`, `eitflow compare` and `eitflow alternatives`.

The figures are matches.csv's `amount` (what is sent, the supply's base unit/yr) and
`demand_amount` (what is received, the demand's: sent x yield x what the pipe keeps,
`Statistics.links`), never worked out again here. Sent comes first, then received, in every
language: explain said "reçu : 50 t/an ; envoyé : 2 500 t/an (boues)" where the other views said
"envoyé : 2 500 t/an (boues) ; reçu : 50 t/an (fertilisant)".
"""

from __future__ import annotations

import math

from eitflow.i18n import Amount, Named, Phrase, Unit, amount, unit
from eitflow.results.tables import REL_TOL


def received_differs(sent: float, unit_sent: str, got: float | None, unit_got: str | None) -> bool:
    """Whether an exchange's user receives another amount than is sent, so that a view says both:
    another unit (sludge sent in t, fertiliser received in t at 0.02 t per t is the same unit;
    steam sent in t and received as MWh is not), or amounts apart by more than the solver's
    noise (`REL_TOL` of what is sent) that read apart too at `i18n.amount`'s precision
    ('25 000' beside '25 000' tells nothing: 25,000 sent, 24,999.99 received).

    Parameters
    ----------
    sent : float
        What is sent (`unit_sent`, per year).
    unit_sent : str
        Its unit (the supply's base unit per year, 't/yr').
    got : float or None
        What is received (`unit_got`, per year); None or NaN where unknown (a run written
        before matches.csv had `demand_amount`).
    unit_got : str or None
        Its unit (the demand's base unit per year).

    Returns
    -------
    bool
        True where the two must both be said.
    """
    if got is None or not isinstance(unit_got, str) or not math.isfinite(float(got)):
        return False
    if unit_got != unit_sent:
        return True
    s, g = float(sent), float(got)
    return abs(g - s) > REL_TOL * max(abs(s), 1.0) and amount(g) != amount(s)


def sent_received_phrase(res_sent: str, sent: float | str, unit_sent: str, res_got: str, got: float | str,
                         unit_got: str) -> Phrase:
    """The phrase saying what is sent, then what is received: once, short, for one resource
    losing some on the way ('heat, 20,000 MWh/yr sent, 19,900 received'), else each with its
    unit and resource ('sent: 2,500 t/yr (sludge); received: 50 t/yr (fertiliser)'); said in
    any language by `Phrase.say`. Whether to say it is `received_differs`'s call.

    Parameters
    ----------
    res_sent, res_got : str
        The resources sent and received (ids: 'sludge', 'fertiliser').
    sent, got : float or str
        The amounts (per year, in `unit_sent` and `unit_got`), shown at `i18n.amount`'s
        precision; or text already said in the language the phrase will be said in (`compare`'s
        two runs: '2 500 -> 3 000').
    unit_sent, unit_got : str
        Their units ('t/yr', 'MWh/yr').

    Returns
    -------
    Phrase
        Message ``exchange_sent_received_one`` or ``exchange_sent_received``.
    """
    def fig(v: float | str) -> Amount | str:
        return v if isinstance(v, str) else Amount(float(v))

    # the unit as English reads it ('m³/yr', not 'm3/yr'), said again in any other language
    us, ug = Unit(unit(unit_sent, "en")), Unit(unit(unit_got, "en"))
    if res_got == res_sent and unit_got == unit_sent:
        return Phrase("exchange_sent_received_one", res=Named(res_got), sent=fig(sent), unit=us, got=fig(got))
    return Phrase("exchange_sent_received", sent=fig(sent), unit=us, res=Named(res_sent), got=fig(got), unit_d=ug,
                  res_d=Named(res_got))
