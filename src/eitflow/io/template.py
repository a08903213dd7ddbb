"""The scenario template `eitflow init` writes: a filled small example, either as the CSV
files of the scenario format (scenario.yaml, sites.csv, flows.csv, links.csv, with the
column notes in README.md) or as one workbook (sheets sites, flows, links, hubs,
corridors, junctions, parameters, notes). Both hold the same data and give the same optimum.
With `network`, the example has a shared heat network too (corridors.csv, junctions.csv).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eitflow.i18n import Phrase, gloss, has_text, text, unit
from eitflow.io.atomic import replacing, write_text
from eitflow.io.csvfile import csv_text
from eitflow.io.schema import (
    CORRIDORS,
    FLOWS,
    HUBS,
    JUNCTIONS,
    LINKS,
    SITES,
    TABLE_KEYS,
    TABLES,
    Table,
    parameter_keys,
)
from eitflow.io.sidefiles import WORKBOOK_FILE_KEYS
from eitflow.io.workbook import _cell_text

# A small territory (fictitious sites, figures from the bundled example's sources): waste heat
# from an incinerator and a steel mill, treated water from a wastewater plant, FGD gypsum to a
# plasterboard plant along a surveyed truck route (links.csv), and sulphur that nobody uses.
EXAMPLE_SITES = [
    # site_id, name, lat, lon, sector, zone
    ("UVE", "Waste incinerator (example)", 50.28480, 3.99050, "38.21 Waste incineration", "Agglomeration"),
    ("SERRES", "Greenhouses (example)", 50.29900, 4.00300, "01.13 Glasshouse vegetables", "Agglomeration"),
    ("RCU", "District heating network (example)", 50.27600, 3.95800, "35.30 District heating", "Agglomeration"),
    ("STEP", "Wastewater treatment plant (example)", 50.28200, 4.01800, "37.00 Wastewater treatment", "Agglomeration"),
    ("ACIER", "Steel mill (example)", 50.27900, 4.04200, "24.10 Electric-arc-furnace steel", "ZAE Est"),
    ("CHIMIE", "Chemical plant (example)", 50.28600, 4.08600, "20.13 Chemicals, boiler with FGD", "ZAE Est"),
    ("PLATRE", "Plasterboard plant (example)", 50.28560, 3.92750, "23.62 Plasterboard", "ZAE Ouest"),
]


_FLOW_EXAMPLE_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "unit", "temperature_c",
                         "price_eur_per_unit", "min_amount", "max_distance_km", "required", "co2_factor_t_per_unit",
                         "note"]
EXAMPLE_FLOWS = [
    # the columns of _FLOW_EXAMPLE_COLUMNS; the template's other columns are left empty
    ("uve_heat", "UVE", "supply", "heat", 80, "GWh/yr", 120, 0, None, None, None, None,
     "hot water from the turbine back-pressure; dumped in the air condenser today"),
    ("acier_heat", "ACIER", "supply", "heat", 25, "GWh/yr", 110, 0, None, None, None, None,
     "furnace off-gas recovery; lost to cooling towers today"),
    ("serres_heat", "SERRES", "demand", "heat", 30, "GWh/yr", 55, 45, 5, None, None, None,
     "10 ha of glasshouses; gas boilers today (price per MWh)"),
    ("rcu_heat", "RCU", "demand", "heat", 60000, "MWh/yr", 95, 50, 10000, None, "false", None,
     "district heating; gas boilers today"),
    ("step_water", "STEP", "supply", "water", 1500000, "m3/yr", None, 0, None, None, None, None,
     "treated wastewater after filtration and UV; discharged to the river today"),
    ("acier_water", "ACIER", "demand", "water", 300000, "m3/yr", None, 0.6, None, None, None, None,
     "cooling make-up water"),
    ("chimie_water", "CHIMIE", "demand", "water", 900000, "m3/yr", None, 0.45, None, None, None, None,
     "cooling-tower make-up water"),
    ("chimie_gypsum", "CHIMIE", "supply", "fgd_gypsum", 4.9, "kt/yr", None, 15, None, None, None, None,
     "flue-gas desulphurisation gypsum; disposal cost 15 EUR/t today"),
    ("platre_gypsum", "PLATRE", "demand", "gypsum", 160, "kt/yr", None, 22, 2, None, None, None,
     "natural gypsum bought today at 22 EUR/t"),
    ("step_sulphur", "STEP", "supply", "sulphur", 5, "t/yr", None, 150, None, None, None, None,
     "no site uses sulphur here: stays unmatched"),
]


_LINK_EXAMPLE_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "distance_km", "capacity",
                         "var_cost_eur_per_unit", "fixed_cost_eur_per_yr", "investment_eur", "note"]
EXAMPLE_LINKS = [
    # the columns of _LINK_EXAMPLE_COLUMNS
    ("CHIMIE", "PLATRE", "fgd_gypsum", "gypsum", 17.5, None, 3.5, 2000, 50000,
     "surveyed truck route; covered storage bay at the plant"),
]


# `eitflow init --network`: the example with a shared heat network. Three heat users 2.5-3 km
# north-west of the incinerator and a few hundred metres apart: one trunk to a junction and a
# short branch to each cost less than a pipe from the incinerator to each, so the network is
# built (its optimum beats the same data without it; tests/test_init_network.py).
NETWORK_SITES = [
    ("HOPITAL", "Hospital (example)", 50.3072, 3.9722, "86.10 Hospital", "Agglomeration"),
    ("LYCEE", "School campus (example)", 50.3030, 3.9702, "85.31 Secondary education", "Agglomeration"),
    ("LOGTS", "Housing estate (example)", 50.3068, 3.9792, "68.20 Social housing", "Agglomeration"),
]
NETWORK_FLOWS = [
    # the columns of _FLOW_EXAMPLE_COLUMNS
    ("hopital_heat", "HOPITAL", "demand", "heat", 12000, "MWh/yr", 70, 55, None, None, None, None,
     "space heating and hot water; gas boilers today"),
    ("lycee_heat", "LYCEE", "demand", "heat", 4000, "MWh/yr", 70, 60, None, None, None, None,
     "school buildings; gas boilers today"),
    ("logts_heat", "LOGTS", "demand", "heat", 15000, "MWh/yr", 70, 55, None, None, None, None,
     "1,200 dwellings on a block boiler today"),
]
_CORRIDOR_EXAMPLE_COLUMNS = ["corridor_id", "resource", "from", "to", "note"]
EXAMPLE_CORRIDORS = [
    ("trunk", "heat", "UVE", "J_NORD", "trunk main along the ring road (example)"),
    ("b_hopital", "heat", "J_NORD", "HOPITAL", "branch to the hospital (example)"),
    ("b_lycee", "heat", "J_NORD", "LYCEE", "branch to the school campus (example)"),
    ("b_logts", "heat", "J_NORD", "LOGTS", "branch to the housing estate (example)"),
]
_JUNCTION_EXAMPLE_COLUMNS = ["junction_id", "name", "lat", "lon", "note"]
EXAMPLE_JUNCTIONS = [
    ("J_NORD", "Ring-road crossing (example)", 50.3048, 3.9748, "where the branches leave the trunk (example)"),
]
# the network's supply temperature (degC): the catalogue's pipe sizes are for a 90/60 degC
# network; the incinerator (120 degC) injects directly, the 70 degC users draw from it, the
# district heating (95 degC) cannot and keeps its own pipe
NETWORK_TEMPERATURE_C = 90


EXAMPLE_PARAMETERS = [
    # key, value, note
    ("name", "My territory (template example)", "required: a short title for reports"),
    ("description", "A small example to edit: waste heat, treated water and FGD gypsum.", "free text"),
    ("objective", "net_benefit", "net_benefit (EUR/yr, default) or co2 (tCO2/yr avoided)"),
    ("carbon_price_eur_per_t", 100, "EUR per tCO2 avoided, added to the net benefit"),
    ("discount_rate", 0.05, "annualises investments (capital recovery factor)"),
    ("lifetime_years", 20, "years over which investments are annualised"),
    ("max_distance_km.heat", 10, "optional radius override per resource (km), one row per resource"),
    ("solver.name", "highs", "highs (default) or cbc"),
    ("solver.time_limit_s", 60, "wall-clock budget for the whole run (s)"),
    ("solver.mip_gap", 0.001, "relative optimality gap at which the solver stops"),
    ("solver.workers", 1, "parallel processes over independent parts of the territory"),
]


def _unit(u: str, lang: str) -> str:
    """A column's unit in `lang`: its translation when it is words ("the row's unit"), else the
    unit said the language's way (`i18n.unit`: EUR/yr -> €/an); English as declared."""
    if lang == "en":
        return u
    return gloss(u, lang) if has_text(f"gloss__{u}") else unit(u, lang)


