"""`eitflow resilience` past its checks: the closures solved, the table printed and, with
`--out RUN_DIR`, written into the run directory while its lock is held (`cli.analyses`)."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.analyses.closure import generated_note
from eitflow.analyses.resilience import resilience
from eitflow.analyses.stranded import sunk_note
from eitflow.results.summary import status_word
from eitflow.scenario import Scenario


def resilience_locked(scen: Scenario, max_supplier_share: float | None, fresh: bool | None, csv: Path | None,
                      run_dir: Path | None, target: Path | None, lang: str) -> None:
    """`eitflow resilience` once RUN_DIR (if any) is checked and locked (`results.target.run_dir_lock`):
    solve each closure, print the table, write RUN_DIR/resilience.csv (`target`), say the notes."""
    from eitflow.analyses.resilfile import run_table, write_table
    from eitflow.cli.analyses import _emit, _no_solution, _on_plan, _same_as_run, _t

    scen = _on_plan(scen, lang)
    from eitflow.i18n import LANGS

    # the run directory's copy says its lists in every language: the report reads in its own
    df = resilience(scen, max_supplier_share=max_supplier_share, lang=lang, fresh=fresh, progress=True,
                    langs=LANGS if target is not None else ())
    cap = df.attrs.get("supplier_cap")
    if cap:
        import eitflow.i18n as i18n

        num = lambda v: _t("resil_no_solution", lang) if v is None else i18n.number(v, lang, 2)  # noqa: E731
        share = i18n.number(cap["max_supplier_share"], lang, 2).rstrip("0").rstrip(".,")
        unit = i18n.unit(df.attrs["base"]["objective_unit"], lang)
        if cap["objective_capped"] is None:   # it read 'objective 3,827,154.02 -> no solution EUR/yr'
            status = str(df.attrs["base"]["status"])
            a = cap["objective_uncapped"]
            click.echo(_t("resil_cap_none", lang, share=share, rows=i18n.number(cap["n_cap_rows"], lang),
                          status=status_word(status, lang),
                          a=num(a) if a is None else f"{num(a)} {unit}"))
        else:
            click.echo(_t("resil_cap", lang, share=share, rows=i18n.number(cap["n_cap_rows"], lang),
                          a=num(cap["objective_uncapped"]), b=num(cap["objective_capped"]), cost=num(cap["cap_cost"]),
                          unit=unit))
    if df.attrs.get("no_solution"):   # no plan, no company to close: say why as `eitflow run` does, write nothing
        _no_solution("resilience_no_solution", df.attrs["no_solution"]["summary"], lang)
    _emit(df, csv, scen=scen, lang=lang)
    if target is not None:   # the run's own copy: its report and results.xlsx read it (`report.resilience`)
        from types import SimpleNamespace

        _same_as_run(run_dir, SimpleNamespace(summary=df.attrs["base"]), lang)   # another plan than the run's: said
        click.echo(_t("line_wrote", lang, path=write_table(run_table(df), target)))
        click.echo(_t("resil_out_hint", lang, run=run_dir))
    if note := generated_note(df, lang):
        click.echo(note)
    if note := sunk_note(df, lang):   # a loss with the plan already built that is only an upper bound
        click.echo(note)
    if df.attrs["base"]["objective"] is None:
        raise SystemExit(1)
