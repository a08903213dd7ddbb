"""A territory inside France for the open-data import: départements or régions (INSEE codes),
so that an analyst of Meurthe-et-Moselle or of the Grand Est gets their territory, not the
whole country.

Sinks are the communes of the territory (their `insee_dep` or `insee_reg`). A supply (a
Hotmaps site) belongs to the territory when its commune does. Hotmaps gives a point and a city
name, no commune code: the commune is the one of that name within NAME_KM of the point
(accents, case, hyphens and "St"/"Saint" aside: "RAON L'ETAPE" is Raon-l'Étape; the nearest of
two such), else the
commune whose centre is nearest (which, near a border, may be the neighbour's: the paper mill
of Raon-l'Étape, Vosges, is 2.2 km from a centre in Meurthe-et-Moselle and 2.7 km from its
own). `margin_km` keeps, as well, the supplies within that distance of a commune centre of the
territory (great circle, km): waste heat just across the border can still feed its networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

import numpy as np
import pandas as pd

from eitflow.errors import Problem, ScenarioError, excerpt
from eitflow.geo import nearest_km, pairs_within, unit_vectors
from eitflow.i18n import Phrase
from eitflow.importers.insee import communes_table
from eitflow.places import territory_name

__all__ = ["NAME_KM", "Territory", "city_key", "parse_codes", "place_key", "read_places", "read_territory"]

NAME_KM = 15.0   # km: how far from a site its city's commune centre may be (a large commune's)


def place_key(names: pd.Series) -> pd.Series:
    """A place name for matching: no accents, upper case, words only ('Raon-l'Étape', "RAON
    L'ETAPE" -> 'RAON L ETAPE'; 'St-Dié' -> 'SAINT DIE')."""
    s = names.astype("string").fillna("").str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    s = s.str.upper().str.replace(r"[^A-Z0-9]+", " ", regex=True).str.strip()
    return s.str.replace(r"\bSTE\b", "SAINTE", regex=True).str.replace(r"\bST\b", "SAINT", regex=True)


def city_key(names: pd.Series) -> pd.Series:
    """A city's name as `place_key` says it, to tell which communes it may name when nothing
    else says where a site is: no postal suffix ('Nantes Cedex 2', 'Béziers cédex'), no leading
    article (the communes table's `commune` has none: 'Le Havre' is 'Havre') and no spaces
    ('Terrasson La Villedieu' is Terrasson-Lavilledieu)."""
    s = place_key(names).str.replace(r"\bCEDEX\b.*$", "", regex=True).str.strip()
    return s.str.replace(r"^(LE|LA|LES|L) ", "", regex=True).str.replace(" ", "", regex=False)


@dataclass(frozen=True)
class Territory:
    """The communes of a territory and of the whole file, for `read_territory`'s tests.

    codes: the INSEE codes of its communes (insee_com); label: how it is named, official names
    and codes ("Meurthe-et-Moselle (54), Moselle (57)": `places.territory_name`); xyz_all /
    in_all: every located commune's unit vector and whether it is in the territory; xyz_in:
    those of the territory."""

    codes: frozenset[str]
    label: str
    xyz_all: np.ndarray
    in_all: np.ndarray
    xyz_in: np.ndarray
    key_all: np.ndarray   # `place_key` of every located commune's name
    dep_all: np.ndarray | None = None   # every located commune's département code (insee_dep)

    def commune_of(self, lat: np.ndarray, lon: np.ndarray, city: pd.Series | None = None) -> np.ndarray:
        """Per point (deg WGS84) and its city's name, the position (in the located communes) of
        its commune (module docstring: the commune of that name within NAME_KM, else the nearest
        commune centre)."""
        xyz = unit_vectors(np.asarray(lat, float), np.asarray(lon, float))
        _, at = nearest_km(xyz, self.xyz_all)
        at = np.asarray(at, np.int64).copy()
        if city is not None and len(xyz):
            # the nearest commune of the city's name within NAME_KM, where there is one
            keys = place_key(pd.Series(city)).to_numpy(object)
            i, j, km = pairs_within(xyz, self.xyz_all, NAME_KM)
            same = (self.key_all[j] == keys[i]) & (keys[i] != "")
            i, j, km = i[same], j[same], km[same]
            first = np.lexsort((km, i))
            i, j = i[first], j[first]
            lead = np.r_[True, i[1:] != i[:-1]] if len(i) else np.zeros(0, bool)
            at[i[lead]] = j[lead]
        return at

    def holds(self, lat: np.ndarray, lon: np.ndarray, city: pd.Series | None = None,
              margin_km: float = 0.0) -> np.ndarray:
        """Per point (deg WGS84) and its city's name: in the territory (its commune is,
        `commune_of`), or within `margin_km` (km) of a commune centre of the territory."""
        inside = self.in_all[self.commune_of(lat, lon, city)]
        if margin_km > 0:
            km, _ = nearest_km(unit_vectors(np.asarray(lat, float), np.asarray(lon, float)), self.xyz_in)
            inside = inside | (km <= margin_km)
        return inside

    def may_hold(self, city: pd.Series, margin_km: float = 0.0) -> np.ndarray:
        """Per city name of a site with no position (a Hotmaps site without geometry): whether
        it may be in the territory, as `holds` would place it. A commune of that name
        (`city_key`) is in the territory, or, with a margin, has its centre within margin_km +
        NAME_KM (km) of a commune centre of the territory (`commune_of` takes a site's city
        within NAME_KM of it); a name no commune has may be anywhere: True."""
        near = self.in_all.copy()
        if margin_km > 0:
            km, _ = nearest_km(self.xyz_all, self.xyz_in)
            near |= km <= margin_km + NAME_KM
        keys = city_key(pd.Series(self.key_all, dtype="string")).to_numpy(object)
        any_near = pd.Series(near).groupby(keys).any().to_dict()
        return np.array([bool(any_near.get(k, True)) for k in city_key(pd.Series(city, dtype="string"))], bool)

    def departements(self, lat: np.ndarray, lon: np.ndarray, city: pd.Series | None = None) -> np.ndarray:
        """Per point and its city's name, the département code of its commune (`commune_of`)."""
        assert self.dep_all is not None
        return self.dep_all[self.commune_of(lat, lon, city)]


def parse_codes(text: str | None, what: str) -> list[str]:
    """'54, 57,2a' -> ['54', '57', '2A']; a one-digit département is padded ('1' -> '01').

    Raises ValueError naming `what` ("--departements") for an empty code list."""
    if text is None:
        return []
    codes = [c.strip().upper() for c in str(text).replace(";", ",").split(",")]
    if not all(codes):
        raise ValueError(Phrase("imp_empty_code", what=what, text=excerpt(text)))
    return [c.zfill(2) if c.isdigit() and len(c) == 1 else c for c in codes]


def read_territory(communes_path: str | PathLike[str], departements: list[str] | None = None,
                   regions: list[str] | None = None) -> Territory | None:
    """The territory made of `departements` and `regions` (INSEE codes: '54', '2A', '44'),
    None when neither is given.

    Raises
    ------
    ScenarioError
        A code the communes file does not hold, naming the file, the column and the codes it has
        (20, Corsica's before 1976: that it is 2A and 2B); the file unreadable (`insee.communes_table`).
    """
    if not departements and not regions:
        return None
    return _territory(communes_table(communes_path, regions=bool(regions)), communes_path, departements, regions)


def read_places(communes_path: str | PathLike[str]) -> Territory:
    """Every commune of the file, to place points in them (`Territory.commune_of`,
    `Territory.departements`), as a territory holding none of them."""
    return _territory(communes_table(communes_path, regions=False), communes_path, [], [])


def _territory(raw: pd.DataFrame, communes_path: str | PathLike[str], departements: list[str] | None,
               regions: list[str] | None) -> Territory:
    """`read_territory` on the communes table `raw` (`insee.communes_table`)."""
    dep = raw["insee_dep"].astype("string")
    reg = raw["insee_reg"].astype("string") if regions else pd.Series(pd.NA, index=raw.index, dtype="string")
    problems = []
    for codes, col, have in ((departements or [], "insee_dep", dep), (regions or [], "insee_reg", reg)):
        known = sorted(set(have.dropna()) - {""})
        unknown = [c for c in codes if c not in known]
        shown = ", ".join(known) if len(known) <= 11 else f"{', '.join(known[:8])} ... {', '.join(known[-3:])}"
        if col == "insee_dep" and "20" in unknown and {"2A", "2B"} <= set(known):
            # Corsica was one département, 20, until 1976 (its postcodes still start with 20)
            problems.append(Problem(str(communes_path), Phrase("imp_no_code_corsica"), column=col))
            unknown.remove("20")
        if unknown:
            problems.append(Problem(str(communes_path), Phrase("imp_no_code", codes=", ".join(unknown), shown=shown),
                                    column=col))
    if problems:
        raise ScenarioError(problems)
    inside = (dep.isin(departements or []) | reg.isin(regions or [])).fillna(False).to_numpy(bool)
    lat, lon = raw["lat"], raw["lng"]
    located = (lat.between(-90, 90) & lon.between(-180, 180)).to_numpy(bool)
    xyz = unit_vectors(lat.to_numpy(float)[located], lon.to_numpy(float)[located])
    return Territory(codes=frozenset(raw["insee_com"][inside].astype(str)),
                     label=territory_name(departements, regions), xyz_all=xyz, in_all=inside[located], xyz_in=xyz[inside[located]],
                     key_all=place_key(raw["commune"][located]).to_numpy(object),
                     dep_all=dep[located].fillna("").to_numpy(object))
