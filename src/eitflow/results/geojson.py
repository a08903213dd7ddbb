"""synergies.geojson: sites and hubs as points, chosen exchanges as lines."""

from __future__ import annotations

import pandas as pd

from eitflow.scenario import Scenario


def geojson(scen: Scenario, matches: pd.DataFrame) -> dict:
    """Sites as points, chosen exchanges as lines (matches.csv fields as properties)."""
    s = scen.sites
    feats = [{"type": "Feature",
              "geometry": {"type": "Point", "coordinates": [round(float(lo), 6), round(float(la), 6)]},
              "properties": {"kind": "site", "site_id": sid, "name": nm, "sector": sec, "zone": zn}}
             for sid, nm, la, lo, sec, zn in s[["site_id", "name", "lat", "lon", "sector", "zone"]].itertuples(index=False)]
    if scen.hubs is not None:
        feats += [{"type": "Feature",
                   "geometry": {"type": "Point", "coordinates": [round(float(lo), 6), round(float(la), 6)]},
                   "properties": {"kind": "hub", "site_id": hid, "name": nm, "sector": "hub", "zone": zn}}
                  for hid, nm, la, lo, zn in scen.hubs[["hub_id", "name", "lat", "lon", "zone"]].itertuples(index=False)]
    pos = s.set_index("site_id")[["lat", "lon"]]
    if scen.hubs is not None:
        pos = pd.concat([pos, scen.hubs.set_index("hub_id")[["lat", "lon"]]])
    for rec in matches.to_dict("records"):
        a, b = pos.loc[rec["source_site"]], pos.loc[rec["sink_site"]]
        props = {"kind": "exchange", **{k: (round(v, 6) if isinstance(v, float) else v) for k, v in rec.items()}}
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": [
                          [round(float(a["lon"]), 6), round(float(a["lat"]), 6)],
                          [round(float(b["lon"]), 6), round(float(b["lat"]), 6)]]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


