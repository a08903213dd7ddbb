"""Reading a workbook scenario: the same 10,000 flows and 1,000 sites saved as an .xlsx (by
openpyxl) and as an .ods (as LibreOffice saves it, `tests/odsfile.py`), each read three times;
the best CPU time (process_time: the machine may be shared) of opening the book and going
through the flows sheet (an .ods is parsed whole when opened: sites, flows and parameters),
and of `read_scenario` (reading and validating everything).

    PYTHONPATH=src python benchmarks/ods_read.py [DIR]     # DIR: where the two files go (a temporary one)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from openpyxl import Workbook  # noqa: E402

from eitflow import read_scenario  # noqa: E402
from eitflow.io.workbook import open_book  # noqa: E402
from odsfile import write_ods  # noqa: E402


def main(out: Path, n_sites: int = 1000, n_flows: int = 10_000) -> None:
    rnd = random.Random(1)
    sites = [("site_id", "lat", "lon", "zone")] + [
        (f"S{i:04d}", round(49 + rnd.random(), 5), round(6 + rnd.random(), 5), f"Z{i % 7}") for i in range(n_sites)]
    flows = [("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit")] + [
        (f"S{k % n_sites:04d}", "supply" if k % 2 else "demand", "heat", round(100 + 1000 * rnd.random(), 1), "MWh/yr",
         40 + k % 80, round(10 + 30 * rnd.random(), 2)) for k in range(n_flows)]
    sheets = {"sites": sites, "flows": flows, "parameters": [("key", "value"), ("name", "bench")]}
    write_ods(out / "bench.ods", sheets)
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(out / "bench.xlsx")
    for p in (out / "bench.xlsx", out / "bench.ods"):
        best_open = best_read = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            book = open_book(p, p.name)
            rows = sum(1 for _ in book["flows"].iter_rows())
            book.close()
            best_open = min(best_open, time.process_time() - t0)
            t0 = time.process_time()
            scen = read_scenario(p)
            best_read = min(best_read, time.process_time() - t0)
        print(f"{p.name}: {p.stat().st_size / 1e6:.2f} MB; open + flows sheet ({rows} rows) {best_open:.2f} s; "
              f"read_scenario {best_read:.2f} s ({len(scen.flows)} flows, {len(scen.sites)} sites)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as d:
            main(Path(d))
