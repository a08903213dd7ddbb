"""France's départements and régions by INSEE code, with their official names: "54" is
Meurthe-et-Moselle, région "44" the Grand Est.

The table ships with the package (``data/cog_2024.csv``): INSEE's Code officiel géographique
au 1er janvier 2024 (101 départements, 2A and 2B for Corsica and five overseas, and 18
régions), Licence Ouverte / Etalab 2.0; its header says where it comes from. This module is the
only reader of it. A territory is named for people as they name it, "Meurthe-et-Moselle (54)":
an elected official reads the name, an analyst checks the code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Area", "area", "areas", "territory_name"]

LEVELS = ("departement", "region")


@dataclass(frozen=True)
class Area:
    """A département or a région: its level ("departement", "region"), INSEE code ("2A",
    "974", "44"), official name, and for a département the code of its région."""

    level: str
    code: str
    name: str
    region: str = ""

    @property
    def label(self) -> str:
        """'Meurthe-et-Moselle (54)'."""
        return f"{self.name} ({self.code})"


@lru_cache(maxsize=1)
def areas() -> dict[tuple[str, str], Area]:
    """Every département and région of the table, by (level, code)."""
    lines = resources.files("eitflow").joinpath("data/cog_2024.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if not line.startswith("#"))   # the header: source, licence
    return {(r["level"], r["code"]): Area(r["level"], r["code"], r["name"], r["region"]) for r in rows}


def area(level: str, code: str) -> Area | None:
    """The département or région of INSEE `code` ("54", "2A"), None for a code the table
    does not hold."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")
    return areas().get((level, str(code).strip().upper()))


def territory_name(departements: list[str] | None = None, regions: list[str] | None = None) -> str:
    """A territory as people name it: 'Meurthe-et-Moselle (54), Moselle (57)', 'Grand Est (44)';
    the same words in English and French (proper names). A code the table does not hold (a
    communes file newer than it) is named by its level and code, 'département 977'."""
    parts = []
    for level, codes in (("departement", departements or []), ("region", regions or [])):
        for c in codes:
            a = area(level, c)
            parts.append(a.label if a is not None else f"{'département' if level == 'departement' else 'région'} {c}")
    return ", ".join(parts)
