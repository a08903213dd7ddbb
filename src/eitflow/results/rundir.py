"""Write a run directory atomically and reproducibly.

Everything is written into a hidden staging directory beside the target, which is put in
place with one rename (`results.target`: the destination checked and locked, replaced only
when it is an eitflow run directory and `force=True`): a crash, a signal or a full disk
never leaves a half-written run behind. CSV outputs never carry a live formula
(`results.spreadsheet`). Files are byte-identical for the same inputs (stable row order,
fixed float formatting), except the `timings_s` block of summary.json.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import eitflow.procs as procs
from eitflow.candidates.placements import PLACED_NAME_SEP
from eitflow.i18n import Phrase
from eitflow.io.runinputs import INPUTS, input_copies, input_copy_name
from eitflow.results.csvtext import write_csv
from eitflow.results.geojson import _json_default, corridor_layer, dumps_compact, geo_layers_json
from eitflow.results.olderruns import after_shares, corridors_with_pumping
from eitflow.results.result import Result
from eitflow.results.runplaces import places_from_geojson, places_from_inputs
from eitflow.results.spreadsheet import restore_frame
from eitflow.results.target import PYTHON_NAMES, RunExistsError, RunLock, check_target, commit

__all__ = ["RunExistsError", "check_target", "write_run", "read_run", "RunData", "read_summary", "read_zones"]

# the chosen exchanges keep the spec's file name (synergies.geojson); the spec's mixed file is
# split into one geometry type per file, the sites going to sites.geojson
GEOJSON_FILES = {"exchanges": "synergies"}
LINK_KEY = ["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id", "demand_flow_id"]


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False, default=_json_default) + "\n"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def scenario_inputs(result: Result) -> list[Path]:
    """The scenario's files (scenario.yaml or workbook, and the tables it names)."""
    scen = result.scenario
    return [p for p in [scen.source, *scen.files.values()] if p is not None]


def write_files(run_dir: Path, files: dict) -> None:
    """Write more files of a run (file name -> DataFrame, as CSV, or a GeoJSON dict), e.g.
    the siting tables (`analyses.siting.siting_files`); for `write_run(..., extras=)`."""
    for name, table in files.items():
        if isinstance(table, pd.DataFrame):
            write_csv(table, Path(run_dir) / name)
        else:
            (Path(run_dir) / name).write_text(dumps(table), encoding="utf-8")


def write_run(result: Result, out: str | Path, force: bool = False, extras: Callable[[Path], None] | None = None,
              lock: RunLock | None = None, deadline: float | None = None,
              names: tuple[str, str] = PYTHON_NAMES) -> Path:
    """Write a run directory atomically: everything goes into a hidden staging directory
    beside `out` (``.NAME.tmp-XXXX/NAME``), which is put in place with one rename; an
    existing, non-empty `out` is replaced only with `force=True` (else `RunExistsError`),
    and only when it is an eitflow run directory (`results.target.check_target`: never a
    file, a user directory, the current directory or a parent of the inputs). The
    destination is locked while writing (`lock`: one already held, e.g. since before the
    solve); on any failure (a full disk, a signal) nothing is left but what was there.

    `extras(run_dir)` writes further files (the report, results.xlsx) into the staged
    directory before the commit, so they are part of the one rename too.

    `deadline` (epoch s, the run's time budget): not_chosen.csv and candidates.geojson, the
    two files that grow with the candidate links, are left out when writing them would
    overrun it (`solve.budget.heavy_s`); summary.json then lists them under `omitted`.

    Files: summary.json (status, objective, bound, gap, totals, counts, parameters,
    versions, timings, input checksums) and inputs/ (copies of the scenario files; none for
    a scenario built from DataFrames); with a
    solution also matches.csv, unmatched.csv, price_bands.csv,
    companies.csv, zones.csv (totals per zone, the default allocation), zone_flows.csv,
    not_chosen.csv (candidate links left unbuilt and why, `results.notchosen`), the GeoJSON
    layers (sites, hubs, exchanges, candidates, unmatched: one geometry type per file,
    `results.geojson`), and
    hubs.csv / heat_levels.csv / supplies_built.csv where it has them, corridors.csv, corridors.geojson
    (the network corridors built) and network_shares.csv (each company's share of a network's
    cost) where it has a network. Every figure is read from
    `result.statistics`; nothing is solved here. Without a solution only summary.json and
    inputs/ are written: no table is presented as a result.

    Returns
    -------
    Path
        The run directory `out`.

    Raises
    ------
    RunExistsError
        `out` is not empty and `force` is not given.
    TargetError
        `out` may not be written (a file, a user directory, read-only). Both messages name
        `out` and `force=True`; `names` another pair (the command line: --out, --force).
    """
    out = Path(out)
    inputs = scenario_inputs(result)
    check_target(out, force, inputs, names)
    held = lock if lock is not None else RunLock(out, names, "write_run").acquire()   # the Python API
    try:
        check_target(out, force, inputs, names)  # again, under the lock: another run may have committed meanwhile
        with procs.registering():
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
            procs.track_path(staging)
        try:
            tmp = staging / out.name
            tmp.mkdir()
            _write_files(result, tmp, extras, deadline)
            commit(tmp, out)
        finally:
            procs.remove_path(staging)  # empty, or the run that was replaced
    finally:
        if lock is None:
            held.release()
    return out


