"""A sweep as an analyst uses it: mistakes in the sweep file refused before anything runs, a
wrong scheduler address told at once, a sweep directory that holds one sweep, Ctrl-C, French
output, and a grid too large to list. Expected messages and figures are worked out here from
the scenario's declared limits and the grid's size, not copied from the code's output."""
from __future__ import annotations

import http.server
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.sweep import sweep_cmd
from eitflow.sweep.run import run_sweep
from eitflow.sweep.spec import SweepError

EITFLOW = str(Path(sys.executable).parent / "eitflow")


def _sweep(tmp_path: Path, grid: str, yaml_text: str = SCENARIO_YAML, name: str = "sweep.yaml") -> Path:
    if not (tmp_path / "scen" / "scenario.yaml").exists():
        write_scenario(tmp_path / "scen", yaml_text=yaml_text)
    p = tmp_path / name
    p.write_text("base: scen/scenario.yaml\n" + grid, encoding="utf-8")
    return p


# the test scenario declares: carbon_price_eur_per_t >= 0, 0 <= discount_rate < 1, 0 <= mip_gap <= 1,
# time_limit_s > 0, availability > 0, resources heat and fgd_gypsum (tests/conftest.py)
@pytest.mark.parametrize("grid, expected", [
    ("grid:\n  discount_rate: [0.05, 4]\n", "sweep parameter 'discount_rate' = 4: Input should be less than 1 "
                                           "(a share: 0.04 means 4 %)"),
    ("grid:\n  carbon_price_eur_per_t: [-50, 100]\n", "'carbon_price_eur_per_t' = -50: Input should be greater "
                                                      "than or equal to 0"),
    ("grid:\n  solver: {mip_gap: [0.01, 5]}\n", "'solver.mip_gap' = 5: Input should be less than or equal to 1 "
                                                "(a share: 0.05 means 5 %)"),
    ("grid:\n  solver: {time_limit_s: [0, 30]}\n", "'solver.time_limit_s' = 0: Input should be greater than 0"),
    ("grid:\n  prices: {heet: [0.5, 1]}\n", "'prices.heet': no base scenario has a flow of resource 'heet' "
                                           "(did you mean 'heat'?)"),
    ("grid:\n  max_distance_km: {hydrogen: [5, 10]}\n", "no base scenario has a flow of resource 'hydrogen'"),
    # draws of a normal distribution around 0.5 with sd 1: some below 0
    ("monte_carlo:\n  n: 20\n  parameters:\n    availability.heat: {dist: normal, mean: 0.5, sd: 1}\n",
     "sweep parameter 'availability.heat' must be > 0"),
])
def test_a_value_no_run_could_take_is_refused_before_anything_runs(tmp_path, grid, expected):
    """Before: every run with the value was solved as an error row, after a cluster was
    started (a percentage for a share, a misspelt resource: every run an error)."""
    sweep_file = _sweep(tmp_path, grid)
    out = tmp_path / "out"
    with pytest.raises(SweepError, match=None) as got:
        run_sweep(sweep_file, out, n_workers=0, progress=False)
    assert expected in str(got.value) and str(sweep_file) in str(got.value)
    assert not out.exists()
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 2 and expected in r.output and "Traceback" not in r.output
    assert not out.exists()


def test_grid_values_at_the_limits_still_run(tmp_path):
    sweep_file = _sweep(tmp_path, "grid:\n  discount_rate: [0, 0.99]\n  availability: {heat: [0.1]}\n")
    df = run_sweep(sweep_file, tmp_path / "out", n_workers=0, progress=False)
    assert (df["status"] == "optimal").all() and len(df) == 2


