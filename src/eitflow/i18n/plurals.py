"""A count with its noun in the number it takes (French: 0 and 1 singular, "0 tronçon construit";
English: 1 only), the one rule every output uses (`counted`)."""

from __future__ import annotations

from eitflow.i18n.figures import number
from eitflow.i18n.lang import DEFAULT_LANG
from eitflow.i18n.messages import text


def counted(n: int, stem: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """A count with its noun in the number it takes: ``<stem>_one`` for one (French: 0 and 1,
    "0 tronçon construit"), ``<stem>_many`` otherwise ("2 corridors built", "0 corridors built")."""
    one = n < 2 if lang == "fr" else n == 1
    return text(f"{stem}_{'one' if one else 'many'}", lang, n=number(n, lang), **fields)

