"""The sweep's tables, each row derived from one run directory's files (so a run solved now
and a run read back on resume give the same bytes):

results: one row per run — run_id, base, the parameters, status, objective, bound, gap, totals
    (the shared networks' annual cost and investment among them), totals per supply resource,
    message (in the sweep's language), then the timings (columns `seconds_*`, the only ones that
    differ between two runs of the same sweep);
links: one row per run and chosen exchange (the exchange's key and transport mode, amount, net
    benefit, CO2, each also after its shares of what was built for it, `results.shares`:
    matches.csv's, so that a run's exchanges add up to its results row);
frequency: per base and exchange, in how many of the runs with a solution it is chosen.

An exchange is matches.csv's link key and its `mode` (truck, pipe, network), as matches.csv,
price_bands.csv and `eitflow compare` tell links apart: a pair linked by truck in some runs and
by pipe in others is two exchanges, each chosen in its own share of the runs.
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from eitflow.results.csvtext import FLOAT_FORMAT
from eitflow.results.rundir import LINK_KEY
from eitflow.results.spreadsheet import neutralise_text, restore_frame, restore_text
from eitflow.results.summary import summary_message

RESULT_COLUMNS = ["status", "objective", "objective_unit", "bound", "gap", "net_benefit_eur_per_yr",
                  "co2_avoided_t_per_yr", "investment_eur", "network_cost_eur_per_yr", "network_investment_eur",
                  "n_links", "message"]

# summary.json's totals a results row carries as they are (`Statistics.totals`)
TOTAL_FIELDS = ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "network_cost_eur_per_yr",
                "network_investment_eur")


# per supply resource r: columns "<r>.supplied_<base unit>" (e.g. heat.supplied_mwh_per_yr), "<r>.net_benefit_eur_per_yr", "<r>.co2_avoided_t_per_yr"
RESOURCE_FIELDS = ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr")


# summary.json timings_s keys -> columns; "optimise" is `optimise` whole, "run" the whole task on the worker
TIMING_COLUMNS = {"candidates": "seconds_candidates", "build": "seconds_build", "solve": "seconds_solve",
                  "duals": "seconds_duals", "optimise": "seconds_optimise", "run": "seconds_run"}


#: an exchange of the sweep's tables: matches.csv's link key and its transport mode ("" for a run
#: written before matches.csv had the mode: its links of one pair are then one, as in compare)
EXCHANGE_KEY = [*LINK_KEY, "mode"]


#: amount (sent, the supply's unit) and demand_amount (received, the demand's unit: 2,500 t/yr of
#: sludge sent, 50 t/yr of fertiliser received; heat after its pipe's losses): matches.csv's
LINK_COLUMNS = ["run_id", "base", *EXCHANGE_KEY, "amount", "unit", "demand_amount", "demand_unit",
                "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "net_benefit_after_shares_eur_per_yr", "co2_avoided_after_shares_t_per_yr"]


FREQUENCY_COLUMNS = ["base", *EXCHANGE_KEY, "n_runs", "n_chosen", "chosen_pct", "amount_mean", "amount_min",
                     "amount_max", "unit", "demand_amount_mean", "demand_amount_min", "demand_amount_max",
                     "demand_unit", "net_benefit_mean_eur_per_yr", "net_benefit_after_shares_mean_eur_per_yr"]


def _unit_tag(unit: str) -> str:
    return unit.replace("/", "_per_").replace(" ", "").lower()


def resource_columns(resources: dict[str, str], units: tuple = ()) -> list[str]:
    """Totals-per-resource columns for supply resources {name: base unit}, sorted by name; for
    those with a unit to build (`units`: an electrolyser), the capacity of the units built."""
    cols = []
    for r in sorted(resources):
        cols += [f"{r}.supplied_{_unit_tag(resources[r])}", *(f"{r}.{f}" for f in RESOURCE_FIELDS)]
        cols += [f"{r}.unit_capacity_{_unit_tag(resources[r])}"] if r in units else []
    return cols


def result_columns(params: list[str], resources: dict[str, str], units: tuple = ()) -> list[str]:
    """Every column of results.csv, in order; the timing columns come last."""
    return ["run_id", "base", *params, *RESULT_COLUMNS, *resource_columns(resources, units), *TIMING_COLUMNS.values()]


def row_from_summary(plan_row: dict, summary: dict, resources: dict[str, str], lang: str = "en",
                     units: tuple = ()) -> dict:
    """The results row of a finished run, from its summary.json (and its plan row: run_id,
    base, parameters); its message said in `lang` (`results.summary.summary_message`: the
    same figures as the English summary.json keeps)."""
    tot = summary.get("totals") or {}
    solved = summary.get("objective") is not None
    row = {**plan_row, "status": summary.get("status"), "objective": summary.get("objective"),
           "objective_unit": summary.get("objective_unit"), "bound": summary.get("bound"), "gap": summary.get("gap"),
           **{k: tot.get(k) for k in TOTAL_FIELDS},
           "n_links": (summary.get("counts") or {}).get("chosen_links") if solved else None,
           "message": summary_message(summary, lang)}
    per = tot.get("amount_by_resource") or {}  # `Statistics.resources`, as summary.json holds it
    for r in sorted(resources):
        got = per.get(r, {})
        row[f"{r}.supplied_{_unit_tag(resources[r])}"] = got.get("amount", 0.0) if solved else None
        for f in RESOURCE_FIELDS:
            row[f"{r}.{f}"] = got.get(f, 0.0) if solved else None
        if r in units:   # the capacity of its units built (summary.json's, `Statistics.resources`)
            row[f"{r}.unit_capacity_{_unit_tag(resources[r])}"] = got.get("unit_capacity", 0.0) if solved else None
    times = summary.get("timings_s") or {}
    for key, col in TIMING_COLUMNS.items():
        row[col] = times.get(key)
    return row


def error_row(plan_row: dict, message: str, seconds: float | None) -> dict:
    """The results row of a run that failed (no run directory: a resumed sweep tries it again)."""
    return {**plan_row, "status": "error", "message": message, "seconds_run": seconds}


def links_from_matches(rid: str, base: str, matches_csv: bytes | None) -> list[dict]:
    """The links rows of a run, from its matches.csv (none without a solution); the figures
    after shares NaN for a run written before matches.csv had them."""
    if not matches_csv:
        return []
    reader = csv.DictReader(io.StringIO(matches_csv.decode("utf-8")))
    keep = LINK_COLUMNS[2:]
    # numbers as numbers: a negative one kept as text would be written "'-3903" (never a live
    # formula) and read back as NaN (a network's injections all cost their connection)
    return [{"run_id": rid, "base": base, **{c: restore_text(rec.get(c, "")) if c in LINK_TEXT else _number(rec.get(c))
                                             for c in keep}} for rec in reader]


def _number(v) -> float:
    try:
        return float(v) if v not in (None, "") else float("nan")
    except ValueError:
        return float("nan")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return "" if math.isnan(v) else FLOAT_FORMAT % v
    if isinstance(v, int):
        return str(v)
    # one physical line per row (the journal is read line by line); never a live formula
    return neutralise_text(" ".join(str(v).splitlines()))


def csv_lines(rows: list[dict], columns: list[str]) -> bytes:
    """CSV lines (no header) of `rows`, formatted as every table eitflow writes (%.10g)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def header(columns: list[str]) -> bytes:
    return csv_lines([{c: c for c in columns}], columns)


