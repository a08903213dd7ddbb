"""The report of a sweep (report.html in the sweep directory), in the style of `eitflow report`:
the runs' statuses in words, key figures over the runs, net benefit and CO2 avoided against
each swept parameter (the figure of `report.plots.write_sweep_plots`, inline), how often each
exchange is chosen ("chosen in 87 % of the runs"), and the swept parameters' ranges.

It reads only the sweep's tables (results.csv, frequency.csv, sweep.json, site_names.csv),
from a local directory or an fsspec URL, so it can be written again
at any time (`write_sweep_report`).
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow._version import __version__
from eitflow.candidates.network import network_of
from eitflow.io.atomic import write_bytes
from eitflow.report.css import BASE_CSS
from eitflow.report.names import distinct_short, network_name, param_label, param_value, short_name
from eitflow.report.style import _e, resource_colours
from eitflow.report.tables import MAX_TABLE_ROWS, raw, sent_received, td_num, thead, truncation_note
from eitflow.results.summary import no_paying_plan, sweep_siting_note

_NOT_PARAMS = {"run_id", "base", "status", "objective", "objective_unit", "bound", "gap", "net_benefit_eur_per_yr",
               "co2_avoided_t_per_yr", "investment_eur", "n_links", "message"}

SWEEP_CSS = BASE_CSS + """
.bar{display:inline-block;height:9px;border-radius:5px;background:var(--accent);vertical-align:middle;margin-right:8px}
.bartrack{display:inline-block;width:56px;height:9px;border-radius:5px;background:var(--line);vertical-align:middle;
margin-right:8px;overflow:hidden}.bartrack .bar{display:block;height:100%;margin:0;border-radius:0}
.plot svg{max-width:100%;height:auto}
#frequency-table td.site-cell{min-width:130px;max-width:230px}#frequency-table td.n{white-space:nowrap}
.res i{display:inline-block;width:10px;min-width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
"""


def _fs(location: str):
    """(fsspec filesystem or None for a local directory, root path)."""
    text = str(location)
    if "://" in text and not text.startswith("file://"):
        import fsspec

        fs, root = fsspec.core.url_to_fs(text)
        return fs, root.rstrip("/")
    return None, str(Path(text.removeprefix("file://")).resolve())


def _read(fs, root: str, rel: str) -> bytes | None:
    try:
        return fs.cat_file(f"{root}/{rel}") if fs is not None else Path(root, rel).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _csv(data: bytes | None) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=True) if data else pd.DataFrame()


def swept_parameters(results: pd.DataFrame) -> list[str]:
    """The parameter columns of a results table (between base and status), varied or not."""
    cols = list(results.columns)
    if "base" not in cols or "status" not in cols:
        return []
    return [c for c in cols[cols.index("base") + 1:cols.index("status")] if c not in _NOT_PARAMS]


def varied(results: pd.DataFrame, params: list[str]) -> list[str]:
    """The parameters that take more than one value (all of them when none does)."""
    out = [p for p in params if results[p].nunique(dropna=True) > 1]
    return out or params


def _names(fs, root: str, bases: list[str]) -> dict[tuple[str, str], str]:
    """(base, site_id) -> the site's name: site_names.csv, written by the sweep from its bases as
    read (workbooks too); in a sweep directory written before it, each base's copied sites.csv,
    read as the scenario reader reads it (a French base's ';' and decimal commas). A site
    without either is named by its id."""
    from eitflow.errors import ScenarioError
    from eitflow.io.csvfile import parse_table

    # the sweep's file (`sweep.run.SITE_NAMES`), named as the report names the sweep's other
    # tables: report and sweep are peers and do not import each other
    table = _read(fs, root, "site_names.csv")
    if table:
        from eitflow.results.spreadsheet import restore_frame

        df = pd.read_csv(io.BytesIO(table), dtype=str, keep_default_na=False, encoding="utf-8")
        df = restore_frame(df, ["base", "site_id", "name"])   # '=Usine' written as text, read back
        return {(b, s): n for b, s, n in zip(df["base"], df["site_id"], df["name"])}
    out = {}
    for b in bases:
        data = _read(fs, root, f"inputs/{b}/sites.csv")
        try:
            df = parse_table(data, f"inputs/{b}/sites.csv") if data else pd.DataFrame()
        except ScenarioError:
            continue
        if {"site_id", "name"} <= set(df.columns):
            for sid, name in zip(df["site_id"].astype(str), df["name"].fillna("").astype(str)):
                out[(b, sid)] = name.strip() or sid
    return out


def status_counts(statuses: pd.Series, lang: str) -> str:
    """How many runs ended in each status, most first (then by code, runs without one last):
    '2 optimaux, 1 erreur' ('2 optimal, 1 error'), every count with its words in the number it
    takes by `i18n.counted`, the one rule of every output: a status this version has no words
    for ('2 terminés « not_solved »') and runs without a status ('1 sans statut') too; the
    counts add up to the runs (a run without a status was left out, a code said as written
    without its plural)."""
    missing = statuses.isna()
    counts = sorted(statuses[~missing].astype(str).value_counts().items(), key=lambda sk: (-sk[1], sk[0]))
    said = [i18n.counted(int(k), f"n_st_{s}", lang) if i18n.has_text(f"n_st_{s}_one")
            else i18n.counted(int(k), "n_st_other", lang, status=s) for s, k in counts]
    return ", ".join(said + ([i18n.counted(int(missing.sum()), "n_st_missing", lang)] if missing.any() else []))


def gap_notes(results: pd.DataFrame, lang: str) -> str:
    """What the runs' gaps say, in `lang`: the median and largest gap between each solution and
    its bound (%), the runs whose gap is not defined, the runs without a solution; '' where none
    says anything. The sweep report's status block and `eitflow sweep`'s closing line (where a
    run is not optimal) both say it from here.

    Parameters
    ----------
    results : pandas.DataFrame
        results.csv's rows: ``status``, ``objective`` and ``bound`` (EUR/yr or tCO2/yr, the
        objective's unit), ``gap`` (a share, 0.01 = 1 %).
    lang : str
        "en" or "fr".
    """
    solved = results["objective"].notna()
    bad = int((~solved).sum())
    gaps = results.loc[solved, "gap"].dropna()
    small = i18n.text("sweep_gap", lang, med=i18n.gap_percent(float(gaps.median()), lang),
                      max=i18n.gap_percent(float(gaps.max()), lang)) if len(gaps) else ""
    # a run without a gap is said, not left out of a 'largest 0,00 %' (a 0.001 s time limit's empty
    # plans): why, in each run's own words where it stopped with nothing paying (`no_paying_plan`)
    said = no_gap_notes(results[solved & results["gap"].isna()], lang)
    if said:
        small += (" " if small else "") + said
    if bad:
        small += (" " if small else "") + i18n.counted(bad, "sweep_unsolved", lang)
    return small


def no_gap_notes(runs: pd.DataFrame, lang: str) -> str:
    """Why solved runs have no gap, in `lang`: those stopped with "build nothing" under a higher
    bound in the status's words (`results.summary.no_paying_plan`: no paying plan found in the
    time given, and up to the highest of their bounds still possible; by objective unit), those
    without a bound, and those whose gap results.csv lacks for another reason; '' for none.

    Parameters
    ----------
    runs : pandas.DataFrame
        results.csv's rows with a solution and no gap: ``objective``, ``bound`` (EUR/yr or
        tCO2/yr: ``objective_unit``).
    lang : str
        "en" or "fr".
    """
    num = lambda c: pd.to_numeric(runs[c], errors="coerce") if c in runs else pd.Series(np.nan, runs.index)  # noqa: E731
    units = runs["objective_unit"] if "objective_unit" in runs else pd.Series(None, runs.index, dtype=object)
    # each run as summary.json says it; every run of a sweep had a time limit (solver.time_limit_s > 0)
    rows = [{"objective": o, "bound": None if pd.isna(b) else float(b), "gap": None,
             "objective_unit": u if isinstance(u, str) else None, "time_limit_s": 1.0,
             "objective_name": "co2" if u == "tCO2/yr" else "net_benefit"}
            for o, b, u in zip(num("objective"), num("bound"), units)]
    open_ = [r for r in rows if no_paying_plan(r, lang)]
    out = []
    for unit in dict.fromkeys(r["objective_unit"] for r in open_):   # each unit's runs, their highest bound
        same = [r for r in open_ if r["objective_unit"] == unit]
        out.append(i18n.counted(len(same), "sweep_no_paying_plan", lang,
                                said=no_paying_plan(max(same, key=lambda r: r["bound"]), lang)))
    no_bound = sum(r["bound"] is None for r in rows)
    if no_bound:
        out.append(i18n.counted(no_bound, "sweep_gap_no_bound", lang))
    if len(rows) - len(open_) - no_bound:   # a bound and a gap that results.csv does not hold
        out.append(i18n.counted(len(rows) - len(open_) - no_bound, "sweep_gap_missing", lang))
    return " ".join(out)


def _status(results: pd.DataFrame, lang: str, sited: list[str] | None = None) -> str:
    """The runs' statuses, the gaps' note and, for bases with activities to place (sweep.json's
    `sited`), that the runs left them out: a page of 0 €/an with no word of why read as the plan's."""
    n = len(results)
    counts = results["status"].value_counts()
    bad = int(results["objective"].isna().sum())
    cls = "ok" if counts.get("optimal", 0) == n and not sited else ("bad" if bad else "warn")
    note = sweep_siting_note(list(sited or []), lang)
    head = i18n.text("sweep_status", lang, n=i18n.counted(n, "n_runs", lang),
                     parts=status_counts(results["status"], lang))
    small = gap_notes(results, lang)
    label = i18n.text("sweep_badge", lang)
    return (f'<div class="status {cls}" id="status"><span class="badge">{_e(label)}</span>'
            f'<div><p>{_e(head)}</p><p class="small">{_e(small)}</p>'
            + (f'<p class="small" id="siting-note">{_e(note)}</p>' if note else "") + '</div></div>')


