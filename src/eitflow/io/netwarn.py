"""Warnings on a `networks:` entry of scenario.yaml whose settings would change nothing, or
look given in another unit: each names its key (``networks.<resource>.<setting>``), as
`io.network.validate_networks`' refusals do, and the run goes on."""

from __future__ import annotations

from eitflow.catalogue import Catalogue
from eitflow.errors import Collector
from eitflow.i18n import Phrase, Res
from eitflow.scenario import NetworkOptions

__all__ = ["ATMOSPHERE_BAR", "warn_network_settings"]

#: a network pressure below this (bar) would be a vacuum: pressures are absolute (the compression
#: costs 0.67 MWh/t x ln(p_to / p_from), a ratio of absolute pressures), so likely MPa or barg
ATMOSPHERE_BAR = 1.0


def warn_network_settings(r: str, opt: NetworkOptions, cat: Catalogue, file: str, warn: Collector) -> None:
    """The warnings of the network of `r` (its options `opt`): options of generated corridors
    given without `generate` (none are generated), `k` with delaunay (knn's only), a heat pump
    at injection on a resource the catalogue has no heat pump for (hydrogen, steam: it changes
    nothing, as `candidates.netattach.injection_pump` reads it only where one is allowed), and
    a pressure below 1 bar (0.03: MPa meant? a demand at 350 bar would pay the compression
    from 0.03 bar, ln(350 / 0.03) = 9.4 where from 30 bar it is 2.5)."""
    unused = sorted({"k", "max_length_km"} & opt.model_fields_set) if opt.generate == "none" else []
    if unused:
        warn.add(file, Phrase("net_gen_only_one", res=r, opts=unused[0]) if len(unused) == 1 else
                 Phrase("net_gen_only_many", res=r, opts=Phrase("val_and", a=unused[0], b=unused[1])))
    if opt.generate == "delaunay" and "k" in opt.model_fields_set:
        warn.add(file, Phrase("net_k_delaunay", res=r, k=opt.k))   # k neighbours: knn's only
    if r not in cat:
        return   # refused by `validate_networks`
    if "heat_pump_at_injection" in opt.model_fields_set and not cat[r].heat_pump:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.heat_pump_at_injection",
                              message=Phrase("net_hp_injection_unused", res=Res(r))))
    p = opt.pressure_bar
    if p is not None and p < ATMOSPHERE_BAR and cat[r].compression_mwh_per_unit_ln > 0:
        warn.add(file, Phrase("key_at", k=f"networks.{r}.pressure_bar",
                              message=Phrase("net_pressure_below_atmosphere", p=p)))
