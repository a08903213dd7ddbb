"""The tables an analysis writes where its user says (`--csv`, `--diff-csv`, `--flows-csv`,
`--amounts-csv`): checked before anything is solved, never over what the command reads.

`eitflow pareto SCEN --csv SCEN_DIR/sites.csv` wrote the front over the scenario's own sites
table, and `eitflow compare A B --csv A/matches.csv` over run A's exchanges, both saying only
'wrote'; `--csv DIR` (a directory) or a path through a file ended in a traceback, after the
solves. Now, before the first solve (exit 2, in the command's language):

- a path that is a directory, or under a file, is refused (`out_is_dir`, `tgt_parent_file`), and
  so is pareto's `--out` directory under a file;
- a file the command reads is refused: the scenario's files (scenario.yaml and every table
  it names), and every file of a run directory read (SCENARIO given as a run directory, or
  compare's two runs: their tables, summary.json, inputs/) (`out_read`);
- an existing file that is not a `.csv` is refused (`out_not_csv`);
- one file named by two of these options is refused (`out_twice`): `zones --csv t.csv
  --flows-csv t.csv` wrote the first table, then refused the second after the solve, naming
  --csv;

`eitflow report RUN --out FILE` likewise: an existing HTML page replaced only where eitflow
wrote it (its `<meta name="generator" content="eitflow ...">`), a path under a file said
before anything is written (`report_out_not_ours`, `tgt_parent_file`). The pages and figures
of `eitflow pareto` (pareto.png, .svg, .html in --out) and of `eitflow report` (--figures'
map and sankey, --pdf's brief and report, HTML and PDF, beside --out), and `run --export-lp`,
likewise: a file there that does not say eitflow wrote it (`report.ourfiles`) is refused
before anything is solved or written (`out_not_ours`), unless `--force`. And when the table is
written, an existing CSV is replaced only by a table of the same
columns (the same analysis written again, the way people re-run a command), never a CSV
holding another table (`out_other_table`); a system error (full disk, permission) is said
in words, the file named (`cli_cannot_write`), not a traceback.
"""
from __future__ import annotations

import csv as csvlib
import os
from collections.abc import Iterable
from pathlib import Path

import click
import pandas as pd

#: the options naming a table to write, as their parameters are called
TABLE_OPTIONS = {"csv": "--csv", "diff_csv": "--diff-csv", "flows_csv": "--flows-csv", "amounts_csv": "--amounts-csv"}
#: the most of an existing file's first line read to compare its header (bytes)
HEADER_BYTES = 1 << 16
#: the most files of a run directory listed as read (its tables and inputs/ hold a few dozen)
RUN_FILES_MAX = 10_000


def _given() -> dict[str, Path]:
    """The table options given on this command line, by option name ('--csv': path)."""
    params = click.get_current_context().params
    return {o: Path(params[p]) for p, o in TABLE_OPTIONS.items() if params.get(p) is not None}


def _fail(key: str, lang: str, **fields) -> None:
    from eitflow.cli.common import fail
    from eitflow.i18n import text

    fail(text(key, lang, **fields), lang)


def run_dir_files(run_dir: Path) -> list[Path]:
    """Every regular file of a run directory that a command reads (its tables, summary.json,
    inputs/...), at most `RUN_FILES_MAX`."""
    out: list[Path] = []
    try:
        for p in Path(run_dir).rglob("*"):
            if p.is_file():
                out.append(p)
                if len(out) >= RUN_FILES_MAX:
                    break
    except OSError:
        pass
    return out


def scenario_files(path: Path, scen) -> list[Path]:
    """The files a command reading SCENARIO `path` (read as `scen`) reads: scenario.yaml (or
    the workbook) and every table it names; a run directory's every file."""
    from eitflow.results.target import is_run_dir

    files = [Path(path), *(Path(p) for p in (scen.files or {}).values())]
    if scen.source is not None:
        files.append(Path(scen.source))
    if Path(path).is_dir():
        files += run_dir_files(Path(path)) if is_run_dir(path) else []
    return files


def scenario_stem(path: Path) -> str:
    """What names the scenario at `path` in a file name: its directory's name for a
    scenario.yaml or a directory (a scenario's, a run's), else the file's stem (a workbook,
    another YAML file): scenarios/zae_example/scenario.yaml -> 'zae_example'."""
    p = Path(path).absolute()
    return p.parent.name if p.is_file() and p.stem == "scenario" else (p.name if p.is_dir() else p.stem)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _under_a_dir(out: Path, lang: str, start: Path | None = None) -> None:
    """Refuse (exit 2) `out` where the nearest existing of `start` (default: its parent) and
    `start`'s ancestors is a file, not a directory: it could not be created."""
    a = out.parent if start is None else start
    while not a.exists() and a != a.parent:
        a = a.parent
    if not a.is_dir():
        _fail("tgt_parent_file", lang, out=str(out), a=str(a))