def _cards(results: pd.DataFrame, freq: pd.DataFrame, lang: str) -> str:
    """The key figures over the runs with a solution: the median net benefit and CO2 avoided,
    with their range; over several bases, each base's own (two territories' runs pooled gave a
    median between them that no run of either reaches)."""
    ok = results[results["objective"].notna()]
    parts = list(ok.groupby(ok["base"].astype(str), sort=False)) if "base" in ok else []
    if len(parts) < 2:
        parts = [("", ok)]
    out = ['<div class="cards">']
    for key, unit, col in (("card_net", "EUR/yr", "net_benefit_eur_per_yr"), ("card_co2", "tCO2/yr",
                                                                               "co2_avoided_t_per_yr")):
        for base, part in parts:
            v = part[col].astype(float)
            med = float(v.median()) if len(v) else None
            big, tail = i18n.short_parts(med, unit, lang)   # as the report's cards: '15,1 M€/an'
            sub = i18n.text("sweep_range", lang, lo=i18n.card_figure(float(v.min()), lang),
                            hi=i18n.card_figure(float(v.max()), lang)) if len(v) else ""
            label = (f"{base} · " if base else "") + f'{i18n.text(key, lang)} · {i18n.text("sweep_median", lang)}'
            attr = f' data-base="{_e(base)}"' if base else ""
            out.append(f'<div class="card" data-key="{col}"{attr} data-v="{raw(med)}"><div class="label">'
                       f'{_e(label)}</div><div class="value">'
                       f'{_e(big)}<span class="u">{_e(tail)}</span></div>'
                       f'<div class="sub">{_e(sub)}</div></div>')
    always = int((freq["chosen_pct"] >= 100 - 1e-9).sum()) if len(freq) else 0
    out.append(f'<div class="card" data-key="always" data-v="{always}"><div class="label">'
               f'{_e(i18n.text("sweep_always", lang))}</div><div class="value">{_e(i18n.number(always, lang))}</div>'
               f'<div class="sub">{_e(i18n.counted(len(freq), "sweep_of_exchanges", lang))}'
               f'</div></div></div>')
    return "".join(out)


