"""The languages eitflow speaks, their locales, and the language of a run (`resolve_lang`):
``--lang`` on the command line, else ``lang:`` in scenario.yaml, else English."""

from __future__ import annotations

import re

LANGS = ("en", "fr")
DEFAULT_LANG = "en"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
#: the space before a French high mark (':', ';', '?', '!'), which no line may start with
#: ('EUR/MWh ; la', 'Options :'): the help's formatter and the tables' wrapping both keep it
HIGH_MARK = re.compile(r" (?=[:;?!])")


def resolve_lang(cli: str | None = None, scenario: str | None = None) -> str:
    """The language to use: the command line's, else the scenario's, else English."""
    for v in (cli, scenario):
        if v:
            v = str(v).strip().lower()
            if v not in LANGS:
                raise ValueError(f"unknown language {v!r}: expected one of {', '.join(LANGS)}")
            return v
    return DEFAULT_LANG
