"""Names people read: a site's name from sites.csv first, its code only where it has none."""

from __future__ import annotations

import pandas as pd


def display_names(sites: pd.DataFrame) -> list[str]:
    """The name people read for each site: sites.csv `name`, else its code."""
    ids = sites["site_id"].astype(str).tolist()
    names = sites["name"].astype(str).tolist() if "name" in sites.columns else ids
    return [n.strip() if n and n.strip() and n.strip().lower() != "nan" else i for n, i in zip(names, ids)]


def short_name(name: str, limit: int) -> str:
    """A name that fits `limit` characters: a trailing "(...)" goes first, then an ellipsis."""
    if len(name) <= limit:
        return name
    if name.endswith(")") and " (" in name:
        name = name[:name.rindex(" (")].rstrip()
        if len(name) <= limit:
            return name
    return name[:limit - 1].rstrip() + "…"
