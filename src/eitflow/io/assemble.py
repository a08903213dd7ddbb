"""Tables in, `Scenario` out: validate sites, flows, hubs and links (from files or from
pandas), load the catalogue, and convert every amount to its base unit."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from eitflow.catalogue import load_catalogue, pydantic_message, yaml_path, yaml_text_number
from eitflow.errors import Collector, Problem, ScenarioError, excerpt
from eitflow.i18n import SHARE_PARAMS, Net, Phrase
from eitflow.io import unitslips as slips  # values in a unit 1,000 times off
from eitflow.io.csvfile import TypedCells
from eitflow.io.hubs import validate_hubs
from eitflow.io.netwarn import warn_hub_temperature, warn_low_pressures, warn_unstated_purity
from eitflow.io.plausible import check_locations, warn_lengths
from eitflow.io.schema import SITING_TABLES, TABLES
from eitflow.io.tables import resource_hint, resource_meant, source
from eitflow.io.validate import (
    parse_profiles,
    validate_flows,
    validate_links,
    validate_sites,
    warn_min_above_amount,
    warn_repeated_rows,
)
from eitflow.scenario import Parameters, Scenario

_SCENARIO_TABLE_KEYS = {"sites", "flows", "links", "resources", "hubs", "zones", "corridors", "junctions", "plots",
                        "activities", "activity_flows"}


def parse_parameters(raw: dict, file: str = "scenario.yaml") -> Parameters:
    """scenario.yaml (less the table paths) → `Parameters`, with did-you-mean on unknown keys."""
    body = {k: v for k, v in raw.items() if k not in _SCENARIO_TABLE_KEYS}
    try:
        return Parameters.model_validate(body)
    except ValidationError as exc:
        _raise_validation(exc, file, body)
        raise  # pragma: no cover


#: the command-line option of each solver and siting key, for messages
CLI_OPTIONS = {"name": "--solver", "time_limit_s": "--time-limit", "mip_gap": "--mip-gap", "workers": "--workers",
               "threads": "--threads", "rank_top": "--rank-top", "rank_time_limit_s": "--rank-time-limit"}


def with_solver_options(params: Parameters, overrides: dict[str, Any], source: str = "command line") -> Parameters:
    """`params` with solver options replaced, validated exactly as scenario.yaml's
    `solver:` block is (the one validation path): `--mip-gap 5`, `--time-limit 0` or
    `nan`, `--workers -2` are refused with a `ScenarioError` naming the option."""
    return with_options(params, "solver", overrides, source)


def with_options(params: Parameters, block: str, overrides: dict[str, Any], source: str = "command line") -> Parameters:
    """`params` with the options of its block `block` (`solver` or `siting`) replaced, each
    validated as that block of scenario.yaml is. A refusal is a `ScenarioError` naming the
    option as `source` gave it (`--rank-top` on the command line, `siting.rank_top` in a
    run's summary.json), never pydantic's own text."""
    if not overrides:
        return params
    model = type(getattr(params, block))
    try:
        options = model.model_validate({**getattr(params, block).model_dump(), **overrides})
    except ValidationError as exc:
        col = Collector()
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            opt = CLI_OPTIONS.get(key, key) if source == "command line" else f"{block}.{key}"
            where = Phrase("cli_source") if source == "command line" else source
            if err["type"] == "extra_forbidden":   # run_file(time_limit=5): a misspelt option
                close = difflib.get_close_matches(key, list(model.model_fields), n=1)
                col.add(where, Phrase("key_unknown", k=opt,
                                      hint=Phrase("val_did_you_mean", close=close[0]) if close else ""))
                continue
            col.add(where, Phrase("opt_error", opt=opt, value=excerpt(overrides.get(key, "")), message=_message(err)))
        col.raise_if_any()
        raise  # pragma: no cover
    return params.model_copy(update={block: options})




def _message(err: Any) -> str:
    """pydantic's message in our words (a Phrase, said in each language, where there is one).
    A number written as a French spreadsheet would (`0,05`, `5 %`) is said so: YAML reads it
    as text, and 'the value must be a number' alone does not say why."""
    if err["type"] == "finite_number":
        return Phrase("val_finite")
    return yaml_text_number(err) or pydantic_message(err, value_error_prefix=False)


def _fields_at(path: tuple) -> list[str]:
    """The keys allowed in the block of scenario.yaml at `path` (pydantic's location of a key,
    less the key): [] for the top level or a path not through a block."""
    import typing

    model: Any = Parameters
    for part in path:
        field = model.model_fields.get(part) if isinstance(part, str) and hasattr(model, "model_fields") else None
        if field is not None:
            model = field.annotation
        elif typing.get_origin(model) is dict:   # a per-resource block: networks.<resource>
            model = typing.get_args(model)[1]
        else:
            return []
        if typing.get_origin(model) is dict:
            continue
    return list(model.model_fields) if path and hasattr(model, "model_fields") else []


def _catalogue_hint(loc: tuple) -> Phrase | None:
    """Where a key of a network's pipes goes: `networks.co2.phase` (and its design pressure,
    density, velocity, sizes...) is the resource's catalogue block, resources.yaml's
    `co2: network: phase:`, which sets it for the scenario's one network of that resource; it read
    only 'unknown key'."""
    from eitflow.catalogue import NetworkSpec

    if len(loc) != 3 or loc[0] != "networks" or str(loc[2]) not in NetworkSpec.model_fields:
        return None
    return Phrase("val_network_catalogue_key", field=str(loc[2]), res=str(loc[1]))


def _raise_validation(exc: ValidationError, file: str, body: dict) -> None:
    col = Collector()
    known = list(Parameters.model_fields) + sorted(_SCENARIO_TABLE_KEYS) + ["time_limit_s", "mip_gap", "threads",
                                                                            "workers", "isolate"]
    for err in exc.errors():
        loc = yaml_path(err["loc"], body, excerpt)   # a list's items counted from 1, as people do
        if err["type"] == "extra_forbidden":
            # a key of a block (networks.heat.max_lenght_km) is matched against that block's own
            close = difflib.get_close_matches(str(err["loc"][-1]), _fields_at(err["loc"][:-1]) or known, n=1)
            col.add(file, Phrase("key_unknown", k=loc, hint=_catalogue_hint(err["loc"]) or (
                Phrase("val_did_you_mean", close=close[0]) if close else "")))
        else:
            given = err.get("input")
            # a share (0.05 = 5 %) given between 1 and 100 is most likely a percentage (as a sweep says)
            hint = Phrase("sweep_e_share_hint", share=given / 100, val=given) \
                if loc in SHARE_PARAMS and isinstance(given, (int, float)) and not isinstance(given, bool) \
                and 1 < given <= 100 else slips.parameter_hint(loc, given)
            col.add(file, Phrase("key_error", k=loc, message=_message(err), hint=hint))
    col.raise_if_any()


_LIST_COLUMNS = {c.name for t in (*TABLES.values(), *SITING_TABLES.values()) for c in t.columns
                 if c.kind in ("list", "profile")}


def _as_text_frame(df: pd.DataFrame, label: str = "table") -> pd.DataFrame:
    """DataFrame from a library user → the all-text form the validators expect (a table the
    CSV reader made is that already). Columns are taken by position, so a name given twice
    reaches the validators (which say so) instead of failing here."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{label}: expected a pandas DataFrame (found {type(df).__name__})")
    if "rows" in df.attrs:
        return _composed(df.reset_index(drop=True))
    out = df.copy()
    out.columns = [str(c).strip() for c in out.columns]
    typed = {}
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if pd.api.types.is_bool_dtype(s):   # a nullable boolean's NA is a missing cell
            missing = s.isna().to_numpy()
            out.isetitem(i, np.where(missing, "", np.where(s.fillna(False).to_numpy(dtype=bool), "true", "false")))
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_complex_dtype(s):
            out.isetitem(i, _numbers_as_text(s))
            typed[out.columns[i]] = np.ones(len(s), bool)
        else:
            if s.dtype == object:
                typed[out.columns[i]] = np.fromiter((isinstance(v, (int, float, np.number)) and not
                                                     isinstance(v, (bool, np.bool_)) for v in s.tolist()), bool, len(s))
            # a cell holding several values (monthly_profile, a hub's resources): list, tuple or array;
            # in any other column ([30] as an amount) refused, never read as its one value
            many = [k for k, v in enumerate(s.tolist()) if isinstance(v, (list, tuple, np.ndarray, set))]
            if many and out.columns[i] not in _LIST_COLUMNS:
                raise ScenarioError([Problem(label, Phrase("val_list_in_cell", found=excerpt(s.iat[k])), row=k + 2,
                                             column=out.columns[i]) for k in many[:5]])
            s = s.map(lambda v: ";".join(map(str, np.ravel(v).tolist() if isinstance(v, np.ndarray) else v))
                      if isinstance(v, (list, tuple, np.ndarray)) else v)
            out.isetitem(i, s.astype(object).where(s.notna(), "").astype(str).str.strip())
    out = out.reset_index(drop=True)
    if "typed" not in df.attrs:
        # numbers given as numbers are read as they are; numbers given as text ('48,6265',
        # '1 234,5': a French CSV read by pandas without decimal=',') as in a ';' file
        out.attrs["decimal_comma"] = True
        out.attrs["typed"] = TypedCells(typed)
    return _composed(out)