#: characters of a site's name in the table of exchanges (the whole name is its tooltip)
SITE_CHARS = 44


def _full_name(names: dict, base: str, code: str, lang: str) -> str:
    """A site's name (`names`: (base, site_id) -> name), a shared network's end by the network's
    name ('Réseau de chaleur', not the party id 'network:heat'), else its code."""
    net = network_of(code)
    return names.get((base, code)) or (network_name(net, lang) if net is not None else code)


def _shown_names(keys: list[tuple[str, str]], names: dict, lang: str) -> dict[tuple[str, str], str]:
    """(base, site_id) -> the name the table shows, in SITE_CHARS characters: two different names
    never look the same ("Compagnie Industrielle du Nord, unité d…" for its two plants; each is
    then cut in its middle, keeping where they differ: `distinct_short`)."""
    keys = list(dict.fromkeys(keys))
    full = [_full_name(names, b, c, lang) for b, c in keys]
    return dict(zip(keys, distinct_short(full, [short_name(n, SITE_CHARS) for n in full])))


def _site(names: dict, base: str, code: str, lang: str, shown: dict | None = None) -> str:
    """A site as the report shows it: its name (shortened, `shown` where given: `_shown_names`;
    the whole name as tooltip), the code underneath; a shared network's end by the network's
    name ('Réseau de chaleur', not the party id 'network:heat')."""
    net = network_of(code)
    name = _full_name(names, base, code, lang)
    short = (shown or {}).get((base, code)) or short_name(name, SITE_CHARS)
    sub = f'<small class="code">{_e(code)}</small>' if code != name and net is None else ""
    return f'<span title="{_e(name)}">{_e(short)}</span>{sub}'


