"""scenario.yaml's parameters as people read them: their names and units (`parameter_label`) and
a change of value (`parameter_change`: 'prix du carbone 100 -> 300 €/tCO2'), what `eitflow
compare`, the report and results.xlsx say."""

from __future__ import annotations

from eitflow.i18n.figures import amount
from eitflow.i18n.lang import DEFAULT_LANG
from eitflow.i18n.messages import has_text, network_label, resource_name, text, unit
from eitflow.i18n.quantities import share_said

#: scenario.yaml's parameters said as a share of 1 (0.05 -> '5 %')
SHARE_PARAMS = frozenset({"discount_rate", "solver.mip_gap", "heat_pump.carnot_share"})
#: parameters whose second part is a resource: said from ``param__max_distance_km.*``
_PER_RESOURCE = ("max_distance_km", "networks")
#: options whose codes are said by a message ('discrete' -> sizing_discrete): compare's lines, results.xlsx's cells
OPTION_WORDS = {"sizing": "sizing_", "generate": "generate_", "cuts": "cuts_", "isolate": "isolate_"}


def _param_value(v, share: bool, lang: str, key: str = "") -> str:
    if has_text(word := {"objective": "obj_", **OPTION_WORDS}.get(key.rpartition(".")[2], "?") + str(v)):
        return text(word, lang)
    if isinstance(v, bool):
        return text("yes" if v else "no", lang)
    if isinstance(v, int | float) and key.rpartition(".")[2] == "year":   # a label: "2 026" was a French year
        return f"{v:.0f}"
    if isinstance(v, int | float):
        return share_said(float(v), lang) if share else amount(v, lang, 6 if key.endswith("purity") else 3)
    # None: the key was not given (the catalogue's radius, no limit): the default
    return text("param_default", lang) if v is None else str(v)


def _network_block_change(resource: str, a: dict | None, b: dict | None, lang: str) -> str:
    """A `networks.<resource>` block present in one run only: 'réseau de chaleur ajouté
    (température 90 °C)', 'heat network removed', with the options in `b` that are given (the
    caller leaves out those at their default: `analyses.compare`), never as a Python dict."""
    net = network_label(resource, lang)
    if b is None:
        return text("param_network_removed", lang, net=net)
    said = [text(f"param_opt__{k}", lang, v=_param_value(v, False, lang, k)) if has_text(f"param_opt__{k}")
            else f"{k} {_param_value(v, False, lang)}" for k, v in b.items() if v is not None]
    return text("param_network_added", lang, net=net, options=f" ({', '.join(said)})" if said else "")


def parameter_label(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """A parameter of scenario.yaml named as people read it, its unit in brackets: 'carbon_price_eur_per_t' -> 'prix du
    carbone (€/tCO2)', 'max_distance_km.heat' -> 'rayon (chaleur) (km)': the words of `parameter_change`
    (``param__<key>``) without the figures; None for a key without them."""
    parts = key.split(".")
    msg, fields = f"param__{key}", {}
    if len(parts) > 1 and parts[0] in _PER_RESOURCE:
        msg = "param__" + ".".join([parts[0], "*", *parts[2:]])
        fields = {"res": resource_name(parts[1], lang), "net": network_label(parts[1], lang)}
    if not has_text(msg):
        return None
    label, _, u = text(msg, lang, a="\x00", b="\x00", **fields).partition(" \x00 -> \x00")
    return f"{label} ({unit(u.strip(), lang)})" if u.strip() else label


def parameter_change(key: str, a, b, lang: str = DEFAULT_LANG) -> str:
    """A parameter of scenario.yaml changed from `a` to `b`, as people read it, its unit after the
    figures: ('carbon_price_eur_per_t', 100.0, 300.0) -> 'prix du carbone 100 -> 300 €/tCO2' (fr),
    'carbon price 100 -> 300 EUR/tCO2' (en); a value not given (None) reads 'par défaut' ('rayon
    (chaleur) 10 km -> par défaut'). Names and units come from ``param__<key>`` in the messages
    (``param__max_distance_km.*``, ``param__networks.*.temperature_c``: the resource as {res}, its
    network as {net}); a key without one is said as written ('heat_level_max_columns: 100 000 ->
    50 000'), in the language's format. A network block in one run only is said as added or removed."""
    parts = key.split(".")
    if len(parts) == 2 and parts[0] == "networks" and (a is None) != (b is None):
        return _network_block_change(parts[1], a, b, lang)
    fields = {}
    msg = f"param__{key}"
    if len(parts) > 1 and parts[0] in _PER_RESOURCE:
        msg = "param__" + ".".join([parts[0], "*", *parts[2:]])
        fields = {"res": resource_name(parts[1], lang), "net": network_label(parts[1], lang)}
    share = key in SHARE_PARAMS
    va, vb = _param_value(a, share, lang, key), _param_value(b, share, lang, key)
    said = text(msg, lang, a=va, b="\x00", **fields) if has_text(msg) else \
        text("param_as_written", lang, name=key, a=va, b="\x00")
    head, _, unit = said.partition("\x00")   # back to the default: '10 km -> default', not '10 -> default km'
    return f"{head[:-4]}{unit} -> {vb}" if b is None and a is not None and head.endswith(" -> ") else head + vb + unit
