"""Sites drawn at one point of the map named by one label: a plot's placed activities, or
companies given the same coordinates (one building, a commune's centre).

A name each, placed round one marker (`report.labels.place_labels`), read as a pile: fos_siting's
brief put four activities on La Feuillane's marker and their four names above, beside and below
it, one on a long leader past another exchange, none saying which of the four was which on a
marker drawn four times. The sites of a point (within POINT_PX of each other on the map) now have
one label, placed as the first of them in the map's order: the plot's name and how many
activities it takes ("La Feuillane (parc d'activités) : 4 activités"; the brief's note says which
go where), else the first site's name and how many others are there ("Aciérie et 2 autres sites").
"""

from __future__ import annotations

import numpy as np

import eitflow.i18n as i18n
from eitflow.report.names import short_name

#: characters of the plot's or first site's name at least, whatever `limit` (a company's name, mostly
#: whole: 'ArcelorMittal…' named fos_siting's point of three companies where its map had room for more)
HEAD_MIN = 28
#: px apart on the map (the markers' centres) under which sites are at one point: one marker seen
POINT_PX = 0.5


def points(xy: np.ndarray, frame_of: np.ndarray) -> list[list[int]]:
    """The groups of two sites or more at one point (indices into `xy`, px, in order), each of
    one frame (`frame_of`): sites within POINT_PX of the group's first."""
    out: list[list[int]] = []
    seen = np.zeros(len(xy), dtype=bool)
    for i in range(len(xy)):
        if seen[i]:
            continue
        near = np.flatnonzero((np.hypot(xy[:, 0] - xy[i, 0], xy[:, 1] - xy[i, 1]) < POINT_PX)
                              & (frame_of == frame_of[i]) & ~seen)
        seen[near] = True
        if len(near) > 1:
            out.append([int(k) for k in near])
    return out


def point_label(names: list[str], plots: list[str | None], lang: str, limit: int) -> str:
    """The one label of the sites `names` at one point, in at most about `limit` characters
    (`short_name`): "{plot} : {n} activités" where each is an activity placed on the same plot
    (`plots`: each site's plot name, None for a site of the scenario), else "{first name} et
    {n - 1} autres sites"."""
    if plots and all(plots) and len(set(plots)) == 1:
        what = i18n.counted(len(names), "n_activities", lang)
        head = str(plots[0])
    else:
        what = i18n.counted(len(names) - 1, "n_other_sites", lang)
        head = names[0]
    key = "map_point_plot" if plots and all(plots) and len(set(plots)) == 1 else "map_point_sites"
    room = max(limit - len(i18n.text(key, lang, name="", n=what)), HEAD_MIN)
    return i18n.text(key, lang, name=short_name(head, room, True), n=what)


def one_label_each_point(groups: list[list[int]], order: list[int], texts: list[str], shorter: list[str],
                         names: list[str], plots: list[str | None], lang: str,
                         limits: tuple[int, int]) -> tuple[list[int], list[str], list[str], dict[int, int]]:
    """The labels' `order`, `texts` and `shorter` (`report.map.map_layout`'s) with each point of
    `groups` named once, by its first site in `order` (`point_label`, in `limits` characters:
    the whole and the shorter text); and how many sites each such site's label names."""
    texts, shorter, drop, count = list(texts), list(shorter), set(), {}
    rank = {i: k for k, i in enumerate(order)}
    for g in groups:
        g = sorted(g, key=lambda i: rank.get(i, len(rank) + i))
        first = g[0]
        gn, gp = [names[i] for i in g], [plots[i] for i in g]
        texts[first], shorter[first] = (point_label(gn, gp, lang, lim) for lim in limits)
        drop |= set(g[1:])
        count[first] = len(g)
    return [i for i in order if i not in drop], texts, shorter, count


__all__ = ["one_label_each_point", "point_label", "points"]
