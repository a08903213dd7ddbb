"""The bundled scenarios' run directories as their briefs are written: `eitflow run`, and for
fos_siting `eitflow site` (its activities placed on its plots), for the brief's browser tests;
and each language's brief of a run written and opened in Chromium (`open_briefs`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import eitflow
from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.io.read import read_scenario
from eitflow.report.brief import write_brief
from eitflow.results.rundir import write_files, write_run

SCENARIOS = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))


def bundled_run(name: str, out: Path) -> Path:
    """The run directory `out` of the bundled scenario `name`, as its brief is written."""
    path = ROOT / "scenarios" / name / "scenario.yaml"
    if name == "fos_siting":
        sr = site(read_scenario(path, confine_to_scenario_dir=False))
        return write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    return write_run(eitflow.run_file(path), out)


def open_briefs(browser, run: Path, langs: tuple[str, ...] = ("fr", "en"), width: int = 1054,
                height: int = 794) -> Iterator[tuple[str, Path]]:
    """Each language of `langs`, and the brief of the run directory `run` written in it
    (`run`/brief.LANG.html), opened in `browser` at `width` x `height` px (the A4 page as
    printed, by default) before it is yielded: its events cleared first, so that the page's own
    load event is waited for, not the previous one's."""
    for lang in langs:
        html = Path(write_brief(run, run / f"brief.{lang}.html", lang))
        browser.events.clear()
        browser.open(html, width=width, height=height)
        yield lang, html