def _write_files(result: Result, tmp: Path, extras: Callable[[Path], None] | None,
                 deadline: float | None = None) -> None:
    from eitflow.results.economics import company_benefits, price_bands
    from eitflow.results.unmatched import with_french_detail
    from eitflow.solve.budget import heavy_s

    t0 = time.perf_counter()
    summary = dict(result.summary)
    omitted = {}
    if summary.get("objective") is not None:
        stats = result.statistics
        write_csv(result.matches, tmp / "matches.csv")
        unmatched = with_french_detail(result.unmatched)   # the CSV's and the map layer's words, both languages
        write_csv(unmatched, tmp / "unmatched.csv")
        write_csv(price_bands(result), tmp / "price_bands.csv")
        write_csv(company_benefits(result), tmp / "companies.csv")
        write_csv(stats.zones(), tmp / "zones.csv")
        write_csv(stats.zone_flows(), tmp / "zone_flows.csv")
        from eitflow.results.notchosen import not_chosen
        from eitflow.results.summary import omitted_facts

        n_left = len(result.candidates.links) - len(result.matches)  # about what not_chosen() would list
        if deadline is not None and time.time() + heavy_s(max(n_left, 0)) > deadline:
            # a code and its figures, said in the reader's language (`omitted_said`): the English
            # sentence alone was all a French run's summary.json held
            why = omitted_facts(max(n_left, 0), result.scenario.params.solver.time_limit_s)
            omitted = {"not_chosen.csv": why, "candidates.geojson": why}
            nc_layer = None
        else:
            nc_layer = with_french_detail(not_chosen(result))   # its reasons in both languages, as unmatched's
            write_csv(nc_layer, tmp / "not_chosen.csv")
        for name, text in geo_layers_json(result.scenario, result.matches, unmatched, nc_layer).items():
            (tmp / f"{GEOJSON_FILES.get(name, name)}.geojson").write_bytes(text)
        if result.candidates.network is not None:   # shared networks: the corridors built
            cor = stats.corridors()
            write_csv(cor, tmp / "corridors.csv")
            write_csv(stats.network_shares(), tmp / "network_shares.csv")
            (tmp / "corridors.geojson").write_bytes(dumps_compact(corridor_layer(cor, result.scenario)))
        for stem, table in (("hubs", result.hubs), ("supplies_built", result.supplies), ("heat_levels", result.heat_levels)):
            if table is not None:
                write_csv(table, tmp / f"{stem}.csv")
    inputs = {}
    scen = result.scenario
    if scen.source is not None:
        (tmp / INPUTS).mkdir()
        for key, p in [("scenario", scen.source), *sorted(scen.files.items())]:
            if p.exists():
                shutil.copy2(p, tmp / INPUTS / input_copy_name(key, p))
                inputs[key] = {"path": str(p), "sha256": sha256(p)}
    summary["inputs"] = inputs
    if omitted:
        summary["omitted"] = omitted
    summary["timings_s"] = {**summary.get("timings_s", {}), "write": round(time.perf_counter() - t0, 4)}
    (tmp / "summary.json").write_text(dumps(summary), encoding="utf-8")
    if extras is not None:
        extras(tmp)


class RunDirError(ValueError):
    """The directory is not a readable eitflow run directory."""


