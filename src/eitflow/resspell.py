"""Resource spellings: the ways people write a resource, keyed to its code ('chaleur',
'Cendres volantes', 'H2' -> heat, fly_ash, hydrogen), so that a table, scenario.yaml, a sweep or
a resources.yaml naming a resource by its name is refused with the code to write (never
translated silently: the codes are what every output names)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from eitflow.i18n import LANGS, resource_name
from eitflow.ids import unaccented

__all__ = ["FORMULAS", "resource_spellings", "spelling"]


def spelling(v: str) -> str:
    """A word as `resource_spellings` keys it: no accents, no case, one space for any run of
    spaces, underscores and hyphens ('Cendres-volantes' -> 'cendres volantes')."""
    return re.sub(r"[\s_\-]+", " ", unaccented(v)).strip()


# formulas people write for a resource whose code is a word (CO2's code is its formula)
FORMULAS = {"h2": "hydrogen", "h2o": "water", "s": "sulphur", "caso4": "gypsum"}


def resource_spellings(cat: Iterable[str]) -> dict[str, str]:
    """Other ways people write a resource of `cat` (its codes), keyed by `spelling`, to its
    code: its name in every language of the messages ('chaleur', 'cendres volantes',
    'hydrogène'), the code with spaces ('fly ash'), and a few formulas (H2). A French table
    says 'chaleur' where the code is 'heat': the error then names the code to write."""
    out = {spelling(f): r for f, r in FORMULAS.items() if r in cat}
    for r in cat:
        out[spelling(r)] = r
        for lang in LANGS:
            out[spelling(resource_name(r, lang))] = r
    return out