def column_notes(lang: str = "en") -> list[tuple[str, str, str, str, str, str]]:
    """(sheet or file, column, required, unit, meaning, example) of every column of every table
    and every parameters key: the declaration of `io.schema`, as the notes sheet shows it, said in
    `lang` (the meanings through `i18n.gloss`; sheet and column names stay as written)."""
    out = []
    for t in TABLES.values():
        for c in t.columns:
            req = text("yes", lang) if c.required else gloss(c.applies, lang)
            out.append((t.name, c.name, req, _unit(c.unit, lang), gloss(c.description, lang), gloss(c.example, lang)))
    out.append(("parameters", "key", text("yes", lang), "", text("tmpl_param_key", lang), "carbon_price_eur_per_t"))
    out.append(("parameters", "value", "", "", text("tmpl_param_value", lang), "100"))
    return out


def _rows(table: Table, columns: list[str], examples: list[tuple]) -> list[list]:
    """Example rows laid out on every column of the table (empty where the example has none)."""
    return [[dict(zip(columns, r)).get(c) for c in table.names] for r in examples]


def _said_rows(table: Table, rows: list[list], lang: str) -> list[list]:
    """The example's words (site names, sectors, zones, notes) in `lang`; ids, figures and codes as written."""
    said = [i for i, n in enumerate(table.names) if n in ("name", "sector", "zone", "note")]
    return [[gloss(v, lang) if i in said and isinstance(v, str) else v for i, v in enumerate(r)] for r in rows]


