"""The texts people read, in one table (``data/messages.csv``: columns ``key, en, fr``), so a
translator edits a spreadsheet rather than code: `text(key, lang, **fields)` fills ``{field}``
placeholders; the words every sentence shares: a resource's name, a unit in the language
(``MWh/yr`` reads ``MWh/an`` in French), a network's name, French "de"."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from eitflow.i18n.figures import in_english, in_language
from eitflow.i18n.lang import DEFAULT_LANG, LANGS


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    # lines with their ends, as a file opened with newline="" gives them (typeshed's Traversable.open has no newline)
    rows = list(csv.DictReader(resources.files("eitflow").joinpath("data/messages.csv").read_text("utf-8").splitlines(True)))
    return {r["key"]: {lang: r[lang] for lang in LANGS} for r in rows}


def has_text(key: str) -> bool:
    return key in _messages()


def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The message `key` in `lang`, with ``{name}`` fields filled; a missing French text
    falls back to English, an unknown key is an error (a typo must not ship). Numbers take the
    template's digits and `lang`'s separators (`in_language`): a French template's
    ``{x:,.0f}`` reads '1\u202f234\u202f568', never Python's English '1,234,568'."""
    row = _messages()[key]
    msg = row.get(lang) or row["en"]
    if not fields:
        return msg
    return msg.format(**in_english(fields)) if lang == "en" else msg.format(**in_language(fields, lang))


def gloss(en: str, lang: str = DEFAULT_LANG) -> str:
    """A fixed English wording (a column's meaning in `io.schema`) in `lang`: its translation
    ``gloss__<the English>`` in the messages when there is one, else the English as written."""
    key = f"gloss__{en}"
    return text(key, lang) if lang != "en" and en and has_text(key) else en


def resource_name(r: str, lang: str = DEFAULT_LANG) -> str:
    """A resource as people read it ('fly_ash' -> 'fly ash', 'cendres volantes')."""
    key = f"res_{r}"
    return text(key, lang) if has_text(key) else str(r).replace("_", " ")


def resource_pair(supplied: str, used: str | None, lang: str = DEFAULT_LANG, named: bool = True) -> str:
    """What an exchange carries, the one way every view writes it: the resource's name where what
    is used is what is supplied ('heat', 'chaleur'), else both joined by an arrow ('steam → heat',
    'boues → fertilisant'; message ``resource_pair``): the report's tables, the brief, the map, the
    Sankey, the sweep report, `zones`' pairs and the analyses' labels (`alternatives`, `resilience`,
    which wrote 'vapeur>chaleur'). `named` False: the resources by their ids ('fgd_gypsum → gypsum',
    the library's code labels).

    Parameters
    ----------
    supplied, used : str
        The supplied and the used resource (ids); `used` None or empty: the supplied one.
    lang : str
        The language.
    named : bool
        By the resources' names (`resource_name`), else by their ids.

    Returns
    -------
    str
        The text.
    """
    def said(r: str) -> str:
        return resource_name(r, lang) if named else str(r)

    if not used or used == supplied:
        return said(supplied)
    return text("resource_pair", lang, a=said(supplied), b=said(used))


def unit(u: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as read in `lang`: 'MWh/yr' -> 'MWh/an', 'm3' -> 'm³', 'degC' -> '°C', 'EUR' -> '€' (fr)."""
    if not u:
        return ""
    u = str(u).replace("m3", "m³").replace("degC", "°C")
    if lang == "fr":
        u = u.replace("/yr", "/an").replace("EUR", "€").replace("/unit", "/unité")
    return u


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

