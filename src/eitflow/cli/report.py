"""`eitflow report`: the offline HTML report of a run directory, its PDFs, figures and GeoPackage."""

from __future__ import annotations

from pathlib import Path

import click

from eitflow.cli.common import fail, locale_lang
from eitflow.i18n import DEFAULT_LANG

LANG_OPTION = click.option("--lang", type=click.Choice(["fr", "en"]),
                           help="language of the report, PDFs, workbook and messages (default: the scenario's "
                                "'lang:', else English)")


def write_outputs(run_dir: Path, lang: str | None, html: bool = False, pdf: bool = False, gpkg: bool = False,
                  html_path: Path | None = None) -> list[Path]:
    """The outputs asked for, beside the run: report.html (or `html_path`), brief.html +
    brief.pdf + report.html + report.pdf (beside `html_path`), eitflow.gpkg; every file written,
    in order (a page printed as the report just written listed twice: `cli.outfiles.echo_written`
    says it once)."""
    out: list[Path] = []
    if html or pdf:
        from eitflow.report.html import write_report

        out.append(write_report(run_dir, html_path, lang))
    if pdf:
        from eitflow.report.pdf import ChromiumNotFound, pdf_outputs, write_pdfs

        beside = html_path.parent if html_path else None
        try:
            write_pdfs(run_dir, lang, beside, out[0])
            out += pdf_outputs(beside if beside is not None else run_dir)   # the pages printed too
        except (ChromiumNotFound, RuntimeError) as exc:
            fail(exc, lang or DEFAULT_LANG)
    if gpkg:
        from eitflow.report.geopackage import GeoExtraMissing, write_geopackage

        try:
            out.append(write_geopackage(run_dir))
        except (GeoExtraMissing, ValueError) as exc:
            fail(exc, lang or DEFAULT_LANG)
    return out


@click.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: RUN_DIR/report.html)")
@LANG_OPTION
@click.option("--pdf", is_flag=True, help="also print brief.pdf (one page for elected officials) and report.pdf "
                                          "with headless Chromium")
@click.option("--gpkg", is_flag=True, help="also write eitflow.gpkg (layers sites, hubs, exchanges, candidates, "
                                           "unmatched, corridors of a shared network, a siting's plots, zones) for "
                                           "QGIS; needs the 'geo' extra")
@click.option("--figures", type=click.Choice(["png", "svg"]),
              help="also write map.<fmt> and sankey.<fmt> beside the report, for slides")
@click.option("--force", is_flag=True, help="replace the pages, PDFs and figures beside the report (--out, "
                                            "--pdf, --figures) and RUN_DIR/eitflow.gpkg (--gpkg) even where they were "
                                            "not written by eitflow")
def report_command(run_dir: Path, out: Path | None, lang: str | None, pdf: bool, gpkg: bool,
                   figures: str | None, force: bool) -> None:
    """Write a self-contained HTML report of RUN_DIR (opens offline, in any browser).

    Status in words, key figures, a map on an offline basemap, Sankey diagrams, the chosen
    exchanges, the negotiation view (price bands, each company's gain), what was not chosen
    and why, unmatched flows with reasons, and totals per zone; site names first.

    What each company's closure costs, in the report and as the sheet 'resilience' of
    results.xlsx, where RUN_DIR/resilience.csv was written by: eitflow resilience SCENARIO --out RUN_DIR

    \b
    Examples:
      eitflow run scenarios/zae_example/scenario.yaml --out runs/example
      eitflow report runs/example --lang fr            # writes runs/example/report.html, in French
      eitflow report runs/example --pdf                # + brief.pdf (one page) and report.pdf
      eitflow report runs/example --gpkg               # + eitflow.gpkg for QGIS
      eitflow report runs/example --out zae.html --figures png   # + map.png, sankey.png
    """
    import eitflow.i18n as i18n
    from eitflow.results.rundir import RunDirError, read_summary
    from eitflow.results.target import RunBusyError, TargetError, run_dir_lock

    lock = None
    try:
        summary = read_summary(run_dir)
        lang = i18n.resolve_lang(lang, (summary.get("parameters") or {}).get("lang"))
        # the run directory's lock, as `eitflow run` and `resilience --out` hold it while they
        # write there: a report beside them read a half-written resilience.csv or results.xlsx
        try:
            lock = run_dir_lock(run_dir, ("RUN_DIR", "--force"), "eitflow report")
        except RunBusyError:
            raise
        except TargetError:   # no lock file can be made beside RUN_DIR (a read-only parent): no
            lock = None       # eitflow writer can be there either (`run` stages its directory beside it)
        _report_locked(run_dir, out, lang, pdf, gpkg, figures, summary, force)
    except (RunDirError, TargetError, OSError) as exc:
        # a run directory that cannot be read says no language: the command line's (the locale's)
        fail(exc, lang or locale_lang())
    finally:
        if lock is not None:
            lock.release()


