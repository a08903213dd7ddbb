"""`eitflow resilience SCEN --out RUN` and `eitflow report RUN` in a run directory another eitflow
process holds: both take the lock `eitflow run` holds while it writes (`.NAME.eitflow-lock` beside
the run, `results.target.run_dir_lock`), so the second is refused at once, exit 2, naming the
other process, and nothing is written. Before, neither took it: two at once (or one beside a
report) could interleave, a report reading a half-written resilience.csv.

The scenario is test_resilience_deliverables.py's (two suppliers, two demands; its losses by
hand there)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from resil_gain_case import cli as _cli
from resil_gain_case import two_suppliers


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return two_suppliers(tmp_path_factory.mktemp("two"))


def _files(run: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(run.iterdir()) if p.is_file()}


def test_a_held_run_directory_refuses_resilience_and_report(scenario, tmp_path):
    """Another process (here this one, through `RunLock`, as `eitflow run` takes it) holds RUN:
    `resilience --out RUN` and `report RUN` are refused before any solve or write, saying who
    holds it; the run directory is byte for byte as it was. Released, both go through."""
    from eitflow.results.target import RunLock

    run = tmp_path / "run"
    _cli("run", scenario, "--out", run, "--excel", "-q", "--report")
    before = _files(run)
    with RunLock(run):
        r = _cli("resilience", scenario, "--out", run, code=2)
        assert f"is being written by 'eitflow run' (process {os.getpid()}, since " in r.output
        r = _cli("report", run, code=2)
        assert f"is being written by 'eitflow run' (process {os.getpid()}, since " in r.output
        assert _files(run) == before
        assert not (run / "resilience.csv").exists()
        assert not [p for p in run.parent.iterdir() if p.name.startswith(".run.") and "tmp" in p.name]
    _cli("resilience", scenario, "--out", run)
    _cli("report", run)
    assert (run / "resilience.csv").is_file()
    assert not (tmp_path / ".run.eitflow-lock").exists()   # released, removed


def test_resilience_out_dot_locks_the_run_itself(scenario, tmp_path, monkeypatch):
    """`--out .` from inside the run directory locks the run (its real name), not a file named
    `..eitflow-lock` beside it."""
    from eitflow.results.target import RunLock

    run = tmp_path / "run"
    _cli("run", scenario, "--out", run, "-q")
    monkeypatch.chdir(run)
    with RunLock(run):
        r = _cli("resilience", scenario, "--out", ".", code=2)
        assert "is being written by 'eitflow run'" in r.output
    assert not (run / "resilience.csv").exists()


def test_a_failed_write_leaves_the_old_table_and_no_temporary_file(tmp_path, monkeypatch):
    """resilience.csv is written to a file of its own beside it and renamed into place: a write
    that fails half way (a full disk) leaves the old file whole and nothing else; a good one is
    readable as the run's other files are (0644 under umask 022, not mkstemp's 0600)."""
    import pandas as pd

    from eitflow.results import spreadsheet as resilfile  # the writer of RUN_DIR/resilience.csv

    path = tmp_path / "resilience.csv"
    path.write_text("site_id,net_benefit_lost_eur_per_yr,stranded_investment_eur\nE,40000,2000000\n")
    before = path.read_bytes()

    def full(self, tmp, **kw):
        Path(tmp).write_text("site_id,net_ben")   # half a line, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OSError):
        resilfile.write_table(pd.DataFrame({"site_id": ["D"]}), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resilience.csv"]
    monkeypatch.undo()
    old = os.umask(0o022)
    try:
        resilfile.write_table(pd.DataFrame({"site_id": ["D"], "x_eur": [1.0]}), path)
    finally:
        os.umask(old)
    assert path.read_text() == "site_id,x_eur\nD,1\n"
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_report_of_a_run_in_a_read_only_directory_is_still_written(scenario, tmp_path):
    """Where no lock file can be made beside RUN (its parent read-only, as a colleague's shared
    runs), no eitflow writer can be there either: `report RUN --out elsewhere` goes on unlocked."""
    run = tmp_path / "ro" / "run"
    _cli("run", scenario, "--out", run, "-q")
    (tmp_path / "ro").chmod(0o555)
    try:
        if os.access(tmp_path / "ro", os.W_OK):
            pytest.skip("root writes anywhere")
        _cli("report", run, "--out", tmp_path / "r.html")
        assert (tmp_path / "r.html").is_file()
    finally:
        (tmp_path / "ro").chmod(0o755)


def test_the_report_says_resilience_lists_in_its_own_language(scenario, tmp_path):
    """A French analyst's run (`run --lang fr`; the scenario has no `lang:`), then `resilience
    --out RUN` without `--lang` (so in English, the scenario's default), then `report RUN`, which
    is French (the run's language). By hand from the plan S1->D + S2->E
    (test_resilience_deliverables.py): closing D, the re-solve keeps S2->E and cannot use S1
    (S1->E: 200,000 - 310,000 EUR/yr < 0), so D's partner S1 ("Sup 1") sends nothing of the
    4,000 MWh/yr it sent: what it no longer sells (outlets_lost) "Sup 1 : chaleur 4 000 sur 4 000
    MWh/an" in French, "Sup 1: heat 4,000 of 4,000 MWh/yr" in English. Before, the French report showed the English cell;
    now the French one, and `report RUN --lang en` the English one, from the same file."""
    import pandas as pd

    from eitflow.analyses.resilfile import read_resilience

    run = tmp_path / "run"
    _cli("run", scenario, "--out", run, "--lang", "fr", "-q", "--excel")
    _cli("resilience", scenario, "--out", run)      # English: the scenario's language
    _cli("report", run)                              # French: the run's
    french = "Sup 1 : chaleur 4\u202f000 sur 4\u202f000 MWh/an"
    english = "Sup 1: heat 4,000 of 4,000 MWh/yr"
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Si une entreprise ferme" in html
    # the report's cell keeps ":" on the name's line (`report.resilience.unbroken_marks`)
    assert "Sup 1\u00a0: chaleur 4\u202f000 sur 4\u202f000\u00a0MWh/an" in html and english not in html
    assert read_resilience(run, "fr").set_index("site_id").at["D", "outlets_lost"] == french
    assert read_resilience(run, "en").set_index("site_id").at["D", "outlets_lost"] == english
    assert read_resilience(run, "fr").set_index("site_id").at["D", "partners"] == "Sup 1"
    from openpyxl import load_workbook

    wb = load_workbook(run / "results.xlsx")
    rows = list(wb["résilience"].iter_rows(values_only=True))   # the French workbook's sheet: French cells
    sheet = pd.DataFrame(rows[1:], columns=rows[0]).set_index("site")
    assert sheet.at["D", "ce que les fournisseurs ne vendent plus"] == french
    files = {r[1]: r[3] for r in wb[wb.sheetnames[-1]].iter_rows(values_only=True) if r[0] == "résilience"}
    assert files["ce que les fournisseurs ne vendent plus"] == "outlets_lost_fr"   # the file's column
    _cli("report", run, "--lang", "en")
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "If a company closes" in html
    assert english.replace(" MWh", "\xa0MWh") in html and french not in html   # a figure's unit glued: one line
    raw = pd.read_csv(run / "resilience.csv", dtype=str)   # the file: one column per language
    assert {"partners_en", "partners_fr", "shortfall_en", "shortfall_fr"} <= set(raw.columns)
    assert "partners" not in raw.columns


def test_the_section_names_its_columns_as_their_headers_read(tmp_path):
    """The report's lead explains the two ways of counting a closure by the columns' own words:
    it said "Reconstruit : ..." (en "Built anew:"), a word no header has, so an elected official
    could not tell which columns it meant."""
    import html as markup

    import pandas as pd

    from eitflow.report.resilience import resilience_section
    from eitflow.results.spreadsheet import write_table

    write_table(pd.DataFrame({"site_id": ["E"], "name": ["Dem E"], "net_benefit_lost_eur_per_yr": [40000.0],
                              "stranded_investment_eur": [2e6]}), tmp_path / "resilience.csv")
    fr = markup.unescape(resilience_section(tmp_path, "fr"))
    en = markup.unescape(resilience_section(tmp_path, "en"))
    assert "Reconstruit" not in fr and "Built anew" not in en
    # the headers carry a mark (¹ built anew, ² plan already built), the legend under the table
    # says what each means: the headers said it in full, 8 lines high in French
    assert "bénéfice net perdu\u00a0\u00b9" in fr and "investissement perdu\u00a0\u00b9" in fr
    assert "bénéfice net perdu\u00a0\u00b2" in fr and "investissement perdu\u00a0\u00b2" in fr
    assert "\u00b9\u00a0Recalculé comme si rien n'était encore construit : le plan paie à nouveau" in fr
    assert "\u00b2\u00a0Plan déjà construit : ce qui est construit reste" in fr
    assert "net benefit lost\u00a0\u00b9" in en and "stranded investment\u00a0\u00b2" in en
    assert "\u00b9\u00a0Re-solved as if nothing were built yet: the plan pays again" in en
    assert "\u00b2\u00a0Plan already built: what is built stays" in en