def _frequency_table(freq: pd.DataFrame, names: dict, several: bool, lang: str) -> str:
    from eitflow.report.sections import mode_said

    # how each exchange carries, under its resource, as the run's report says it ("camion",
    # "canalisation"): one pair by truck in some runs and by pipe in others is two rows
    moded = "mode" in freq and bool((freq["mode"].fillna("").astype(str) != "").any())
    # where an exchange bears a share of a network, hub or built supply (the runs' matches.csv),
    # its mean after that share too, as the run's report shows both (a sweep written before: NaN)
    after = "net_benefit_after_shares_mean_eur_per_yr"
    shared = after in freq and bool((freq[after].notna() & ~np.isclose(freq[after].fillna(0.0).to_numpy(float),
                                                                          freq["net_benefit_mean_eur_per_yr"]
                                                                          .fillna(0.0).to_numpy(float))).any())
    cols = ([("col__base", "")] if several else []) + [
        ("col__source_site", ""), ("col__sink_site", ""), ("col_resource_mode" if moded else "col__resource", ""),
        ("sweep_chosen_in", "%"),
        ("sweep_mean_amount", "#"), ("sweep_amount_range", "#"), ("sweep_mean_net", "EUR/yr")] \
        + ([("sweep_mean_net_after", "EUR/yr")] if shared else [])
    colours = resource_colours(sorted(set(freq["supply_resource"]))) if len(freq) else {}
    rows = []
    listed = freq.head(MAX_TABLE_ROWS)
    shown = _shown_names([(str(b), str(c)) for k in ("source_site", "sink_site")
                          for b, c in zip(listed["base"], listed[k])], names, lang) if len(listed) else {}
    for r in listed.itertuples(index=False):
        b = str(r.base)
        pct = float(r.chosen_pct) if pd.notna(r.chosen_pct) else 0.0
        rs, rd = str(r.supply_resource), str(r.demand_resource)
        what = i18n.resource_pair(rs, rd, lang)
        unit = i18n.unit(str(r.unit), lang)
        # what is sent and what is received on average where they differ, under its resources, as
        # the run's report says an exchange (`sent_received`): 2 500 t/an beside "boues → fertilisant"
        # read as the fertiliser the farms get (50 t/an); a sweep written before the figure says none
        rec = r._asdict()
        conv = sent_received({"supply_resource": rs, "demand_resource": rd, "amount": r.amount_mean, "unit": r.unit,
                              "demand_amount": rec.get("demand_amount_mean"), "demand_unit": rec.get("demand_unit")}, lang)
        cells = [f"<td>{_e(b)}</td>"] if several else []
        cells += [f'<td class="site-cell">{_site(names, b, str(r.source_site), lang, shown)}</td>',
                  f'<td class="site-cell">{_site(names, b, str(r.sink_site), lang, shown)}</td>',
                  f'<td><span class="res"><i style="background:{colours.get(rs, "#555")}"></i>{_e(what)}</span>'
                  f'{mode_said(rec, lang) if moded else ""}{f"<small class=conv>{_e(conv)}</small>" if conv else ""}</td>',
                  f'<td class="n" data-v="{raw(pct)}" title="{_e(i18n.number(int(r.n_chosen), lang))} / '
                  f'{_e(i18n.number(int(r.n_runs), lang))}"><span class="bartrack"><span class="bar" '
                  f'style="width:{pct:.1f}%"></span></span>{_e(i18n.percent(pct / 100, lang, 0))}</td>',
                  td_num(r.amount_mean, lang, text=f"{i18n.amount(r.amount_mean, lang)} {unit}"),
                  td_num(r.amount_min, lang, text=f"{i18n.amount(r.amount_min, lang)} – "
                                                  f"{i18n.amount(r.amount_max, lang)}"),
                  td_num(r.net_benefit_mean_eur_per_yr, lang)]
        cells += [td_num(getattr(r, after), lang)] if shared else []
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rule = f'<p class="rule">{_e(i18n.text("sweep_after_rule", lang))}</p>' if shared else ""
    return (f'{rule}<div class="tablewrap"><table id="frequency-table">{thead(cols, lang)}<tbody>{"".join(rows)}'
            f'</tbody></table></div>' + truncation_note(len(freq), "frequency.csv", lang))