# columns read back as text (ids, labels) or booleans; every other column is numeric
_TEXT = {"source_site", "sink_site", "supply_resource", "demand_resource", "unit", "demand_unit", "supply_flow_id",
         "demand_flow_id", "mode", "kind", "site_id", "name", "zone", "source_zone", "sink_zone", "resource",
         "reason", "detail", "detail_fr", "flow_id", "direction", "hub_id", "allocation", "sector", "activity_id", "activity",
         "plot_id", "plot", "method", "exchanges", "placed_activities", "pollution", "constraints", "best_plot", "allowed_uses", "excluded_uses",
         "corridor_id", "from", "to", "size", "capacity_unit", "capacity_given_unit", "network", "sizing", "catalogue_size",
         "territory", "land_take_territories", "best_activity", "best_method", "network_piece", "price_note"}   # territory codes keep their leading zeros (INSEE 01053)
_BOOL = {"inside", "heat_pump", "in_plan", "available", "existing", "generated", "greenfield", "binding", "sized",
         "built_idle", "co2_at_source"}
#: the `sector` of a placed activity's site in RunData.sites (siting: not in inputs/sites.csv);
#: the report says it in its language (message sector_placed_activity)
PLACED_SECTOR = "placed activity"


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """A table `write_run` wrote (text as text, booleans, the rest numeric); an empty frame
    with `columns` when the file is absent or empty."""
    if not path.exists():
        return pd.DataFrame(columns=columns)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:   # a table without columns (`eitflow site --no-rank` wrote ranking.csv so)
        return pd.DataFrame(columns=columns)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:   # overwritten or edited: said, not a traceback
        raise RunDirError(Phrase("rundir_bad_csv", path=str(path), why=str(exc).strip())) from None
    restore_frame(df, [c for c in df.columns if c in _TEXT])
    for c in df.columns:
        if c in _BOOL:
            df[c] = df[c].str.lower().eq("true")
        elif c not in _TEXT:
            df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def read_zones(run_dir: str | Path) -> pd.DataFrame:
    """zones.csv of a run (`results.zones.zone_table`), as the report and the GeoPackage read it."""
    from eitflow.results.zones import ZONE_COLUMNS

    return _read_csv(Path(run_dir) / "zones.csv", ZONE_COLUMNS)


@dataclass
class RunData:
    """A run directory read back (`read_run`): what the report, `compare` and sweeps read.

    Tables are as `write_run` wrote them (empty, with their columns, when the run has no
    solution); units are in the column names. `sites`: site_id, kind (site | hub), name,
    lat, lon (degrees), sector, zone (blank where none), from the copied inputs (from the
    GeoJSON for a scenario built in memory).
    """

    run_dir: Path
    summary: dict
    matches: pd.DataFrame
    unmatched: pd.DataFrame
    companies: pd.DataFrame
    price_bands: pd.DataFrame
    zones: pd.DataFrame
    zone_flows: pd.DataFrame
    sites: pd.DataFrame
    hubs: pd.DataFrame | None = None
    heat_levels: pd.DataFrame | None = None
    not_chosen: pd.DataFrame | None = None   # candidate links left unbuilt, with the reason (not_chosen.csv)
    zone_shapes: list[dict] | None = None    # real zone outlines (inputs/zones.geojson), when given
    # siting runs (`eitflow site`): placements.csv, ranking.csv, activity_reasons.csv, plots.csv
    placements: pd.DataFrame | None = None
    ranking: pd.DataFrame | None = None
    activity_reasons: pd.DataFrame | None = None
    plots: pd.DataFrame | None = None
    # shared networks: corridors.csv (the corridors built) and network_shares.csv (each company's share)
    corridors: pd.DataFrame | None = None
    network_shares: pd.DataFrame | None = None
    junction_names: dict[str, str] = field(default_factory=dict)   # junctions.csv (and plots.csv): id -> name
    supplies_built: pd.DataFrame | None = None   # units built for supplies and their capacity (supplies_built.csv)

    @property
    def has_solution(self) -> bool:
        """Whether the run found a solution (else only summary.json and inputs/ exist)."""
        return self.summary.get("objective") is not None

    @property
    def totals(self) -> dict:
        """summary.json's totals (EUR/yr, tCO2/yr, EUR; see `Statistics.totals`)."""
        return self.summary.get("totals") or {}

    @property
    def resources(self) -> list[str]:
        """Every resource named in matches and unmatched, sorted."""
        names = set(self.matches.get("supply_resource", [])) | set(self.matches.get("demand_resource", []))
        return sorted(names | set(self.unmatched.get("resource", [])))