def _report_locked(run_dir: Path, out: Path | None, lang: str, pdf: bool, gpkg: bool, figures: str | None,
                   summary: dict, force: bool = False) -> None:
    """`eitflow report` once RUN_DIR is locked: the report, its PDFs, GeoPackage, the workbook's
    resilience sheet and the figures, each path said."""
    import eitflow.i18n as i18n
    from eitflow.cli.outfiles import check_replace, check_report_out, echo_written

    if out is not None and out.exists() and out.suffix.lower() not in (".html", ".htm"):
        # `--out RUN/matches.csv` wrote the report over the run's table, and said 'wrote'
        fail(i18n.text("report_out_not_html", lang, out=out), lang)
    if out is not None:   # a user's own page, or a path under a file: said before anything is written
        check_report_out(out, lang, force)
    # a run without a solution has no PDF to present, as `eitflow run --pdf` says (it wrote
    # an 'INFEASIBLE' brief.pdf and report.pdf here)
    solved = summary.get("objective") is not None
    # the pages, PDFs and figures written beside the report (in --out's directory: a user's own
    # map.png or report.html there was replaced without a word), each checked before any is written
    beside = out.parent if out is not None else run_dir
    html = out if out is not None else run_dir / "report.html"
    pages = []
    if pdf and solved:
        from eitflow.report.pdf import pdf_outputs

        pages += pdf_outputs(beside)
    if figures:
        from eitflow.report.figures import figure_paths

        pages += figure_paths(beside, figures)
    check_replace([p for p in pages if p.absolute() != html.absolute()], "--out", force, lang)
    if gpkg:   # eitflow.gpkg in the run directory, whatever --out: a user's GeoPackage of that name there
        from eitflow.report.geopackage import GPKG_NAME
        from eitflow.report.olderfiles import foreign_tables
        from eitflow.report.ourfiles import marked

        theirs = foreign_tables(run_dir / GPKG_NAME) if not force else []
        if theirs and marked(run_dir / GPKG_NAME):   # a user's layers saved into eitflow's (QGIS does): lost if replaced
            fail(i18n.text("gpkg_user_layers", lang, out=run_dir / GPKG_NAME, layers=", ".join(theirs[:5])
                           + (", ..." if len(theirs) > 5 else "")), lang)
        check_replace([run_dir / GPKG_NAME], "--gpkg", force, lang, refusal="gpkg_not_ours")
    paths = write_outputs(run_dir, lang, html=True, pdf=pdf and solved, gpkg=gpkg, html_path=out)
    from eitflow.report.resilience import add_resilience_sheet

    book = run_dir / "results.xlsx"   # `eitflow resilience --out RUN_DIR`'s table, as report.html shows it
    if add_resilience_sheet(book, run_dir, lang):
        paths.append(book)
    if figures:
        from eitflow.report.figures import write_figures

        paths += write_figures(run_dir, figures, out_dir=beside, lang=lang)
    echo_written(paths, lang)
    if pdf and not solved:
        click.echo(i18n.text("line_no_pdf", lang, out=paths[0]))
