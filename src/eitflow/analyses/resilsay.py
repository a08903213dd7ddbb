"""`resilience`'s cells that list things (stranded_links, stranded_shared, partners, shortfall,
outlets_lost) in
one language: by the codes (the library without `lang`) or by the names people read (sites.csv,
hubs.csv), with the language's list separator, numbers and units ("Fléville-devant-Nancy
(centre) : chaleur 4 158 sur 4 158 MWh/an"). One `Sayer` per language, so the same closure can
be said in English and in French (the run directory's resilience.csv holds both: `resilfile`).
"""

from __future__ import annotations

import numpy as np

import eitflow.i18n as i18n
from eitflow.analyses.common import link_labels, named_flows, named_link_labels
from eitflow.analyses.stranded import _said_shared
from eitflow.candidates.generate import Candidates
from eitflow.i18n import amount
from eitflow.ids import unaccented
from eitflow.scenario import Scenario

#: the cells a `Sayer` says, in resilience's column order
SAID_COLUMNS = ("stranded_links", "stranded_shared", "partners", "shortfall", "outlets_lost")


def _partners(ids: set[str], names: dict[str, str] | None) -> list[str]:
    """The partners' cell's items: their codes in order with `names` None, else their names
    (`results.names.scenario_names`) in the order people look them up, alphabetical without
    regard to accents or case (Fléville between Chaligny and Heillecourt)."""
    if names is None:
        return sorted(ids)
    return [n for n, _ in sorted(((names.get(i, i), i) for i in ids), key=lambda t: (unaccented(t[0]), t[1]))]


def _in_order(flows: list[int], who: np.ndarray, names: dict[str, str] | None) -> list[int]:
    """The shortfall cell's flows (positions): as given with `names` None (codes), else in the
    partners' order, by `who` (`named_flows`) alphabetical without regard to accents or case."""
    return flows if names is None else sorted(flows, key=lambda p: (unaccented(str(who[p])), p))


class Sayer:
    """The list cells of `resilience`'s rows in `lang` ('en', 'fr'; None: codes, in English)."""

    def __init__(self, scen: Scenario, cand: Candidates, lang: str | None):
        self.lang, say = lang, lang or "en"
        self.sep = i18n.text("list_sep", say)   # one separator for every list of the table
        f = scen.flows
        self.fsite, self.fres, self.funit = (f[c].to_numpy() for c in ("site_id", "resource", "unit"))
        self.fdemand = f["direction"].to_numpy() == "demand"   # a buyer's flow (else a seller's)
        if lang is None:   # codes, as the library's callers compare them
            fid = f["flow_id"].to_numpy()
            self.labels = link_labels(scen, cand, say)
            self.who = np.array([f"{s}:{i}" for s, i in zip(self.fsite, fid)], dtype=object)
            self.names: dict[str, str] | None = None
        else:   # the names people read (sites.csv, hubs.csv), one function each for links and flows
            from eitflow.results.names import scenario_names

            self.labels, self.who = named_link_labels(scen, cand, lang), named_flows(scen, lang)
            self.names = scenario_names(scen, lang)
        self.short_key = "resil_shortfall" if lang is None else "resil_shortfall_named"

    def cells(self, links: list[int], shared: list[str], units: list[int], partner_flows: list[int],
              short: list[int], used0: np.ndarray, used1: np.ndarray) -> dict[str, str]:
        """The list cells of one closure: `links` the stranded links (positions, the closed
        company's first), `shared` `stranded.idle_shared`'s ids, `units` the idle built supplies'
        flows, `partner_flows` and `short` flow positions, `used0` / `used1` each flow's amount
        exchanged before and after (base units/yr). Of `short`, a partner's demand is in
        "shortfall" (what a buyer lacks) and its supply in "outlets_lost" (what a seller can no
        longer sell), each "who: resource lost of used unit": one list read "manque" for both."""
        say = self.lang or "en"

        def listed(flows: list[int]) -> str:
            return self.sep.join(
                i18n.text(self.short_key, say, who=self.who[p], res=i18n.resource_name(self.fres[p], say),
                          lost=amount(used0[p] - used1[p], say), used=amount(used0[p], say),
                          unit=i18n.unit(self.funit[p], say)) for p in _in_order(flows, self.who, self.names))

        return {
            "stranded_links": self.sep.join(self.labels[links]),
            "stranded_shared": _said_shared(shared, self.lang, self.names, [str(self.who[p]) for p in units]),
            "partners": self.sep.join(_partners({str(self.fsite[p]) for p in partner_flows}, self.names)),
            "shortfall": listed([p for p in short if self.fdemand[p]]),
            "outlets_lost": listed([p for p in short if not self.fdemand[p]]),
        }
