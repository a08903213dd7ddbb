"""French and English for what people read: the report, the PDFs, the CLI's lines, the workbook headers.

Texts live in one table, ``data/messages.csv`` (columns ``key, en, fr``), so a translator edits a spreadsheet
rather than code; `text(key, lang, **fields)` fills ``{field}`` placeholders. Numbers and currency are formatted
by Babel with the locale's own rules (``fr_FR``: a narrow no-break space between thousands, a decimal comma,
``15 063 909 €``; ``en_GB``: ``€15,063,909``), never by hand. Units keep their symbols; only the year changes
(``MWh/yr`` reads ``MWh/an`` in French).

The language of a run: ``--lang`` on the command line, else ``lang:`` in scenario.yaml,
else English (`resolve_lang`).
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from importlib import resources
from numbers import Integral, Real

from eitflow.numtext import whole_g, written_out

LANGS = ("en", "fr")
DEFAULT_LANG = "en"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
_DASH = "–"


def resolve_lang(cli: str | None = None, scenario: str | None = None) -> str:
    """The language to use: the command line's, else the scenario's, else English."""
    for v in (cli, scenario):
        if v:
            v = str(v).strip().lower()
            if v not in LANGS:
                raise ValueError(f"unknown language {v!r}: expected one of {', '.join(LANGS)}")
            return v
    return DEFAULT_LANG


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    # lines with their ends, as a file opened with newline="" gives them (typeshed's Traversable.open has no newline)
    rows = list(csv.DictReader(resources.files("eitflow").joinpath("data/messages.csv").read_text("utf-8").splitlines(True)))
    return {r["key"]: {lang: r[lang] for lang in LANGS} for r in rows}


def has_text(key: str) -> bool:
    return key in _messages()


def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The message `key` in `lang`, with ``{name}`` fields filled; a missing French text
    falls back to English, an unknown key is an error (a typo must not ship)."""
    row = _messages()[key]
    msg = row.get(lang) or row["en"]
    return msg.format(**written_out(fields, (Amount,))) if fields else msg


def gloss(en: str, lang: str = DEFAULT_LANG) -> str:
    """A fixed English wording (a column's meaning in `io.schema`) in `lang`: its translation
    ``gloss__<the English>`` in the messages when there is one, else the English as written."""
    key = f"gloss__{en}"
    return text(key, lang) if lang != "en" and en and has_text(key) else en


def _finite(v) -> bool:
    return v is not None and not (isinstance(v, float) and not math.isfinite(v))


def resource_name(r: str, lang: str = DEFAULT_LANG) -> str:
    """A resource as people read it ('fly_ash' -> 'fly ash', 'cendres volantes')."""
    key = f"res_{r}"
    return text(key, lang) if has_text(key) else str(r).replace("_", " ")


