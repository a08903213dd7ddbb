"""French numbers keep their thousands together: Babel separates them with a narrow no-break
space (U+202F), '1 000'. fos_siting's `eitflow site` table printed its activity "Ferme aquacole en
eau chaude (1 000 t/an)", typed with a plain space in activities.csv, as '(1' at a line's end and
'000 t/an)' on the next. The terminal's tables now keep such a number whole, and the texts eitflow
ships (messages.csv's French, the bundled scenarios) write their thousands as Babel does."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.cli.tables import _wrap

ROOT = Path(__file__).resolve().parents[1]
#: a digit, a plain space, then three digits ending a number: thousands a line may break between
PLAIN_THOUSANDS = re.compile(r"\d \d{3}(?!\d)")
NAME = "Ferme aquacole en eau chaude (1 000 t/an)"   # a plain space, as typed in a spreadsheet


def test_a_number_typed_with_a_plain_space_stays_whole_in_a_terminal_cell():
    # 31 characters reach "(1": the line broke there, "000 t/an)" on the next
    assert len("Ferme aquacole en eau chaude (1") == 31
    assert _wrap(NAME, 31) == "Ferme aquacole en eau chaude\n(1 000 t/an)"


def test_the_site_table_keeps_the_activity_s_tonnes_whole(tmp_path):
    """fos_siting as bundled, its fish farm named with a plain space in '1 000': each line of
    `eitflow site --lang fr` at 80 columns that has '(1' has '000 t/an)' after it."""
    scen = tmp_path / "fos"
    shutil.copytree(ROOT / "scenarios" / "fos_siting", scen)
    acts = pd.read_csv(scen / "activities.csv", dtype=str, keep_default_na=False)
    acts.loc[acts["activity_id"] == "AQUACULTURE", "name"] = NAME
    acts.to_csv(scen / "activities.csv", index=False)
    r = CliRunner().invoke(main, ["site", str(scen / "scenario.yaml"), "--out", str(tmp_path / "run"), "--lang", "fr"],
                           env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    # the note holds the code after it where the table shows one ("(1 000 t/an, AQUACULTURE)")
    lines = [ln for ln in r.output.splitlines() if "aquacole" in ln or "000 t/an" in ln]
    assert lines and all("(1 000 t/an" in ln for ln in lines if "(1" in ln or "000 t/an" in ln), lines


def test_the_texts_eitflow_ships_write_french_thousands_as_babel_does():
    """messages.csv's French (a header "capacité nominale × 8 760 h", the help's "20 000
    liaisons") and the bundled scenarios' texts (fos_siting's activity, tavaux_h2's description
    "~10 000 t H2/an") wrote plain spaces: a line could break inside the number."""
    with open(ROOT / "src" / "eitflow" / "data" / "messages.csv", encoding="utf-8", newline="") as f:
        found = [(r["key"][:60], m.group(0)) for r in csv.DictReader(f) for m in PLAIN_THOUSANDS.finditer(r["fr"])]
    for path in sorted((ROOT / "scenarios").rglob("*")):
        if path.suffix in (".csv", ".yaml", ".yml") and path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.lstrip().startswith("#"):
                    found += [(f"{path.relative_to(ROOT)}:{n}", m.group(0)) for m in PLAIN_THOUSANDS.finditer(line)]
    assert found == []