def _template_tables(lang: str = "en", network: bool = False,
                     every: bool = False) -> list[tuple[Table, list[list]]]:
    """The tables of the template, each with all its declared columns (`io.schema`): sites,
    flows, links and, with `network`, corridors and junctions; `every`: hubs too, and the network's
    tables empty without it (the workbook's sheets)."""
    none: list | None = [] if every else None   # a table the example leaves empty: a sheet, no file

    def example(table: Table, columns: list[str], rows: list[tuple]) -> list[list] | None:
        return _rows(table, columns, rows) if network else none

    tables = [(SITES, _rows(SITES, SITES.names, EXAMPLE_SITES + (NETWORK_SITES if network else []))),
              (FLOWS, _rows(FLOWS, _FLOW_EXAMPLE_COLUMNS, EXAMPLE_FLOWS + (NETWORK_FLOWS if network else []))),
              (LINKS, _rows(LINKS, _LINK_EXAMPLE_COLUMNS, EXAMPLE_LINKS)),
              (HUBS, none),
              (CORRIDORS, example(CORRIDORS, _CORRIDOR_EXAMPLE_COLUMNS, EXAMPLE_CORRIDORS)),
              (JUNCTIONS, example(JUNCTIONS, _JUNCTION_EXAMPLE_COLUMNS, EXAMPLE_JUNCTIONS))]
    return [(t, _said_rows(t, rows, lang)) for t, rows in tables if rows is not None]


def _parameters(lang: str, network: bool = False) -> list[tuple[str, Any, str]]:
    """EXAMPLE_PARAMETERS said in `lang` (title, description, notes); in another language than
    English with a `lang` key, so that the runs of the scenario report in it; with `network`,
    the heat network's temperature."""
    out = [(k, gloss(v, lang) if isinstance(v, str) and k in ("name", "description") else v, gloss(n, lang))
           for k, v, n in EXAMPLE_PARAMETERS]
    if lang != "en":
        out.insert(2, ("lang", lang, text("tmpl_yaml_lang", lang)))
    if network:
        out.append(("networks.heat.temperature_c", NETWORK_TEMPERATURE_C, text("tmpl_yaml_net_temp", lang)))
    return out


