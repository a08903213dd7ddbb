"""Shared fixtures: a small valid scenario written to disk, and the path to ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

SCENARIO_YAML = """\
name: test park
sites: sites.csv
flows: flows.csv
objective: net_benefit
carbon_price_eur_per_t: 100
discount_rate: 0.05
lifetime_years: 20
solver:
  name: highs
  time_limit_s: 30
  mip_gap: 0.0
"""

SITES_CSV = """\
site_id,name,lat,lon,sector,zone
UVE,Incinerator,50.2800,3.9700,waste,ZAE Nord
FOOD,Food plant,50.2900,3.9800,food,ZAE Nord
GREEN,Greenhouses,50.3000,3.9600,agriculture,ZAE Nord
PLAST,Plasterboard,50.2700,3.9900,building,ZAE Sud
POWER,Power plant,50.2000,3.9000,energy,Agglo
"""

FLOWS_CSV = """\
site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit
UVE,supply,heat,30,GWh/yr,130,0
FOOD,demand,heat,12000,MWh/yr,90,45
GREEN,demand,heat,9000,MWh/yr,60,40
POWER,supply,fgd_gypsum,20,kt/yr,,15
PLAST,demand,gypsum,15000,t/yr,,20
"""


def write_scenario(root: Path, *, yaml_text: str = SCENARIO_YAML, sites: str | bytes = SITES_CSV,
                   flows: str | bytes = FLOWS_CSV, extra: dict[str, str | bytes] | None = None) -> Path:
    """Write a scenario directory and return the path of scenario.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    files = {"scenario.yaml": yaml_text, "sites.csv": sites, "flows.csv": flows, **(extra or {})}
    for name, content in files.items():
        if content is None:
            continue
        p = root / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root / "scenario.yaml"


def written_run(root: Path) -> Path:
    """`eitflow run` of `write_scenario`'s scenario (in root/scen) into root/run, quietly; its path."""
    from click.testing import CliRunner

    from eitflow.cli.main import main as group

    scen = write_scenario(root / "scen")
    r = CliRunner().invoke(group, ["run", str(scen), "--out", str(root / "run"), "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return root / "run"


def bundled_copy(tmp_path: Path, name: str, old: str = "", new: str = "") -> Path:
    """A copy of the bundled scenario `name` under `tmp_path`, its scenario.yaml's `old` (once
    there, checked) replaced by `new`; the path of that scenario.yaml."""
    import shutil

    d = tmp_path / name
    shutil.copytree(ROOT / "scenarios" / name, d)
    y = d / "scenario.yaml"
    if old:
        text = y.read_text("utf-8")
        assert old in text, (old, name)
        y.write_text(text.replace(old, new, 1), "utf-8")
    return y


@pytest.fixture
def scenario_path(tmp_path: Path) -> Path:
    return write_scenario(tmp_path / "scen")


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"shared reference data not found at {SHARED} (expected ../shared beside the project)")
    return SHARED


TWO_SITES_CSV = "site_id,lat,lon\nS,45.0,4.0\nA,45.01,4.0\n"
#: S offers heat at 110 degC, A needs some at 60 degC (the validation tests' smallest territory)
HEAT_FLOWS_CSV = ("site_id,direction,resource,amount,unit,temperature_c\n"
                  "S,supply,heat,9000,MWh/yr,110\nA,demand,heat,1000,MWh/yr,60\n")


def validate_output(root: Path, lang: str, files: dict[str, str] | None = None) -> str:
    """`eitflow validate root/scenario.yaml --lang lang` on an invalid scenario, after writing
    `files` (name -> text) into `root`: its output (exit code 2, no traceback)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(root / "scenario.yaml"), "--lang", lang])
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    return res.output


def validate_warned(root: Path, flows_csv: str) -> str:
    """`eitflow validate` on the two-site territory (`TWO_SITES_CSV`) with `flows_csv`, in a
    French scenario.yaml: its output, a valid scenario's (exit code 0) with its warnings."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    (root / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (root / "flows.csv").write_text(flows_csv, encoding="utf-8")
    (root / "scenario.yaml").write_text("name: t\nlang: fr\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(root / "scenario.yaml")])
    assert res.exit_code == 0, res.output
    return res.output


def refused(path: Path, *fragments: str, lang: str | None = None) -> str:
    """`eitflow validate path [--lang lang]` on an invalid scenario: its output (exit code 2,
    no traceback), which holds every one of `fragments`."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    res = CliRunner().invoke(main, ["validate", str(path)] + (["--lang", lang] if lang else []))
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    for f in fragments:
        assert f in res.output, (f, res.output)
    return res.output


from browser import browser  # noqa: E402,F401  (the headless Chromium fixture, for every test module)


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch):
    """The command line's own words (help, click's usage errors) follow the user's locale when
    nothing on the line says a language (`cli.common.locale_lang`): tests run in a neutral
    locale, whatever the developer's, and set one where they test it."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch):
    """Sentences under the analyses' tables wrap to COLUMNS where it is set
    (`cli.common.terminal_columns`); pytest-xdist's workers set COLUMNS=80 and a plain run
    leaves it unset, so the same test read whole sentences in one and wrapped ones in the
    other. Tests run as into a pipe (no width) and set one where they test it."""
    monkeypatch.delenv("COLUMNS", raising=False)