def counted(n: int, stem: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """A count with its noun in the number it takes: ``<stem>_one`` for one (French: 0 and 1,
    "0 tronçon construit"), ``<stem>_many`` otherwise ("2 corridors built", "0 corridors built")."""
    one = n < 2 if lang == "fr" else n == 1
    return text(f"{stem}_{'one' if one else 'many'}", lang, n=number(n, lang), **fields)


def number(v, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """1234567.8 -> '1 234 568' (fr) or '1,234,568' (en); digits after the decimal sign."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(v) + 0.0, format=pattern, locale=LOCALES[lang])


def amount(v, lang: str = DEFAULT_LANG, sig: int = 3) -> str:
    """An amount with sensible precision: whole numbers from 100 on, `sig` significant digits below (a purity: 6)."""
    if not _finite(v):
        return _DASH
    a = abs(float(v))
    if a >= 100 or a == 0:
        return number(v, lang)
    digits = max(0, sig - 1 - math.floor(math.log10(a)))
    return number(round(float(v), digits), lang, digits).rstrip("0").rstrip(",.") if digits else number(v, lang)


def compact(v, lang: str = DEFAULT_LANG) -> str:
    """15063909 -> '15,1 M' (fr) or '15.1M' (en): for key figures, with the exact value beside."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_compact_decimal

    a = abs(float(v))
    if a < 1000:
        return number(v, lang)
    fd = 1 if a < 1e11 else 0
    # plain English short forms (15.1M, 1.4B) rather than en_GB's lower-case 15.1m
    out = format_compact_decimal(float(v), format_type="short", locale="en" if lang == "en" else LOCALES[lang],
                                 fraction_digits=fd)
    return out.replace("\xa0", " ")


def money(v, lang: str = DEFAULT_LANG, digits: int = 0, per_year: bool = False) -> str:
    """15063909 -> '15 063 909 €' (fr), '15,063,909 EUR' (en, as its units; not '€15,063,909'); per_year: €/an, EUR/yr."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_currency

    return format_currency(float(v) + 0.0, "EUR", locale=LOCALES[lang], currency_digits=False,
                           format=_pattern("currency", lang, digits)) + ("/" + text("per_year", lang) if per_year else "")


@lru_cache(maxsize=16)
def _pattern(kind: str, lang: str, digits: int) -> str:
    """The locale's own pattern (symbol place, spacing; English money: 'EUR' after the figure) with `digits` decimals."""
    from babel import Locale

    loc = Locale.parse(LOCALES[lang])
    pat = "#,##0 ¤¤" if (kind, lang) == ("currency", "en") else (loc.currency_formats["standard"] if kind == "currency" else loc.percent_formats[None]).pattern
    return re.sub(r"#,##0(\.0+)?", "#,##0" + ("." + "0" * digits if digits > 0 else ""), pat.split(";")[0])


def duration(seconds: float, lang: str = DEFAULT_LANG) -> str:
    """A wall time for people (s): '45 s', '12 min', '3.4 h', '2.1 days' ('2,1 jours' in French)."""
    if not _finite(seconds):
        return _DASH
    s = float(seconds)
    for limit, size, key, digits in ((10, 1, "dur_s", 1), (90, 1, "dur_s", 0), (5400, 60, "dur_min", 0),
                                     (172800, 3600, "dur_h", 1),
                                     (math.inf, 86400, "dur_days", 1)):
        if s < limit:
            return text(key, lang, v=number(round(s / size, digits), lang, digits).removesuffix(".0")
                        .removesuffix(",0"))
    raise AssertionError  # pragma: no cover - the last limit is infinite


def percent(v, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """0.00075 -> '0,08 %' (fr) or '0.08%' (en); None -> 'unknown'."""
    if v is None:
        return text("unknown", lang)
    from babel.numbers import format_percent

    return format_percent(float(v), format=_pattern("percent", lang, digits), locale=LOCALES[lang])


def unit(u: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as read in `lang`: 'MWh/yr' -> 'MWh/an', 'm3' -> 'm³', 'degC' -> '°C', 'EUR' -> '€' (fr)."""
    if not u:
        return ""
    u = str(u).replace("m3", "m³").replace("degC", "°C")
    if lang == "fr":
        u = u.replace("/yr", "/an").replace("EUR", "€").replace("/unit", "/unité")
    return u


class Res(str):
    """A resource id inside a `Phrase` field: said as `resource_name` in French ('chaleur',
    'cendres volantes'), as written in English (the English sentences name the id)."""

    __slots__ = ()


class Unit(str):
    """A unit inside a `Phrase` field: said through `unit` in French ('MWh/an', '°C')."""

    __slots__ = ()


class Amount(float):
    """A number inside a `Phrase` field shown with `amount`'s precision (whole from 100 on,
    3 significant digits below), whatever the template's spec."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return amount(float(self), DEFAULT_LANG)


class Code(str):
    """A code inside a `Phrase` field (a reason, a status): kept as written in English, its
    name in another language (``reason_<code>``, ``st_<code>``) when there is one."""

    __slots__ = ()


class Gloss(str):
    """A fixed English wording inside a `Phrase` field (what a column expects: "a latitude
    in degrees"), said from its translation ``gloss__<the English>`` when there is one."""

    __slots__ = ()


class Phrase(str):
    """A sentence people read, said in English now and in any language later.

    The string itself is the English (so CSV files, logs and ``in`` tests see what they saw
    before); ``say(lang)`` writes the same sentence from the same figures in `lang`, from the
    message `key` of ``data/messages.csv``. Fields are numbers (formatted by the template's
    own spec, ``{km:.1f}``: in French through Babel, thousands separated by a narrow space and
    a decimal comma, with the digits the English shows), `Res`, `Unit`, other phrases
    (nested: ``{why}``), or plain text (site and flow ids, kept as written).
    """

    _p: tuple[str, dict]

    def __new__(cls, key: str, **fields) -> Phrase:
        # made for every unmatched flow of a national run (34,000): kept to a format and a tuple
        en = _messages()[key]["en"]
        # a network, the only field the English says differently ("heat network"); numbers written out
        said = {k: network_label(v) if type(v) is Net else v for k, v in fields.items()}
        out = super().__new__(cls, en.format(**written_out(said, (Amount,))) if fields else en)
        out._p = (key, fields)
        return out

    @property
    def key(self) -> str:
        return self._p[0]

    @property
    def fields(self) -> dict:
        return self._p[1]

    def say(self, lang: str = DEFAULT_LANG) -> str:
        if lang == "en":
            return str.__str__(self)
        return text(self.key, lang, **{k: _said(v, lang) for k, v in self.fields.items()})

    def __reduce__(self):   # pickled to the workers of a sweep: rebuilt from its key and fields
        return _phrase, (self.key, self.fields)


def _phrase(key: str, fields: dict) -> Phrase:
    return Phrase(key, **fields)


class Sentences(Phrase):
    """Sentences said one after another, ``list_sep`` between them ("; ", " ; " in French): a
    solve's message. The string is the English; `facts` keeps every part's key and figures."""

    def __new__(cls, parts) -> Sentences:
        parts = tuple(p for p in parts if p)
        out = str.__new__(cls, _messages()["list_sep"]["en"].join(parts))
        out._p = ("list_sep", {"parts": parts})
        return out

    def say(self, lang: str = DEFAULT_LANG) -> str:
        return text("list_sep", lang).join(say(p, lang) for p in self.fields["parts"])

    def __reduce__(self):
        return Sentences, (self.fields["parts"],)


class Count(Phrase):
    """A count with its noun in a `Phrase` field ("2 viable partners"), said as `counted`."""

    def __new__(cls, n: int, stem: str) -> Count:
        out = str.__new__(cls, counted(n, stem))
        out._p = (f"{stem}_many", {"n": n})   # a key of the messages, as every phrase's
        return out

    def say(self, lang: str = DEFAULT_LANG) -> str:
        return counted(int(self.fields["n"]), self.key.removesuffix("_many"), lang)

    def __reduce__(self):
        return Count, (self.fields["n"], self.key.removesuffix("_many"))


def say(v, lang: str = DEFAULT_LANG) -> str:
    """A text in `lang`: a `Phrase` said in it, anything else as written."""
    return v.say(lang) if isinstance(v, Phrase) else str(v)


class _Figure:
    """A number in a French sentence: ``format(_Figure(x, 'fr'), ',.1f')`` is the figure the
    English spec shows, with the locale's separators (Babel)."""

    __slots__ = ("v", "lang")

    def __init__(self, v, lang: str):
        self.v, self.lang = v, lang

    def __format__(self, spec: str) -> str:
        v = float(self.v)
        if not math.isfinite(v):
            return format(v, spec)
        if spec.endswith("%"):
            return percent(v, self.lang, int(spec.lstrip(".,").rstrip("f%") or 0))
        plain = whole_g(v, spec.replace(",", "") or "g")
        if "e" in plain:
            return plain.replace(".", ",")
        return number(float(plain), self.lang, len(plain.split(".")[1]) if "." in plain else 0)


def _said(v, lang: str):
    if isinstance(v, Phrase):
        return v.say(lang)
    if isinstance(v, Res):
        return resource_name(v, lang)
    if isinstance(v, Unit):
        return unit(v, lang)
    if isinstance(v, Net):
        return network_label(v, lang)
    if isinstance(v, Gloss):
        return gloss(str(v), lang)
    if isinstance(v, Amount):
        return amount(float(v), lang)
    if isinstance(v, Code):
        key = next((k for k in (f"reason_{v}", f"st_{v}") if has_text(k)), None)
        return text(key, lang) if key else str(v)
    if isinstance(v, bool) or isinstance(v, str) or v is None:
        return v
    try:
        float(v)
    except (TypeError, ValueError):
        return v
    return _Figure(v, lang)


def network_label(resource: str, lang: str = DEFAULT_LANG) -> str:
    """A shared network of `resource` in a sentence: 'heat network', 'réseau de chaleur',
    'réseau d'hydrogène' (`de`)."""
    what = resource_name(resource, lang)
    return text("network_party", lang, what=what, de=de(what, lang))


_ELIDE, _ASPIRATED = tuple("aeiouyhàâäéèêëîïôöùûü"), ("haut", "hav", "hall", "hang", "hain", "holl", "hong", "hamb")


def de(word: str, lang: str = DEFAULT_LANG) -> str:
    """French "de" before `word` (a {de} field: "réseau {de}{what}"): "d'" before a vowel or a mute h
    ("d'hydrogène", "d'ArcelorMittal"), not an aspirated h ("de Hauts-de-France"); nothing in English."""
    return ("d'" if (w := str(word).lower())[:1] in _ELIDE and not w.startswith(_ASPIRATED) else "de ") if lang == "fr" else ""


class Net(str):
    """A network's resource inside a `Phrase` field: said as `network_label` ('heat network',
    'réseau de chaleur')."""

    __slots__ = ()


#: typed fields of a `Phrase` as they are kept in JSON (`facts`): {"code": "time_limit"}
_TYPED = {"code": Code, "res": Res, "unit": Unit, "net": Net, "gloss": Gloss}


def facts(v):
    """A `Phrase` (or `Sentences`) as JSON-ready facts, its key and each field with its type
    (numbers as numbers), from which `from_facts` makes the same phrase to say in any language;
    plain text as it is (a solver's own words)."""
    if isinstance(v, Sentences):
        return {"parts": [facts(p) for p in v.fields["parts"]]}
    if isinstance(v, Count):   # its stem, not its English form's key: French says 0 and 1 alike
        return {"count": [int(v.fields["n"]), v.key.removesuffix("_many")]}
    if isinstance(v, Phrase):
        return {"key": v.key, "fields": {k: facts(x) for k, x in v.fields.items()}}
    for name, t in _TYPED.items():
        if isinstance(v, t):
            return {name: str(v)}
    if isinstance(v, Amount):
        return {"amount": float(v)}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, Integral):
        return int(v)
    return float(v) if isinstance(v, Real) else str(v)


def from_facts(d):
    """The phrase that `facts` gave `d`; KeyError for a message key this version does not have."""
    if not isinstance(d, dict):
        return d
    if "parts" in d:
        return Sentences([from_facts(p) for p in d["parts"]])
    if "key" in d:
        return Phrase(d["key"], **{k: from_facts(x) for k, x in d["fields"].items()})
    ((name, v),) = d.items()
    return Amount(v) if name == "amount" else Count(*v) if name == "count" else _TYPED[name](v)


# a column's unit is the suffix of its name (net_benefit_eur_per_yr: EUR/yr); longest first
COLUMN_UNITS = [
    ("_t_co2_per_yr", "tCO2/yr", 1), ("_eur_per_yr", "EUR/yr", 0), ("_eur_per_unit", "EUR/unit", 2), ("_eur_per_t", "EUR/t", 2), ("_eur", "EUR", 0),
    ("_t_per_yr", "t/yr", 1), ("_mwh_per_yr", "MWh/yr", 0), ("_km", "km", 1), ("_c", "°C", 1), ("_s", "s", 2),
    ("_share", "%", 1), ("_pct", "%", 2), ("_ha", "ha", 1),
]


def column_parts(col: str) -> tuple[str, str, int | None]:
    """(name without its unit, unit, decimals to show) of a table column; a CO2 column's t are tCO2/yr."""
    for suf, u, dec in COLUMN_UNITS:
        if col.endswith(suf):
            return col[: -len(suf)], ("tCO2/yr" if u == "t/yr" and "co2" in col[: -len(suf)] else u), dec
    if col in ("gap", "mip_gap"):
        return col, "%", 2
    return col, "", None


def column_label(col: str, lang: str = DEFAULT_LANG, with_unit: bool = True, sep: str = " ") -> str:
    """A table column as people read it: 'net_benefit_eur_per_yr' -> 'net benefit (EUR/yr)'
    or 'bénéfice net (€/an)'; names come from the messages (``col__<name>``)."""
    stem, u, _ = column_parts(col)
    key = f"col__{stem}"
    label = text(key, lang) if has_text(key) else stem.replace("_", " ")
    return f"{label}{sep}({unit(u, lang)})" if with_unit and u else label


#: scenario.yaml's parameters said as a share of 1 (0.05 -> '5 %')
SHARE_PARAMS = frozenset({"discount_rate", "solver.mip_gap", "heat_pump.carnot_share"})
#: parameters whose second part is a resource: said from ``param__max_distance_km.*``
_PER_RESOURCE = ("max_distance_km", "networks")
#: options whose codes are said by a message ('discrete' -> sizing_discrete): compare's lines, results.xlsx's cells
OPTION_WORDS = {"sizing": "sizing_", "generate": "generate_", "cuts": "cuts_", "isolate": "isolate_"}


def share_said(v: float, lang: str = DEFAULT_LANG) -> str:
    """0.05 -> '5 %' (fr), '5%' (en); 0.0001 -> '0,01 %': the fewest decimals that show the value."""
    digits = next((d for d in range(5) if abs(round(v * 100, d) - v * 100) < 1e-9), 4)
    return percent(v, lang, digits)


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