class _Http(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server name
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    """A web server on 127.0.0.1, as the dashboard's port (8787) is: it says nothing until
    it is asked, so Dask's handshake waited on it for ever."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Http)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"tcp://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _invoke(args: list[str], within: float = 30.0):
    """The command line in this process, failed if it has not returned `within` seconds."""
    from eitflow.cli.main import main

    box: dict = {}
    th = threading.Thread(target=lambda: box.update(r=CliRunner().invoke(main, args)), daemon=True)
    t0 = time.monotonic()
    th.start()
    th.join(within)
    assert not th.is_alive(), f"eitflow {' '.join(args)} still waiting after {within} s"
    return box["r"], time.monotonic() - t0


@pytest.mark.slow
def test_a_scheduler_address_that_is_not_a_scheduler_is_told_at_once(tmp_path, web_server):
    """Before: a web server's address hung for ever (Dask waited for its handshake), a
    closed port took 30 s, and a missing scheduler file, an http:// address or a missing
    port ended in a traceback. Now each is one line naming the address, within seconds,
    exit 2, and nothing written."""
    sweep_file = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150]\n")
    port = _closed_port()
    missing = tmp_path / "nowhere" / "scheduler.json"
    cases = [(web_server, f"{web_server} is not a Dask scheduler"),
             (f"tcp://127.0.0.1:{port}", f"nothing listens at tcp://127.0.0.1:{port} (connection refused)"),
             (str(missing), f"scheduler file {missing} not found"),
             ("http://127.0.0.1:8786", "unknown scheme 'http://'"),
             ("127.0.0.1", "missing port number"),
             ("tcp://127.0.0.1:99999", "port 99999 out of range")]
    for k, (address, expected) in enumerate(cases):
        out = tmp_path / f"out{k}"
        r, took = _invoke(["sweep", str(sweep_file), "--out", str(out), "--scheduler", address, "-q"])
        assert r.exit_code == 2 and expected in r.output, (address, r.output[-2000:], r.exception)
        assert took < 20, (address, took)
        assert not (out / "plan.csv").exists()  # connected before anything is written
    # `eitflow run --scheduler` connects the same way
    r, _ = _invoke(["run", str(tmp_path / "scen" / "scenario.yaml"), "--out", str(tmp_path / "run"),
                    "--scheduler", web_server, "-q"])
    assert r.exit_code == 2 and f"{web_server} is not a Dask scheduler" in r.output, r.output


def test_a_sweep_directory_holds_one_sweep(tmp_path):
    """Before: a second sweep file (or the same one after its base's files changed) run into
    the same --out silently dropped the first one's finished runs from results.csv,
    links.csv and the report, and inputs/ kept the old files."""
    first = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150]\n")
    out = tmp_path / "out"
    run_sweep(first, out, n_workers=0, progress=False)
    before = {n: (out / n).read_bytes() for n in ("results.csv", "links.csv", "plan.csv", "sweep.json")}
    other = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [150, 300]\n", name="other.yaml")
    with pytest.raises(SweepError, match=r"holds 1 finished run this sweep does not list"):
        run_sweep(other, out, n_workers=0, progress=False)
    assert {n: (out / n).read_bytes() for n in before} == before  # nothing touched
    r = CliRunner().invoke(sweep_cmd, [str(other), "--out", str(out), "--dry-run"])
    assert r.exit_code == 2 and "does not list" in r.output
    # adding a point is fine: the finished runs stay, one run is solved
    more = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150, 300]\n", name="more.yaml")
    df = run_sweep(more, out, n_workers=0, progress=False)
    assert df.attrs == {"solved_now": 1, "resumed": 2} and df["carbon_price_eur_per_t"].tolist() == [0, 150, 300]
    # the base's files changed: every run id changes, and the message names the file
    flows = tmp_path / "scen" / "flows.csv"
    flows.write_text(flows.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(SweepError, match=r"inputs/scen/flows\.csv: not as they are now"):
        run_sweep(more, out, n_workers=0, progress=False)
    # no finished run there (all failed, say): the sweep goes on and inputs/ holds today's files
    import shutil

    shutil.rmtree(out / "runs")
    run_sweep(more, out, n_workers=0, progress=False)
    assert (out / "inputs" / "scen" / "flows.csv").read_bytes() == flows.read_bytes()


def test_a_stopped_sweep_says_what_it_wrote_and_resumes(tmp_path):
    """Ctrl-C said "nothing was written" while the finished runs were kept (as they should be)."""
    sweep_file = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, "
                                  "250, 275]\n")
    out = tmp_path / "out"
    argv = [EITFLOW, "sweep", str(sweep_file), "--out", str(out), "--workers", "0", "-q"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    # a run written (the loop had no deadline once runs/ existed: `a and b or c`), or the command
    # ended. Written is as the sweep's store says it (`Store.finished`): runs/<id>/summary.json,
    # not the hidden temporary directory a run is written into before it is renamed into place
    # (counted here, it let the stop come before the rename: "0 runs are written", CI at load 4)
    def finished() -> list[Path]:
        return [d for d in (out / "runs").glob("*") if not d.name.startswith(".") and (d / "summary.json").exists()]

    t = time.time() + 300
    while time.time() < t and p.poll() is None and not finished():
        time.sleep(0.05)
    assert p.poll() is None, "the sweep ended before it was stopped: " + p.stderr.read().decode()[-3000:]
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    err = err.decode()
    written = finished()
    assert p.returncode == 128 + signal.SIGINT and "nothing was written" not in err, err
    said = (f"1 run is written in {out}, whole" if len(written) == 1 else
            f"{len(written)} runs are written in {out}, each whole")
    assert f"{said}; the same command resumes the sweep" in err, err
    r = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and f"({12 - len(written)} solved now, {len(written)} resumed)" in r.stdout


FRENCH = SCENARIO_YAML.replace("name: test park", "name: parc d'essai\nlang: fr")


def test_a_french_scenarios_sweep_speaks_french(tmp_path):
    """The sweep's lines (the plan, the result, the dry run) followed the scenario's language
    only in the report."""
    sweep_file = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150]\n", yaml_text=FRENCH)
    out = tmp_path / "out"
    runner = CliRunner()
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--dry-run"])
    assert r.exit_code == 0, r.output
    # 2 runs of at most 30 s (the scenario's time limit) on the 2 worker processes of --workers 2
    assert "balayage : 2 calculs, 0 terminé, 2 à résoudre ; chacun au plus 30 s (son temps limite) : au plus " \
           "30 s sur 2 fils de calcul" in r.output
    assert "terminé" in r.output.split("balayage")[0] and "finished" not in r.output
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    assert f"2 calculs (2 résolus maintenant, 0 repris) : 2 optimaux ; table : {out}/results.csv" in r.output
    assert "écrit" in r.output and "wrote" not in r.output
    # the dry run names the parameters as the sweep report does
    radius = _sweep(tmp_path, "grid:\n  max_distance_km: {heat: [5, 10]}\n", yaml_text=FRENCH, name="radius.yaml")
    r = runner.invoke(sweep_cmd, [str(radius), "--out", str(tmp_path / "radius"), "--dry-run"])
    assert r.exit_code == 0 and "rayon de" in r.output and "km.heat" not in r.output, r.output


def test_a_huge_grid_is_counted_and_bounded_before_it_runs(tmp_path, capsys):
    """A grid of 20 x 20 x 20 = 8,000 runs: the dry run listed all 8,000 rows (a grid of
    100,000 took 4 minutes to print) and no command said how long the runs may take."""
    vals = ", ".join(str(v) for v in range(20))
    sweep_file = _sweep(tmp_path, f"grid:\n  carbon_price_eur_per_t: [{vals}]\n  lifetime_years: [{', '.join(str(v + 1) for v in range(20))}]\n"
                                  f"  prices: {{heat: [{', '.join(str(0.5 + v / 20) for v in range(20))}]}}\n")
    t0 = time.monotonic()
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(tmp_path / "out"), "--dry-run"])
    assert r.exit_code == 0 and time.monotonic() - t0 < 30
    # 8,000 runs x 30 s / 2 worker threads = 120,000 s = 33.3 h
    assert ("sweep: 8,000 runs, 0 finished, 8,000 to solve; each at most 30 s (its time limit): at most 33.3 h on "
            "2 worker threads") in r.output
    assert "... and 7,960 more runs" in r.output and r.output.count(" r") < 8000
    # a real sweep says it on stderr before solving: 2 runs x 30 s on this process's one thread
    small = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150]\n", name="small.yaml")
    run_sweep(small, tmp_path / "small", n_workers=0, progress=True)
    assert ("sweep: 2 runs, 0 finished, 2 to solve; each at most 30 s (its time limit): at most 60 s on 1 worker "
            "thread; the bar below estimates the time left once runs finish") in capsys.readouterr().err


def test_a_cluster_without_workers_is_told():
    """A scheduler with no worker: the sweep waited without a word."""
    distributed = pytest.importorskip("dask.distributed")
    from eitflow.sweep.cluster import worker_threads
    from eitflow.sweep.run import plan_line

    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cl, \
            distributed.Client(cl) as c:
        assert worker_threads(c) == 0
    from types import SimpleNamespace

    base = SimpleNamespace(scenario=SimpleNamespace(params=SimpleNamespace(solver=SimpleNamespace(time_limit_s=30.0))))
    line = plan_line(pd.DataFrame({"run_id": ["r1"], "base": ["b"]}), {"b": base}, set(), 0)
    assert line == ("sweep: 1 run, 0 finished, 1 to solve; the cluster has no worker yet: the runs wait until one "
                    "connects (dask worker ADDRESS)")


def test_the_sweep_report_names_a_shared_network(tmp_path):
    """The frequency table of a sweep over a scenario with a shared heat network showed the
    network's party id, 'network:heat', as a site (with 'network:heat' again as its code),
    where the run's own report says 'Réseau de chaleur' / 'Heat network'."""
    from eitflow.report.sweep import write_sweep_report

    repo = Path(__file__).resolve().parents[1]
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(f"base: {repo / 'scenarios' / 'ludres_backbone' / 'scenario.yaml'}\n"
                          "grid:\n  carbon_price_eur_per_t: [100]\n", encoding="utf-8")
    out = tmp_path / "out"
    run_sweep(sweep_file, out, n_workers=0, progress=False)
    links = pd.read_csv(out / "links.csv")
    assert (links["source_site"] == "network:heat").any() and (links["sink_site"] == "network:heat").any()
    for lang, name in (("fr", "Réseau de chaleur"), ("en", "Heat network")):
        write_sweep_report(str(out), lang)
        page = (out / "report.html").read_text(encoding="utf-8")
        cells = page.split("<tbody>")[1] if "<tbody>" in page else page
        assert "network:heat" not in page, lang
        assert f'<span title="{name}">{name}</span>' in cells, lang


def test_a_sweep_of_french_excel_files_writes_its_report_with_the_sites_names(tmp_path):
    """A base written as French Excel writes CSV (`eitflow init --lang fr`: ';' and decimal commas)
    ran every run and then crashed writing the sweep's report with pandas' traceback ('Expected 3
    fields in line 7, saw 4'): the report read the copied sites.csv as a comma-separated file."""
    from eitflow.cli.init import init_command

    runner = CliRunner()
    assert runner.invoke(init_command, [str(tmp_path / "base"), "--lang", "fr"]).exit_code == 0
    assert (tmp_path / "base" / "sites.csv").read_text(encoding="utf-8-sig").startswith("site_id;name;lat;lon")
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text("base: base/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [50, 100]\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0 and r.exception is None, r.output
    report = (out / "report.html").read_text(encoding="utf-8")
    # the template's incinerator, named in its sites.csv (written by hand in the template)
    assert "Usine d&#x27;incinération (exemple)" in report or "Usine d'incinération (exemple)" in report


def test_a_sweep_of_a_workbook_names_its_sites_in_the_report(tmp_path):
    """A base given as a workbook (`eitflow init --excel`) had no sites.csv to copy: the sweep's
    report named every site by its id ('UVE'). The sweep writes site_names.csv from its bases
    as read, and the report names the sites from it, the template's own names."""
    from eitflow.cli.init import init_command

    runner = CliRunner()
    assert runner.invoke(init_command, [str(tmp_path / "base"), "--excel", "--lang", "en"]).exit_code == 0
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text("base: base/scenario.xlsx\ngrid:\n  carbon_price_eur_per_t: [50, 100]\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0 and r.exception is None, r.output
    names = pd.read_csv(out / "site_names.csv", dtype=str)
    # the template's 7 sites, the incinerator among them (tests/test_init_french.py's English template)
    assert len(names) == 7 and set(names["base"]) == {"scenario"}   # a single base is named by its file
    assert names.set_index("site_id").loc["UVE", "name"] == "Waste incinerator (example)"
    assert "Waste incinerator (example)" in (out / "report.html").read_text(encoding="utf-8")


def test_a_sweep_never_writes_into_a_directory_that_is_not_a_sweeps(tmp_path):
    """`eitflow sweep --out DIR` wrote into any existing directory and replaced its files: a
    user's results.csv and plan.csv, an `eitflow run` directory, the base scenario's own folder
    (a helper trying sweeps). Like `run`, a sweep now takes a new or empty directory, or a sweep's
    own to resume it, and refuses any other before anything is written."""
    sweep_file = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [0, 150]\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "results.csv").write_text("my notes\n", encoding="utf-8")
    (mine / "plan.csv").write_text("keep\n", encoding="utf-8")
    for out in (mine, tmp_path / "scen"):
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        with pytest.raises(SweepError, match="not a sweep directory"):
            run_sweep(sweep_file, out, n_workers=0, progress=False)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
        assert r.exit_code == 2 and "not a sweep directory" in r.output and "Traceback" not in r.output
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    (tmp_path / "empty").mkdir()
    run_sweep(sweep_file, tmp_path / "empty", n_workers=0, progress=False)   # empty: fine
    run_sweep(sweep_file, tmp_path / "empty", n_workers=0, progress=False)   # a sweep's: resumed


def test_a_network_return_above_its_supply_temperature_is_refused_before_anything_runs(tmp_path):
    """A sweep of a network's temperatures to 70 degC with a return of 80 solved a run (exit 0)
    that `eitflow run` and `validate` refuse: each value alone passed the sweep's check. Each
    run's pair is now checked on every base. The message of an unknown parameter lists the
    return temperature among the network settings (it did not)."""
    from eitflow.i18n import text
    from eitflow.sweep.spec import NETWORK_SETTINGS

    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "networks:\n  heat:\n    temperature_c: 90\n"
                   "    return_temperature_c: 60\n    generate: delaunay\n")
    sw = tmp_path / "net.yaml"
    sw.write_text("base: scen/scenario.yaml\ngrid:\n  networks: {heat: {temperature_c: [70, 90], "
                  "return_temperature_c: [50, 80]}}\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SweepError, match="80 degC is not below the network's supply temperature"):
        run_sweep(sw, out, n_workers=0, progress=False)
    assert not out.exists()
    listed = text("sweep_e_unknown_parameter", name="x", names="y")
    assert all(f"networks.<resource>.{s}" in listed for s in NETWORK_SETTINGS)


def test_a_sweep_names_a_hub_in_its_report(tmp_path):
    """redon_h2's shared station (hubs.csv) hands the depots their hydrogen in every run: the
    sweep report's exchanges named it by its hub_id, 'HRS_REDON' (site_names.csv held the
    sites only), where every site has its name."""
    root = Path(__file__).resolve().parents[1] / "scenarios" / "redon_h2"
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(f"base: {root / 'scenario.yaml'}\ngrid:\n  carbon_price_eur_per_t: [50, 100]\n",
                          encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0 and r.exception is None, r.output
    assert (pd.read_csv(out / "links.csv")["source_site"] == "HRS_REDON").any()   # the station is used
    names = pd.read_csv(out / "site_names.csv", dtype=str).set_index("site_id")["name"]
    station = "Station hydrogène partagée de Redon (candidate ; nom fictif)"
    assert names["HRS_REDON"] == station
    assert "Station hydrogène partagée de Redon" in (out / "report.html").read_text(encoding="utf-8")


def test_a_sweep_run_kept_as_tables_is_said_to_be_one(tmp_path):
    """`eitflow explain OUT/runs/<id>` on a sweep's run written with `outputs: tables` (the
    default) said it was 'a run directory (written by eitflow run) ... give the scenario.yaml it
    was run from'; the base alone is not that run. It says which base, with which parameters."""
    from eitflow.cli.main import main

    sweep_file = _sweep(tmp_path, "grid:\n  carbon_price_eur_per_t: [50, 150]\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    run = sorted((out / "runs").iterdir())[0]
    price = json.loads((run / "summary.json").read_text(encoding="utf-8"))["sweep"]["parameters"]["carbon_price_eur_per_t"]
    r = CliRunner().invoke(main, ["explain", str(run), "--lang", "en"])
    assert r.exit_code == 2, r.output
    said = " ".join(r.output.split())
    assert "is a run of a sweep written with 'outputs: tables', without a copy of its scenario" in said, said
    assert f"with carbon_price_eur_per_t: {price:g};" in said and "written by eitflow run" not in said, said


def test_a_full_sweep_run_is_not_solved_again_as_its_base(tmp_path):
    """`eitflow zones OUT/runs/<id>` on a run of Redon's sweep with `outputs: full` (carbon price
    50 €/t, hydrogen prices x 0.669) said the run's scenario 'est résolu comme ce calcul l'a été'
    and solved its inputs/, the base as it is (100 €/t, prices x 1): 670,814 €/an instead of the
    run's 391,528, put down to a time limit. The copy now carries the sweep's values (its
    `sweep:` block) and is solved as the run: its objective is the run's. A copy without them
    (a run written before) is refused, saying which base and which parameters. A sweep of
    solver settings only is solved again as before."""
    from eitflow.cli.main import main
    from eitflow.io.swept import MARK

    sweep_file = _sweep(tmp_path, "outputs: full\ngrid:\n  carbon_price_eur_per_t: [0, 300]\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    for run in sorted((out / "runs").iterdir()):
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        price = summary["sweep"]["parameters"]["carbon_price_eur_per_t"]
        r = CliRunner().invoke(main, ["zones", str(run), "--lang", "en"])
        said = " ".join(r.output.split())
        assert r.exit_code == 0 and f"objective {summary['objective']:,.2f} EUR/yr" in said, said
        copy = run / "inputs" / "scenario.yaml"
        text = copy.read_text(encoding="utf-8")
        copy.write_text(text[:text.index(MARK)], encoding="utf-8")   # as a run written before
        for lang, words in (("en", "its inputs/ hold its base scenario"), ("fr", "contient le scénario de base")):
            for arg in (run, copy):
                r = CliRunner().invoke(main, ["zones", str(arg), "--lang", lang])
                said = " ".join(r.output.split())
                assert r.exit_code == 2, said
                assert words in said and f"carbon_price_eur_per_t: {price:g}" in said, said
    solver_only = _sweep(tmp_path, "outputs: full\ngrid:\n  solver: {mip_gap: [0.0, 0.01]}\n", name="gap.yaml")
    out2 = tmp_path / "out2"
    r = CliRunner().invoke(sweep_cmd, [str(solver_only), "--out", str(out2), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    run = sorted((out2 / "runs").iterdir())[0]
    r = CliRunner().invoke(main, ["zones", str(run), "--lang", "en"])
    assert r.exit_code == 0 and "is not the one of" not in r.output, r.output


def test_the_report_of_a_sweeps_run_names_the_values_it_was_run_with(tmp_path):
    """`eitflow report OUT/runs/<id>` of a full sweep run (Redon's, hydrogen prices x 0.669)
    showed the base's title and the run's figures with no word of the sweep: its prices bands
    and values read as the scenario's own. Its footer names the sweep's values: here the heat
    prices x 0.5 and the carbon price 300 €/t of the grid."""
    from eitflow.report.html import write_report

    sweep_file = _sweep(tmp_path, "outputs: full\ngrid:\n  carbon_price_eur_per_t: [300]\n  prices: {heat: [0.5]}\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    run = next((out / "runs").iterdir())
    for lang, want in (("fr", ["Balayage", "prix de la chaleur (× base) 0,5", "prix du carbone (€/tCO2) 300", run.name]),
                       ("en", ["Sweep", "heat price (× base) 0.5", "carbon price (EUR/tCO2) 300", run.name])):
        page = write_report(run, None, lang).read_text(encoding="utf-8")
        foot = " ".join(page.split("<footer>")[1].split())
        for w in want:
            assert w in foot, (lang, w, foot)


def test_a_full_sweep_runs_scenario_copy_run_again_is_that_run(tmp_path):
    """`eitflow run OUT/runs/<id>/inputs/scenario.yaml` (the file) of a full sweep run at carbon
    price 0 €/t and heat prices x 0.5 solved the base as it is (100 €/t, prices x 1), while the
    README says the copy "runs the same scenario again". The copy now carries the sweep's
    values: run again, it is the run.

    Independent figure: the same scenario written by hand (carbon_price_eur_per_t: 0; FOOD's
    heat at 45 x 0.5 = 22.5 EUR/MWh, GREEN's at 40 x 0.5 = 20), solved as a plain scenario."""
    from conftest import FLOWS_CSV
    from eitflow import run_file
    from eitflow.cli.main import main

    sweep_file = _sweep(tmp_path, "outputs: full\ngrid:\n  carbon_price_eur_per_t: [0]\n  prices: {heat: [0.5]}\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    run = next((out / "runs").iterdir())
    by_hand = write_scenario(tmp_path / "hand", yaml_text=SCENARIO_YAML.replace(
        "carbon_price_eur_per_t: 100", "carbon_price_eur_per_t: 0"), flows=FLOWS_CSV.replace(
        "90,45", "90,22.5").replace("60,40", "60,20"))
    want = run_file(by_hand).summary["objective"]
    base = run_file(tmp_path / "scen" / "scenario.yaml").summary["objective"]
    assert abs(want - base) > 1000, (want, base)   # the values change the answer
    for args in ([str(run / "inputs" / "scenario.yaml")], [str(run)]):
        again = tmp_path / f"again{len(args[0])}"
        r = CliRunner().invoke(main, ["run", *args, "--out", str(again), "-q"])
        assert r.exit_code == 0, r.output
        got = json.loads((again / "summary.json").read_text(encoding="utf-8"))["objective"]
        assert got == pytest.approx(want, rel=1e-9, abs=1e-6), (args, got, want, base)


def test_a_sweep_runs_brief_says_its_values_and_the_gap_target_reads_as_a_percentage(tmp_path):
    """A full sweep run's brief.pdf had its base's title and no word of the sweep (only
    report.html's footer named the values): the brief says the run, its base and its values,
    from the footer's function. The gap target read 'écart visé 0,005' in the sweep report's
    parameters table and dry run, a fraction nothing said was one (0.5 %): a percentage now,
    0.005 = 0,50 % (by hand)."""
    import html as htmlmod
    import re

    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run

    sweep_file = _sweep(tmp_path, "outputs: full\ngrid:\n  prices: {heat: [0.5]}\n  solver: {mip_gap: [0.005]}\n")
    out = tmp_path / "out"
    dry = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--dry-run", "--lang", "fr"])
    said = " ".join(dry.output.replace("\xa0", " ").split())
    assert dry.exit_code == 0 and "0,50 %" in said and "0,005" not in said, said
    r = CliRunner().invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--workers", "0", "-q", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    run = next((out / "runs").iterdir())
    for lang, want in (("fr", f"Calcul {run.name} du balayage, scénario de base scen, avec prix de la chaleur "
                               "(× base) 0,5 ; écart visé 0,50 %"),
                       ("en", f"Run {run.name} of the sweep, base scenario scen, with heat price (× base) 0.5; "
                              "gap target 0.50%")):
        page = render_brief(read_run(run), lang)
        line = re.search(r'id="brief-sweep">([^<]*)<', page)
        assert line is not None, page[:2000]
        assert " ".join(htmlmod.unescape(line.group(1)).replace("\xa0", " ").split()) == want, line.group(1)
    report = (out / "report.html").read_text(encoding="utf-8")
    table = " ".join(htmlmod.unescape(report.split('id="parameters-table"')[1].split("</table>")[0])
                     .replace("\xa0", " ").split())
    assert "écart visé" in table and "0,50 %" in table and "0,005" not in table, table


def test_a_full_sweep_runs_recorded_inputs_are_its_files(tmp_path):
    """A full sweep run's summary.json recorded, for its scenario.yaml, the base's checksum, while
    its inputs/scenario.yaml is the base's with a `sweep:` block of the run's values: the record
    named a file the run directory does not hold. Each checksum recorded is that of the copy in
    inputs/ (hashlib here, on the files on disk); the base's is kept as `base_sha256`, and the run
    ids still come from the base (a second sweep on the same directory resumes every run)."""
    import hashlib

    sweep_file = _sweep(tmp_path, "outputs: full\ngrid:\n  carbon_price_eur_per_t: [0, 50]\n")
    out = tmp_path / "out"
    argv = [str(sweep_file), "--out", str(out), "--workers", "0", "-q"]
    r = CliRunner().invoke(sweep_cmd, argv)
    assert r.exit_code == 0, r.output
    runs = sorted(d for d in (out / "runs").iterdir() if not d.name.startswith("."))
    assert len(runs) == 2
    base = hashlib.sha256((tmp_path / "scen" / "scenario.yaml").read_bytes()).hexdigest()
    for run in runs:
        rec = json.loads((run / "summary.json").read_text(encoding="utf-8"))["inputs"]
        assert set(rec) == {"scenario", "sites", "flows"}, rec
        for key, r_ in rec.items():
            copy = run / "inputs" / f"{key}{Path(r_['path']).suffix}"
            assert r_["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest(), (run.name, key)
        assert "sweep:" in (run / "inputs" / "scenario.yaml").read_text(encoding="utf-8")
        assert rec["scenario"]["sha256"] != base and rec["scenario"]["base_sha256"] == base
    r = CliRunner().invoke(sweep_cmd, argv)
    assert r.exit_code == 0 and "(0 solved now, 2 resumed)" in r.output, r.output