def check_tables(reads: list[Path], lang: str) -> None:
    """Refuse (exit 2) a table option of this command line that would be written over what
    the command reads (`reads`), over a directory or a file that is not a CSV, or under a file
    (module docstring). Called before the first solve."""
    plots = click.get_current_context().params.get("out_dir")   # pareto's directory of plots, made after the solves
    if plots is not None:
        _under_a_dir(Path(plots), lang, start=Path(plots))
    given = _given()
    seen: dict[Path, str] = {}
    for o, out in given.items():   # two tables into one file: the second refused after the solve, said as --csv's
        where = out.absolute()
        if where in seen:
            _fail("out_twice", lang, out=str(out), a=seen[where], b=o)
        seen[where] = o
    for o, out in given.items():
        if out.is_dir():
            _fail("out_is_dir", lang, out=str(out), o=o, example=str(out / "table.csv"))
        _under_a_dir(out, lang)
        for p in reads:
            if _same(out, p):
                _fail("out_read", lang, out=str(out), o=o)
        if out.exists() and out.suffix.lower() != ".csv":
            _fail("out_not_csv", lang, out=str(out), o=o)


def check_report_out(out: Path, lang: str, force: bool = False) -> None:
    """Refuse (exit 2) `eitflow report --out` where it would replace an HTML page eitflow did
    not write (a user's page; `force`: replace it all the same), or cannot be made (a path
    under a file)."""
    from eitflow.report.olderfiles import eitflow_wrote

    _under_a_dir(out, lang)
    if out.is_file() and not force and not eitflow_wrote(out):
        _fail("report_out_not_ours", lang, out=str(out))


def check_replace(paths: list[Path], option: str, force: bool | None, lang: str,
                  refusal: str = "out_not_ours") -> None:
    """Refuse (exit 2), before anything is solved or written, a page or figure a command would
    write over a file eitflow did not write (`report.olderfiles.eitflow_wrote`: a user's own
    pareto.png, a map.png retouched by hand), unless `force`; and, `force` or not, over a
    directory. `option`: the option that chose where they go (said in the message).

    Parameters
    ----------
    paths : list of Path
        The files the command will write (pareto.png, map.svg...).
    option : str
        The command line's option for their place ('--out').
    force : bool or None
        Replace files eitflow did not write (`--force`); None: the command has no such option
        (`run --export-lp`: its --force is the run directory's), the message says none.
    lang : str
        The language of the message.
    refusal : str, optional
        The message's key for a file eitflow did not write, where --force can replace it (another
        than `out_not_ours` where `option` does not choose the place: `report --gpkg`'s).
    """
    from eitflow.report.olderfiles import eitflow_wrote

    for p in paths:
        _under_a_dir(p, lang)   # pareto's default ./pareto-NAME a file: said now, not by a traceback after the solves
        if p.is_dir():
            _fail("out_file_is_dir", lang, out=str(p), o=option)
        if p.exists() and not force and not eitflow_wrote(p):
            _fail(refusal if force is not None else "out_not_ours_no_force", lang, out=str(p), o=option)


def full_path(path: str | os.PathLike[str]) -> Path:
    """How a command names a file it wrote: its full path, from the root (links kept as the
    user gave them), so that a file written beside --out, in another directory than the one
    named, is found."""
    return Path(os.path.abspath(path))


def echo_written(paths: Iterable[str | os.PathLike[str]], lang: str) -> list[Path]:
    """Say every file a command wrote, each once, by its full path (`full_path`), in the order
    written: 'wrote /home/ana/x/brief.pdf' ('écrit ...'). The one list of what a command wrote
    (`eitflow report RUN --out ~/x/zae.html --pdf` wrote brief.html and report.html beside
    zae.html and said only zae.html and the PDFs).

    Returns
    -------
    list of Path
        The files said, as said.
    """
    from eitflow.i18n import text

    said: list[Path] = []
    for p in paths:
        full = full_path(p)
        if full not in said:
            said.append(full)
            click.echo(text("line_wrote", lang, path=full))
    return said


def _header(path: Path) -> list[str] | None:
    """The first row of an existing CSV file, as its cells (None when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            first = fh.read(HEADER_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return None
    line = first.splitlines()[0] if first.strip() else ""
    sep = ";" if line.count(";") > line.count(",") else ","
    return next(csvlib.reader([line], delimiter=sep), [])


def write_table(df: pd.DataFrame, out: Path, lang: str) -> None:
    """Write `df` (its text cells neutralised: `results.spreadsheet`) to `out`, replacing an
    existing file only where it holds a table of the same columns; said in `lang`."""
    import eitflow.i18n as i18n
    from eitflow.cli.common import fail, why_not_written
    from eitflow.results.spreadsheet import write_table as write_csv

    o = next((k for k, v in _given().items() if v == out), "--csv")
    if out.is_file():
        head = _header(out)
        if head != [str(c) for c in df.columns]:
            shown = ", ".join((head or [])[:6]) + (", ..." if head and len(head) > 6 else "")
            _fail("out_other_table", lang, out=str(out), o=o, head=shown or "-")
    try:
        write_csv(df, out)
    except OSError as exc:
        fail(i18n.text("cli_cannot_write", lang, path=str(out), why=why_not_written(exc, lang)), lang)
    click.echo(i18n.counted(len(df), "cli_rows_written", lang, path=full_path(out)))