def _composed(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells in Unicode's composed form (NFC): 'É' typed on one machine is one
    character, pasted from a PDF or written on a Mac it may be 'E' and a combining accent.
    Both look the same and are the same text, but as ids they would not match (flows.csv's
    FLÉVILLE reported unknown, 'did you mean FLÉVILLE?'). Columns of plain ASCII (nearly
    all) are left as they are. `df` is the caller's own copy, changed in place."""
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        try:
            joined = "\n".join(s.tolist())
        except TypeError:
            continue   # not all text: not a column the reader made
        if joined.isascii() or unicodedata.is_normalized("NFC", joined):
            continue
        norm = [unicodedata.normalize("NFC", v) for v in s.tolist()]
        if norm != s.tolist():
            df.isetitem(i, pd.Series(norm, index=s.index, dtype=s.dtype))
    return df


# floats below this are whole numbers exactly (2**53): written without '.0'
_EXACT_WHOLE = 2.0 ** 53


def _numbers_as_text(s: pd.Series) -> np.ndarray:
    """A numeric column as the text a CSV file would hold: integers as written (an id 101 or
    a SIRET 44229377500031 stays '101', '44229377500031', never '101.0', so it matches the
    same id given as text in another table, and the outputs name it as the caller did);
    whole floats too (an integer column with a gap becomes float in pandas); other floats
    in their shortest form; missing values empty."""
    if pd.api.types.is_integer_dtype(s):
        return s.astype(object).where(s.notna(), "").map(str).to_numpy(dtype=object)
    v = s.to_numpy(dtype=float, na_value=np.nan)
    text = v.astype(str).astype(object)
    whole = np.isfinite(v) & (np.abs(v) < _EXACT_WHOLE)
    whole[whole] = v[whole] == np.floor(v[whole])
    text[whole] = v[whole].astype(np.int64).astype(str)
    text[np.isnan(v)] = ""
    return text


#: the tables `scenario_from_frames` takes as DataFrames, by argument name
FRAME_TABLES = ("sites", "flows", "links", "hubs", "plots", "activities", "activity_flows", "corridors", "junctions")


def build_scenario(sites: pd.DataFrame, flows: pd.DataFrame, links: pd.DataFrame | None = None,
                   resources: dict | None = None, params: Parameters | dict | None = None,
                   labels: dict[str, str] | None = None, hubs: pd.DataFrame | None = None,
                   skip_refs: bool = False, plots: pd.DataFrame | None = None, activities: pd.DataFrame | None = None,
                   activity_flows: pd.DataFrame | None = None, corridors: pd.DataFrame | None = None,
                   junctions: pd.DataFrame | None = None, canonical: bool = False,
                   sources: dict[str, str] | None = None) -> Scenario:
    """Validate tables (text or typed DataFrames) and return a `Scenario` in base units.

    Parameters
    ----------
    sites, flows, links, hubs : DataFrame
        Tables with the columns of `io.schema` (SITES, FLOWS, LINKS, HUBS); links and hubs
        are optional. Cells may be text (as read from CSV) or typed.
    resources : dict, optional
        A parsed resources.yaml, merged over the built-in catalogue.
    params : Parameters or dict, optional
        scenario.yaml keys (`eitflow.scenario.Parameters`).
    labels : dict, optional
        The file (or sheet) name of each table, for messages.
    skip_refs : bool
        Do not check references to sites (the sites table could not be read: its
        problems are reported, and the other tables are still checked).
    plots, activities, activity_flows : DataFrame, optional
        Siting (`eitflow site`): free plots (`io.schema.PLOTS`, or a CNIG dialect), the
        activities that could go on them (`io.schema.ACTIVITIES`) and the flows of one
        instance of each (`io.schema.ACTIVITY_FLOWS`); plots and activities come together.
    sources : dict, optional
        How a problem names a table when another refers to it (an unknown site: "not in
        sites.csv"; `io.tables.source`). Default: the scenario format's file names when
        `labels` are given (files, byte for byte as always), else, for DataFrames, the argument
        ("not in the sites DataFrame").
    canonical : bool
        Put the tables in one order whatever the order of their rows (`canonical_order`:
        permuted files, same results byte for byte). `read_scenario` does; frames keep
        their order by default (their positions are the flows' positions).

    Returns
    -------
    Scenario
        Amounts in each resource's base unit per year, hub capacities too; `warnings`
        holds plausible but odd data (exit 0, printed and written to summary.json).

    Raises
    ------
    ScenarioError
        Every problem at once, with file, row and column.
    """
    if sources is None and labels is None:   # DataFrames from a library user: name the arguments
        sources = {k: Phrase("src_frame", name=k) for k in FRAME_TABLES}
    labels = {"sites": "sites", "flows": "flows", "links": "links", "resources": "resources", "hubs": "hubs",
              "parameters": "parameters", **(labels or {})}
    if params is None:
        params = Parameters(name="scenario")
    elif isinstance(params, dict):
        params = parse_parameters({"name": "scenario", **params}, "parameters")
    cat = load_catalogue(resources, labels["resources"])
    col, warn = Collector(), Collector()
    col.sources = warn.sources = dict(sources or {})
    col.warn = warn
    slips.warn_parameter_units(params, cat, labels["parameters"], warn)   # an electricity price per kWh...
    for r in params.max_distance_km:
        if r not in cat:
            col.add(labels["parameters"], Phrase("scen_max_distance", res=excerpt(r), hint=resource_hint(r, cat),
                                                 names=", ".join(sorted(cat))))
    # the read-time checks see scenario.yaml's radii; the scenario keeps the catalogue's, so its
    # radius is `params.max_distance_km` as it is when solved (`candidates.radius`), a key deleted since too
    base_cat, cat = cat, {**cat, **{n: cat[n].model_copy(update={"max_distance_km": float(d)})
                                    for n, d in params.max_distance_km.items() if n in cat}}
    sites_t = _as_text_frame(sites, labels["sites"])
    flows_t = _as_text_frame(flows, labels["flows"])
    sites_t.attrs.update(sites.attrs)
    flows_t.attrs.update(flows.attrs)
    s = validate_sites(sites_t, labels["sites"], col, warn)
    if len(s) == 0 and len(sites_t) > 0:
        skip_refs = True  # the sites header is wrong (reported): references to sites cannot be checked
    if skip_refs:
        s = pd.concat([s, pd.DataFrame({"site_id": flows_t.get("site_id", pd.Series(dtype=str)).unique()})])
    # a flow at a junction's or a hub's id is said so (neither has a flow), not as an unknown site
    jids, hids = ({str(v).strip() for v in t[c] if isinstance(v, str) and str(v).strip()}
                  if t is not None and c in t else set() for t, c in ((junctions, "junction_id"), (hubs, "hub_id")))
    f = validate_flows(flows_t, labels["flows"], s, cat, col, junctions=jids, hubs=hids)
    warn_repeated_rows(flows_t, labels["flows"], warn, "val_repeated_flow")
    warn_min_above_amount(f, labels["flows"], warn)
    slips.warn_flow_units(f, labels["flows"], base_cat, warn)   # base_cat: radii against the catalogue's
    warn_low_pressures(f, labels["flows"], cat, warn)   # below 1 bar: absolute bar (io.netwarn)
    warn_unstated_purity(f, labels["flows"], cat, warn)   # an empty purity passes every demand's (io.netwarn)
    profiles = parse_profiles(flows_t, labels["flows"], col) if len(flows_t) else None
    hb = None
    if hubs is not None:
        hubs_t = _as_text_frame(hubs, labels["hubs"])
        hubs_t.attrs.update(hubs.attrs)
        hb = validate_hubs(hubs_t, labels["hubs"], s, cat, col, warn)   # free hubs warned about
        warn_low_pressures(hb, labels["hubs"], cat, warn)
        warn_hub_temperature(hb, f, labels["hubs"], cat, warn)   # an empty one: no rule through it (io.netwarn)
        slips.warn_hub_units(hb, f, s, labels["hubs"], cat, warn)   # a rate per hour, a radius in metres
        # a hub's coordinates checked as a plot's: among the territory's sites, or swapped
        _check_places(hb, "hub_id", labels["hubs"], s, col, warn, "hub")
    lk = None
    if links is not None:
        links_t = _as_text_frame(links, labels["links"])
        links_t.attrs.update(links.attrs)
        lk = validate_links(links_t, labels["links"], s, f, cat, col, hb) if len(f) else None
        if lk is not None and len(lk):
            warn_lengths(lk["source_site"], lk["sink_site"], lk["distance_km"].to_numpy(float), [s, hb],
                         labels["links"], "distance_km", warn, ("link_length_short", "link_length_metres", None))
            slips.warn_link_capacity(lk, f, labels["links"], cat, warn)   # a rate per hour
    # the siting before the networks: a corridor may end at a plot, where a placed activity joins
    siting = None
    if (plots is None) != (activities is None):
        col.add(labels.get("plots" if plots is None else "activities", "scenario"),
                Phrase("sit_needs_both"))
    elif plots is not None and activities is not None:
        from eitflow.io.siting import validate_siting

        text = {k: _as_text_frame(v, labels.get(k, k)) for k, v in (("plots", plots), ("activities", activities),
                                                   ("activity_flows", activity_flows)) if v is not None}
        for k, v in (("plots", plots), ("activities", activities), ("activity_flows", activity_flows)):
            if v is not None:
                text[k].attrs.update(v.attrs)
        siting = validate_siting(text["plots"], text["activities"], text.get("activity_flows"), labels, s, cat,
                                 params, col, warn)
    jn = cr = None
    if junctions is not None or corridors is not None or params.networks:
        from eitflow.io.network import (
            check_dead_ends,
            check_junction_use,
            check_network_corridors,
            validate_corridors,
            validate_junctions,
            validate_networks,
            warn_pipe_sizes,
        )

        validate_networks(params, cat, col, labels["parameters"], warn=warn)
        if junctions is not None:
            jt = _as_text_frame(junctions, labels.get("junctions", "junctions"))
            jt.attrs.update(junctions.attrs)
            jn = validate_junctions(jt, labels.get("junctions", "junctions"), s, hb, cat, col)
            _check_places(jn, "junction_id", labels.get("junctions", "junctions"), s, col, warn, "junction")
        if corridors is not None:
            ct = _as_text_frame(corridors, labels.get("corridors", "corridors"))
            ct.attrs.update(corridors.attrs)
            rated = {r: cat[r].network.rating(o.temperature_c, o.return_temperature_c, o.pressure_bar).capacity  # type: ignore[union-attr]
                     for r, o in params.networks.items() if r in cat and cat[r].network is not None}
            cr = validate_corridors(ct, labels.get("corridors", "corridors"), s, hb, jn, cat, col, warn, rated,
                                    plots=None if siting is None else siting.plots)
            meant = {resource_meant(k, cat) for k in params.networks if k not in cat}   # 'chaleur': said already
            for r in sorted(set(cr["resource"]) - set(params.networks) - meant):
                if r in cat and cat[r].quality == "temperature":
                    col.add(labels["parameters"], Phrase("scen_corridor_temperature", res=r, net=Net(r),
                                                         t=source(col, "corridors")))
        warn_pipe_sizes(cat, set(params.networks) | (set() if cr is None else set(cr["resource"])), labels["resources"],
                        warn)
        if jn is not None:
            check_junction_use(jn, cr, params, labels.get("junctions", "junctions"), warn)
        check_network_corridors(params, cr, warn, labels["parameters"])
        # (a plot is a node whose activity is not known yet; flows refused for a missing column: said)
        if cr is not None and siting is None and {"site_id", "resource"} <= set(f.columns):
            check_dead_ends(cr, f, hb, cat, labels.get("corridors", "corridors"), warn, params, jn)
        if siting is not None:   # a plot is a network's node: its id names one place
            others = (set() if hb is None else set(hb["hub_id"])) | (set() if jn is None else set(jn["junction_id"]))
            for pid, row in zip(siting.plots["plot_id"], siting.plots["row"]):
                if pid in others:
                    col.add(labels.get("plots", "plots"), Phrase("sit_plot_clash_place", id=pid), row=int(row),
                            column="plot_id")
    if len(sites_t) == 0:
        col.add(labels["sites"], Phrase("val_no_sites"))
    if len(flows_t) == 0:
        col.add(labels["flows"], Phrase("val_no_flows"))
    col.raise_if_any()
    if profiles is not None and len(f) and f["single_source"].any():
        col.add(labels["flows"], Phrase("val_single_source_profiles"), column="single_source")
        col.raise_if_any()
    if canonical:
        s, f, profiles, lk, hb = canonical_order(s, f, profiles, lk, hb)
    return Scenario(sites=s, flows=f, catalogue=base_cat, params=params, links=lk, profiles=profiles, hubs=hb,
                    warnings=warn.problems, siting=siting, corridors=cr, junctions=jn)


def _check_places(places: pd.DataFrame | None, key: str, file: str, sites: pd.DataFrame, col: Collector,
                  warn: Collector, kind: str) -> None:
    """Hubs' or junctions' coordinates against the territory's sites (`io.plausible`): lat and
    lon swapped (an error), or far from them all (a warning). Rows: the table's, in order."""
    if places is None or not len(places) or not {"lat", "lon"} <= set(places.columns) or not len(sites):
        return
    check_locations(pd.DataFrame({"site_id": places[key].to_numpy(), "lat": places["lat"].to_numpy(float),
                                  "lon": places["lon"].to_numpy(float)}), file, col, warn, cloud=sites, kind=kind)


LINK_ORDER = ["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id", "demand_flow_id"]


def canonical_order(sites: pd.DataFrame, flows: pd.DataFrame, profiles: np.ndarray | None,
                    links: pd.DataFrame | None, hubs: pd.DataFrame | None):
    """The validated tables in one order whatever the order of the rows in the files: sites
    by site_id, flows by (site_id, flow_id), links by their six ids, hubs by hub_id
    (profiles follow their flows). The model's columns and rows follow these tables, so the
    solver sees the same model -- and breaks ties between equally good exchanges the same
    way -- when the rows of a file are permuted: permuted inputs give byte-identical outputs
    (when the flows give their flow_id; the default one, f<row>, names the row)."""
    def ordered(df: pd.DataFrame | None, keys: list[str]) -> np.ndarray | None:
        if df is None or len(df) < 2 or not set(keys) <= set(df.columns):
            return None
        cols = [df[k].astype(str).to_numpy() for k in reversed(keys)]
        order = np.lexsort(cols)
        return None if (order == np.arange(len(df))).all() else order

    def take(df, order):
        return df if order is None else df.iloc[order].reset_index(drop=True)

    sites = take(sites, ordered(sites, ["site_id"]))
    o = ordered(flows, ["site_id", "flow_id"])
    flows = take(flows, o)
    if profiles is not None and o is not None:
        profiles = profiles[o]
    links = take(links, ordered(links, LINK_ORDER))
    hubs = take(hubs, ordered(hubs, ["hub_id"]))
    return sites, flows, profiles, links, hubs


def scenario_from_frames(sites: pd.DataFrame, flows: pd.DataFrame, links: pd.DataFrame | None = None,
                         resources: dict | None = None, hubs: pd.DataFrame | None = None,
                         plots: pd.DataFrame | None = None, activities: pd.DataFrame | None = None,
                         activity_flows: pd.DataFrame | None = None, corridors: pd.DataFrame | None = None,
                         junctions: pd.DataFrame | None = None, **params: Any) -> Scenario:
    """Library entry point: pandas tables in the scenario format → validated `Scenario`.

    Parameters
    ----------
    sites, flows : DataFrame
        Required tables (`io.schema.SITES`, `io.schema.FLOWS`): amounts in the row's `unit`
        (converted to base units), temperatures in degC, distances in km, prices in EUR per
        base unit.
    links, hubs : DataFrame, optional
        Known candidate connections (`io.schema.LINKS`) and candidate hubs (`io.schema.HUBS`).
    plots, activities, activity_flows : DataFrame, optional
        Free plots and the activities that could go on them, for `eitflow.site`
        (`io.schema.PLOTS`, `ACTIVITIES`, `ACTIVITY_FLOWS`).
    corridors, junctions : DataFrame, optional
        Candidate corridors of shared networks and the junctions they may meet at
        (`io.schema.CORRIDORS`, `JUNCTIONS`); see also the `networks` parameter.
    resources : dict, optional
        Catalogue overrides, as a parsed resources.yaml.
    **params
        scenario.yaml keys: objective, carbon_price_eur_per_t (EUR/tCO2), solver={...}, ...

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Every problem at once, with table, row and column.
    """
    return build_scenario(sites, flows, links, resources, params or None, hubs=hubs, plots=plots,
                          activities=activities, activity_flows=activity_flows, corridors=corridors,
                          junctions=junctions)