def read_summary(run_dir: str | Path) -> dict:
    """summary.json of a run directory; `RunDirError` naming the path when it is not one."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDirError(Phrase("rundir_not_dir", path=str(run_dir)))
    sp = run_dir / "summary.json"
    if not sp.exists():
        raise RunDirError(Phrase("rundir_no_summary", path=str(run_dir)))
    try:
        return json.loads(sp.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunDirError(Phrase("rundir_bad_json", path=str(sp), why=str(exc))) from None


def read_run(run_dir: str | Path) -> RunData:
    """Read a run directory written by `write_run` (`eitflow run`) into a `RunData`.

    Returns
    -------
    RunData
        summary.json as a dict, each table as a DataFrame (ids as text; amounts in their unit
        per year, money in EUR and EUR/yr, CO2 in tCO2/yr, as written).

    Raises
    ------
    RunDirError
        Not a run directory, or its files cannot be read.
    """
    from eitflow.results.economics import BAND_COLUMNS
    from eitflow.results.netallocation import NETWORK_SHARE_COLUMNS
    from eitflow.results.network import CORRIDOR_COLUMNS
    from eitflow.results.notchosen import older_not_chosen
    from eitflow.results.statistics import COMPANY_COLUMNS
    from eitflow.results.tables import HEAT_LEVEL_COLUMNS, MATCH_COLUMNS
    from eitflow.results.unmatched import UNMATCHED_COLUMNS
    from eitflow.results.zones import ZONE_FLOW_COLUMNS

    run_dir = Path(run_dir)
    summary = read_summary(run_dir)
    copies = input_copies(run_dir / INPUTS, summary.get("inputs"))   # from the summary read above
    places = places_from_inputs(run_dir / INPUTS, copies) if (run_dir / INPUTS).is_dir() else None
    if places is None:
        places = places_from_geojson(run_dir)
    # a junction is a place of the networks only (corridors end there), not a site of the map
    is_junction = places["kind"] == "junction"
    junction_names = dict(zip(places.loc[is_junction, "site_id"], places.loc[is_junction, "name"]))
    places = places[~is_junction].reset_index(drop=True)
    hp, lp, np_, cp = (run_dir / f"{k}.csv" for k in ("hubs", "heat_levels", "not_chosen", "corridors"))
    siting = {k: _read_csv(run_dir / f"{k}.csv", []) if (run_dir / f"{k}.csv").exists() else None
              for k in ("placements", "ranking", "activity_reasons", "plots", "supplies_built")}
    q = siting["plots"]
    if q is not None and len(q) and "name" in q:   # a siting's plots are the networks' places too
        junction_names.update({str(k): str(v) for k, v in zip(q["plot_id"], q["name"]) if isinstance(v, str) and v})
    pl = siting["placements"]
    if pl is not None and len(pl):  # placed activities are sites of the plan (not in inputs/sites.csv)
        places = pd.concat([places, pd.DataFrame({
            "site_id": pl["site_id"].astype(str), "kind": "site", "name": pl["activity"] + PLACED_NAME_SEP + pl["plot"],
            "lat": pl["lat"], "lon": pl["lon"], "sector": PLACED_SECTOR, "zone": pl["zone"]})],
            ignore_index=True).drop_duplicates("site_id")
    zp = copies.get("zones")
    shapes = None
    if zp is not None and zp.is_file():
        from eitflow.io.zones import read_zone_shapes

        shapes = read_zone_shapes(zp, str(zp))
    hubs = _read_csv(hp, []) if hp.exists() else None
    return RunData(
        run_dir=run_dir, summary=summary,
        matches=after_shares(_read_csv(run_dir / "matches.csv", MATCH_COLUMNS), hubs),
        unmatched=_read_csv(run_dir / "unmatched.csv", UNMATCHED_COLUMNS),
        companies=_read_csv(run_dir / "companies.csv", COMPANY_COLUMNS),
        price_bands=_read_csv(run_dir / "price_bands.csv", BAND_COLUMNS),
        zones=read_zones(run_dir),
        zone_flows=_read_csv(run_dir / "zone_flows.csv", ZONE_FLOW_COLUMNS),
        sites=places,
        hubs=hubs,
        heat_levels=_read_csv(lp, HEAT_LEVEL_COLUMNS) if lp.exists() else None,
        not_chosen=older_not_chosen(_read_csv(np_, []), summary) if np_.exists() else None, zone_shapes=shapes,
        corridors=corridors_with_pumping(_read_csv(cp, CORRIDOR_COLUMNS)) if cp.exists() else None,
        network_shares=_read_csv(run_dir / "network_shares.csv", NETWORK_SHARE_COLUMNS) if cp.exists() else None,
        junction_names=junction_names, **siting)