def read_table(data: bytes, numeric_except: set[str]) -> pd.DataFrame:
    """A table written by `csv_lines` (text columns as text, as they were before the CSV
    kept them from being read as formulas; every other column numeric)."""
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    for c in df.columns:
        if c not in numeric_except:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype(float)
        else:
            df[c] = df[c].astype(object)
    return restore_frame(df, [c for c in df.columns if c in numeric_except])


RESULT_TEXT = {"run_id", "base", "status", "objective_unit", "message"}


LINK_TEXT = {"run_id", "base", *EXCHANGE_KEY, "unit", "demand_unit"}


def frequency(results: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """Per base and exchange (`EXCHANGE_KEY`: a pair by truck and by pipe is two): in how many
    runs with a solution it is chosen (`chosen_pct`, "chosen in 87 % of the draws"), and its
    amount when chosen (mean, min, max over those runs; supply unit/yr), what its user receives
    then (`demand_amount_*`, demand unit/yr: matches.csv's; NaN for a sweep written before the
    links had it) and mean net benefit
    (EUR/yr), its own and after its shares (a network's delivery after its share of the
    network's cost: the figure of the run's brief). Rows of one exchange in one run (a run
    written before the mode: truck and pipe between one pair) are added up first, so each run
    counts once. Sorted by base, most often chosen first, then by key."""
    if not len(links):
        return pd.DataFrame(columns=FREQUENCY_COLUMNS)
    solved = results[results["objective"].notna()].groupby("base")["run_id"].nunique()
    key = ["base", *EXCHANGE_KEY]
    lk = links.assign(mode=links["mode"].fillna("") if "mode" in links else "")
    for c in ("net_benefit_after_shares_eur_per_yr", "demand_amount"):   # a links table from before the figure: unknown
        if c not in lk:
            lk[c] = float("nan")
    if "demand_unit" not in lk:
        lk["demand_unit"] = ""
    if lk.duplicated([*key, "run_id"]).any():
        nums = ["amount", "demand_amount", "net_benefit_eur_per_yr", "net_benefit_after_shares_eur_per_yr"]
        gr = lk.assign(**{f"{c}_unknown": lk[c].isna() for c in nums}).groupby([*key, "run_id"], sort=False)
        summed = gr[nums].sum().join(gr[["unit", "demand_unit"]].first())
        for c in nums:   # a figure unknown in one row (NaN) is unknown in the run's sum, not left out
            summed[c] = summed[c].mask(gr[f"{c}_unknown"].any())
        lk = summed.reset_index()
    g = lk.groupby(key, sort=True)
    out = g.agg(n_chosen=("run_id", "nunique"), amount_mean=("amount", "mean"), amount_min=("amount", "min"),
                amount_max=("amount", "max"), unit=("unit", "first"),
                demand_amount_mean=("demand_amount", "mean"), demand_amount_min=("demand_amount", "min"),
                demand_amount_max=("demand_amount", "max"), demand_unit=("demand_unit", "first"),
                net_benefit_mean_eur_per_yr=("net_benefit_eur_per_yr", "mean"),
                net_benefit_after_shares_mean_eur_per_yr=("net_benefit_after_shares_eur_per_yr", "mean")).reset_index()
    out["n_runs"] = out["base"].map(solved).fillna(0).astype(int)
    out["chosen_pct"] = 100.0 * out["n_chosen"] / out["n_runs"].where(out["n_runs"] > 0)
    out = out.sort_values(["base", "n_chosen", *EXCHANGE_KEY],
                          ascending=[True, False, *([True] * len(EXCHANGE_KEY))], kind="mergesort")
    return out[FREQUENCY_COLUMNS].reset_index(drop=True)