def _parameters_table(results: pd.DataFrame, params: list[str], lang: str) -> str:
    cols = [("sweep_parameter", ""), ("sweep_min", "#"), ("sweep_max", "#"), ("sweep_values", "#")]
    rows = []
    for p in params:
        v = pd.to_numeric(results[p], errors="coerce").dropna()
        rows.append(f"<tr><td>{_e(param_label(p, lang))}</td>{td_num(v.min(), lang, text=param_value(p, v.min(), lang))}"
                    f"{td_num(v.max(), lang, text=param_value(p, v.max(), lang))}{td_num(v.nunique(), lang)}</tr>")
    return f'<div class="tablewrap"><table id="parameters-table">{thead(cols, lang)}<tbody>{"".join(rows)}</tbody></table></div>'


def render_sweep_html(results: pd.DataFrame, freq: pd.DataFrame, meta: dict, svg: str, names: dict,
                      lang: str = "en") -> str:
    """The sweep report as one self-contained HTML page (no script, no network)."""
    from eitflow.report.html import page

    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    params = swept_parameters(results)
    bases = list(dict.fromkeys(results["base"].astype(str))) if len(results) else []
    title = meta.get("name") or t("sweep_title")
    lead = t("sweep_lead", n=i18n.counted(len(results), "n_runs", lang), bases=", ".join(bases),
             params=", ".join(param_label(p, lang) for p in varied(results, params)) or "–")
    svg = svg[svg.index("<svg"):] if "<svg" in svg else ""
    body = (f'<header class="top"><div class="wrap"><h1>{_e(title)}</h1><p>{_e(lead)}</p>'
            f'<p class="meta">{_e(t("sweep_meta", version=__version__))}</p></div></header><main class="wrap">'
            f'{_status(results, lang, meta.get("sited"))}{_cards(results, freq, lang)}'
            f'<section id="plot"><h2>{_e(t("sweep_plot_title"))}</h2><p class="lead">{_e(t("plot_sweep_lead"))}</p>'
            f'<div class="plot">{svg}</div></section>'
            f'<section id="frequency"><h2>{_e(t("sweep_freq_title"))}</h2><p class="lead">{_e(t("sweep_freq_lead"))}'
            f'</p>{_frequency_table(freq, names, len(bases) > 1, lang)}</section>'
            f'<section id="parameters"><h2>{_e(t("sweep_params_title"))}</h2>{_parameters_table(results, params, lang)}'
            f'</section></main><footer><div class="wrap"><p>{_e(t("sweep_files"))}</p></div></footer>')
    return page(title, body, lang, css=SWEEP_CSS, script=False)


def write_sweep_report(location: str | Path, lang: str = "en") -> list[str]:
    """report.html and the figure sweep.png/.svg/.html of the sweep at `location` (a local
    directory or an fsspec URL); returns what was written."""
    from eitflow.report.plots import write_sweep_plots

    fs, root = _fs(str(location))
    results = _csv(_read(fs, root, "results.csv"))
    freq = _csv(_read(fs, root, "frequency.csv"))
    meta = json.loads(_read(fs, root, "sweep.json") or b"{}")
    if "frequency" not in meta and not len(freq):
        freq = pd.DataFrame(columns=["base", "source_site", "sink_site", "supply_resource", "demand_resource",
                                     "n_runs", "n_chosen", "chosen_pct"])
    names = _names(fs, root, sorted(set(results["base"].astype(str))) if len(results) else [])
    with tempfile.TemporaryDirectory() as tmp:
        params = varied(results, swept_parameters(results))
        figs = write_sweep_plots(results, params, Path(tmp), lang, labels={p: param_label(p, lang) for p in params})
        svg = Path(tmp, "sweep.svg").read_text(encoding="utf-8")
        html = render_sweep_html(results, freq, meta, svg, names, lang)
        Path(tmp, "report.html").write_text(html, encoding="utf-8")
        written = []
        for p in [*figs, Path(tmp, "report.html")]:
            if fs is not None:
                fs.put_file(str(p), f"{root}/{p.name}")
                written.append(f"{location}/{p.name}")
            else:
                target = write_bytes(Path(root, p.name), p.read_bytes())
                written.append(str(target))
    return written