def _scenario_yaml(lang: str = "en", network: bool = False) -> str:
    p = {k: v for k, v, _ in _parameters(lang, network)}
    note = {k: n for k, _, n in _parameters(lang, network)}
    lines = [text("tmpl_yaml_head", lang), text("tmpl_yaml_edit", lang),
             "#   eitflow run scenario.yaml --out ../runs/my_run && eitflow report ../runs/my_run",
             f"name: {json.dumps(p['name'], ensure_ascii=False)}",
             f"description: {json.dumps(p['description'], ensure_ascii=False)}",
             *([f"lang: {lang}                           # {note['lang']}"] if "lang" in p else []),
             "sites: sites.csv",
             "flows: flows.csv",
             "links: links.csv                   # " + text("tmpl_yaml_links", lang),
             *(["corridors: corridors.csv           # " + text("tmpl_yaml_corridors", lang),
                "junctions: junctions.csv           # " + text("tmpl_yaml_junctions", lang)] if network else []),
             f"objective: {p['objective']}               # {note['objective']}",
             f"carbon_price_eur_per_t: {p['carbon_price_eur_per_t']}        # {note['carbon_price_eur_per_t']}",
             f"discount_rate: {p['discount_rate']}                # {note['discount_rate']}",
             f"lifetime_years: {p['lifetime_years']}",
             "max_distance_km:                   # " + text("tmpl_yaml_radius", lang),
             f"  heat: {p['max_distance_km.heat']}",
             *(["networks:                          # " + text("tmpl_yaml_networks", lang),
                "  heat:",
                f"{'    temperature_c: ' + str(p['networks.heat.temperature_c']):<35}# "
                f"{note['networks.heat.temperature_c']}"] if network else []),
             "solver:",
             f"  name: {p['solver.name']}                     # {note['solver.name']}",
             f"  time_limit_s: {p['solver.time_limit_s']}                # {note['solver.time_limit_s']}",
             f"  mip_gap: {p['solver.mip_gap']}                  # {note['solver.mip_gap']}",
             f"  workers: {p['solver.workers']}                      # {note['solver.workers']}",
             ""]
    return "\n".join(lines)


def _readme(lang: str = "en", network: bool = False) -> str:
    from eitflow.io.schema import markdown_columns

    def t_(key: str) -> str:
        return text(f"tmpl_readme_{key}", lang)

    out = [t_("title"), "", t_("intro"), "", t_("scenario"), t_("sites"), t_("flows"), t_("links"), t_("hubs"),
           t_("corridors_net" if network else "corridors"), "", t_("csv"), "", t_("then"), "", "```bash", "eitflow validate scenario.yaml",
           "eitflow run scenario.yaml --out ../runs/my_run",
           "eitflow report ../runs/my_run      # ../runs/my_run/report.html", "```", "", t_("excel"), ""]
    for t in TABLES.values():
        d = gloss(t.description, lang)
        out += [f"## {t.file}", "", d[0].upper() + d[1:] + ".", "", markdown_columns(t, lang), ""]
    return "\n".join(out)


def _existing(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.exists()]


def template_files(excel: bool = False, network: bool = False) -> list[str]:
    """The files `write_template` writes (as it names them), the scenario first."""
    if excel:
        return ["scenario.xlsx"]
    return ["scenario.yaml", "sites.csv", "flows.csv", "links.csv",
            *(["corridors.csv", "junctions.csv"] if network else []), "README.md"]


def write_template(directory: str | Path, excel: bool = False, force: bool = False, lang: str = "en",
                   network: bool = False) -> Path:
    """Write a filled scenario template, every table with all its declared columns (`io.schema`).

    Parameters
    ----------
    directory : str or Path
    excel : bool
        One workbook (sheets sites, flows, links, hubs, corridors, junctions, parameters, notes) instead of
        scenario.yaml and CSV files with a README.md of the columns.
    force : bool
        Overwrite existing files (refused otherwise).
    lang : str
        Language of the notes, comments and README ("en" or "fr"; `i18n.LANGS`); other than English,
        the scenario carries it (`lang:`) so that its runs report in it. Column names stay as written.
        French CSV files are ';'-separated with decimal commas, UTF-8 with a BOM (as French Excel
        opens them); English ones ','-separated with decimal points, without a BOM.
    network : bool
        The example with a shared heat network (90 degC): corridors.csv (a trunk from the
        incinerator to a junction, a branch to each of three heat users), junctions.csv, the three
        users in sites.csv and flows.csv, and the `networks:` block (the workbook: its sheets and
        a ``networks.heat.temperature_c`` parameter).

    Returns
    -------
    Path
        The scenario to run: scenario.yaml, or scenario.xlsx.

    Raises
    ------
    FileExistsError
        When a file would be overwritten without `force`.
    """
    d = Path(directory)
    clash = _existing([d / n for n in template_files(excel, network)])
    if clash and not force:
        # the verb agrees with the files ("existe déjà", "existent déjà"); there is one at least
        raise FileExistsError(Phrase("init_exists_one" if len(clash) == 1 else "init_exists_many",
                                     files=", ".join(str(p) for p in clash)))
    d.mkdir(parents=True, exist_ok=True)
    if excel:
        return _write_template_workbook(d / "scenario.xlsx", lang, network)
    for table, rows in _template_tables(lang, network):
        # French: ';' and decimal commas, with a BOM, as French Excel opens them (`io.csvfile`)
        write_text(d / table.file, csv_text(table.names, rows, lang))
    write_text(d / "scenario.yaml", _scenario_yaml(lang, network))   # under --force, each file whole or as it was
    write_text(d / "README.md", _readme(lang, network))
    return d / "scenario.yaml"


