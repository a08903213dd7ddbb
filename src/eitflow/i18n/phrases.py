"""Sentences kept as their message key and figures (`Phrase`), said in English now and in any
language later, and their JSON form (`facts`, `from_facts`) that summary.json keeps."""

from __future__ import annotations

from numbers import Integral, Real

from eitflow.i18n.figures import Amount, in_english
from eitflow.i18n.lang import DEFAULT_LANG
from eitflow.i18n.messages import _messages, gloss, has_text, network_label, resource_name, text, unit
from eitflow.i18n.plurals import counted


class Res(str):
    """A resource id inside a `Phrase` field: said as `resource_name` in French ('chaleur',
    'cendres volantes'), as written in English (the English sentences name the id)."""

    __slots__ = ()


class Named(Res):
    """A resource inside a `Phrase` field said by its name in English too ('CO2', 'fly ash':
    `resource_name`), where `Res` keeps the id there: a sentence about the plan people read, not a
    cell's expected value (explain's 'the co2 has a better use elsewhere')."""

    __slots__ = ()


class Unit(str):
    """A unit inside a `Phrase` field: said through `unit` in French ('MWh/an', '°C')."""

    __slots__ = ()


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
        # a network and a named resource, the fields the English says differently ("heat network",
        # "CO2"); numbers written out
        said = {k: network_label(v) if type(v) is Net else resource_name(v) if type(v) is Named else v
                for k, v in fields.items()}
        out = super().__new__(cls, en.format(**in_english(said)) if fields else en)
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


def resources_said(codes, with_code: bool = False) -> Phrase | str:
    """Resources in a sentence, separated by commas: in English their ids as written ("heat,
    steam", what the English sentences name), in French their names ("chaleur, vapeur": a French
    error listed "heat, steam"); `with_code`: each with the id a cell takes beside its French
    name ("chaleur ('heat')"), for a list of what a column expects. "" for none."""
    items = [Phrase("res_with_code", res=Res(r), code=str(r)) if with_code else Res(r) for r in codes]
    if not items:
        return ""
    out: Phrase = Phrase("ex_net_names", items=items[-1])
    for it in reversed(items[:-1]):
        out = Phrase("ex_net_names2", first=it, rest=out)
    return out


def say(v, lang: str = DEFAULT_LANG) -> str:
    """A text in `lang`: a `Phrase` said in it, anything else as written."""
    return v.say(lang) if isinstance(v, Phrase) else str(v)


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
    if isinstance(v, Code):
        key = next((k for k in (f"reason_{v}", f"st_{v}") if has_text(k)), None)
        return text(key, lang) if key else str(v)
    return v   # a number is said by `text` in the language's format (`figures.in_language`)


class Net(str):
    """A network's resource inside a `Phrase` field: said as `network_label` ('heat network',
    'réseau de chaleur')."""

    __slots__ = ()


#: typed fields of a `Phrase` as they are kept in JSON (`facts`): {"code": "time_limit"}
_TYPED = {"code": Code, "named": Named, "res": Res, "unit": Unit, "net": Net, "gloss": Gloss}


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

