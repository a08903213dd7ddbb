"""Benchmark instances as scenario files on disk (for the cases that time the whole command
line, `eitflow run`, from outside: the time-limit and memory suites)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml


def write_frames(root: Path, sites: pd.DataFrame, flows: pd.DataFrame, links: pd.DataFrame | None = None,
                 hubs: pd.DataFrame | None = None, resources: dict | None = None, **params) -> Path:
    """Write tables and scenario keys as a scenario directory; returns scenario.yaml's path."""
    root.mkdir(parents=True, exist_ok=True)
    doc: dict = {"name": params.pop("name", "benchmark"), "sites": "sites.csv", "flows": "flows.csv"}
    sites.to_csv(root / "sites.csv", index=False, float_format="%.10g")
    flows.to_csv(root / "flows.csv", index=False, float_format="%.10g")
    if links is not None:
        links.to_csv(root / "links.csv", index=False, float_format="%.10g")
        doc["links"] = "links.csv"
    if hubs is not None:
        h = hubs.copy()
        h["resources"] = h["resources"].map(lambda v: ";".join(v) if isinstance(v, (list, tuple)) else v)
        h.to_csv(root / "hubs.csv", index=False, float_format="%.10g")
        doc["hubs"] = "hubs.csv"
    if resources:
        (root / "resources.yaml").write_text(yaml.safe_dump(resources, sort_keys=True), encoding="utf-8")
        doc["resources"] = "resources.yaml"
    doc.update(params)
    (root / "scenario.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return root / "scenario.yaml"
