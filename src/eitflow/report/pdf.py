"""PDFs of the report and the one-page brief, printed by headless Chromium.

Chromium lays out the same HTML a reader opens (so the PDF and the page agree), with its
print stylesheet: `brief.pdf` is one A4 landscape page, `report.pdf` the full report on A4.
The browser runs headless, in a throw-away profile, with every host name resolving to
nothing: printing a report can never reach the network. Chromium is looked up at
$EITFLOW_CHROMIUM, /usr/bin/chromium, then on PATH (chromium, chromium-browser,
google-chrome); Debian's package is ``chromium``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from eitflow.i18n import Phrase
from eitflow.io.atomic import replacing
from eitflow.report.ourfiles import mark_pdf

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
         # no network whatsoever: every host resolves to nothing
         "--host-resolver-rules=MAP * ~NOTFOUND",
         "--no-pdf-header-footer", "--print-to-pdf-no-header", "--run-all-compositor-stages-before-draw",
         "--virtual-time-budget=5000",
         # the page's scripts run in the window before it is printed: at Chromium's default 800 px
         # the brief took its phone layout there, so its fit to the page measured another layout
         # than the one printed (A4 landscape: 1,054 px between the margins; the brief is 1,040)
         "--window-size=1054,794"]


class ChromiumNotFound(RuntimeError):
    """No Chromium (or Chrome) executable was found."""


def find_chromium() -> str:
    for c in (os.environ.get("EITFLOW_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
              shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if c and os.path.exists(c):
            return c
    raise ChromiumNotFound(Phrase("pdf_no_chromium"))


def html_to_pdf(html: str | Path, pdf: str | Path, timeout_s: float = 120.0) -> Path:
    """Print `html` (a file) to `pdf` with headless Chromium; the PDF replaces `pdf` atomically."""
    html, pdf = Path(html).resolve(), Path(pdf)
    exe = find_chromium()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with replacing(pdf) as tmp, tempfile.TemporaryDirectory(prefix="eitflow-chromium-") as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp.resolve()}", html.as_uri()]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(Phrase("pdf_timeout", file=html.name, s=float(timeout_s))) from None
        finally:
            try:  # helpers (zygote, GPU) of this browser only: its own process group
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if not tmp.exists() or tmp.stat().st_size == 0:
            tail = err.decode(errors="replace")[-800:] if err else ""
            raise RuntimeError(Phrase("pdf_no_output", file=html.name, code=str(proc.returncode), tail=tail))
        mark_pdf(tmp)   # eitflow's, known again before it is replaced (`report.ourfiles`)
    return pdf


def write_pdfs(run_dir: str | Path, lang: str | None = None, out_dir: str | Path | None = None,
               written: Path | None = None) -> list[Path]:
    """Write brief.html + brief.pdf (one page for elected officials) and report.html +
    report.pdf (the full report) into `out_dir` (default: the run directory). `written`: a
    report.html the caller has just written in the same language; where it is this one, it is
    printed as it is (rendering the report again lays its map out twice)."""
    from eitflow.report.brief import write_brief
    from eitflow.report.html import write_report

    brief_html, brief_pdf, report_html, report_pdf = pdf_outputs(Path(out_dir) if out_dir is not None else
                                                                 Path(run_dir))
    brief = write_brief(run_dir, brief_html, lang)
    report = report_html
    if written is None or Path(written).resolve() != report.resolve():
        report = write_report(run_dir, report, lang)
    return [html_to_pdf(brief, brief_pdf), html_to_pdf(report, report_pdf)]


def pdf_outputs(out_dir: Path) -> list[Path]:
    """What `write_pdfs` writes into `out_dir`: brief.html, brief.pdf, report.html, report.pdf."""
    return [Path(out_dir) / f"{name}.{ext}" for name in ("brief", "report") for ext in ("html", "pdf")]