def _style_sheet(ws, widths: dict[int, float] | None = None, notes: dict[str, str] | None = None) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    head_fill = PatternFill("solid", fgColor="DCE8EC")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center")
        if notes and cell.value in notes:
            # tall enough for its text (about 45 characters a line at this width)
            cell.comment = Comment(notes[cell.value], "eitflow", width=320,
                                   height=max(110, 18 * (len(notes[cell.value]) // 45 + 2)))
    ws.freeze_panes = "A2"
    for i in range(1, ws.max_column + 1):
        letter = get_column_letter(i)
        if widths and i in widths:
            w = widths[i]
        else:
            vals = [len(_cell_text(c.value)) for c in ws[letter][:200]]
            w = min(max(vals + [8]) + 2, 60)
        ws.column_dimensions[letter].width = w


def _write_template_workbook(path: Path, lang: str = "en", network: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from eitflow.catalogue import load_catalogue

    wb = Workbook()
    yes, required = text("yes", lang), text("tmpl_required", lang) + " "
    notes_by = {s: {c: f"{required if r == yes else ''}{m}" + (f" [{u}]" if u else "")
                    for s2, c, r, u, m, _ in column_notes(lang) if s2 == s}
                for s in ("sites", "flows", "links", "hubs", "corridors", "junctions", "parameters")}
    first = True
    for table, rows in _template_tables(lang, network, every=True):
        ws = wb.active if first else wb.create_sheet(table.name)
        ws.title = table.name
        first = False
        ws.append(table.names)
        for row in rows:
            ws.append(list(row))
        _style_sheet(ws, notes=notes_by[table.name])
    # drop-down lists where the values are closed sets
    flows = wb["flows"]
    cols = {c.value: c.column_letter for c in flows[1]}
    resources = ",".join(sorted(load_catalogue()))
    for col, values in (("direction", ",".join(FLOWS["direction"].allowed)), ("resource", resources),
                        ("required", "true,false"), ("single_source", "true,false")):
        if len(values) < 250:
            dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True, showErrorMessage=False)
            dv.add(f"{cols[col]}2:{cols[col]}2000")
            flows.add_data_validation(dv)
    par = wb.create_sheet("parameters")
    par.append(["key", "value", "note"])
    doc = {p.key.replace(".<resource>", ".heat"): p.description for p in parameter_keys()}
    for k, v, n in _parameters(lang, network):
        par.append([k, v, gloss(doc[k], lang) if doc.get(k) else n])
    _style_sheet(par, widths={1: 26, 2: 44, 3: 70}, notes=notes_by["parameters"])
    notes = wb.create_sheet("notes")
    notes.append(text("tmpl_notes_head", lang).split(","))
    for note in column_notes(lang):
        notes.append(list(note))
    notes.append([])
    for k, d in WORKBOOK_FILE_KEYS.items():   # not scenario.yaml's table paths: the tables are sheets
        notes.append(["parameters", k, "", "", gloss(d, lang), ""])
    for p in parameter_keys():
        if p.key not in TABLE_KEYS:
            notes.append(["parameters", p.key, "", "", gloss(p.description, lang),
                          "" if p.default in ("", None) else str(p.default)])
    notes.append([])
    notes.append(["", "", "", "", text("tmpl_notes_run", lang), ""])
    _style_sheet(notes, widths={1: 12, 2: 30, 3: 14, 4: 18, 5: 100, 6: 26})
    wb.properties.creator = "eitflow"
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


