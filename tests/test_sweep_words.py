"""What `eitflow sweep` says: its refusals in the base scenario's language (English byte for
byte as before), and a progress bar naming the run that has just finished."""
from __future__ import annotations

import functools
import os
import re
import socket

import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.sweep import sweep_cmd

GRID = "base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 150]\n"


def _base(tmp_path, lang: str):
    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + ("lang: fr\n" if lang == "fr" else ""))


def _sweep(tmp_path, text: str, name: str = "sweep.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _long_sweep(tmp_path, lang: str):
    """A 400-run sweep of a base scenario in `lang`, started as a user starts it (its own
    session, two local workers); (the process, its --out)."""
    import subprocess
    import sys
    from pathlib import Path

    _base(tmp_path, lang)
    sweep = _sweep(tmp_path, "base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: ["
                   + ", ".join(str(i) for i in range(400)) + "]\n")
    out = tmp_path / "out"
    eitflow = str(Path(sys.executable).with_name("eitflow"))
    return subprocess.Popen([eitflow, "sweep", str(sweep), "--out", str(out), "--workers", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True), out


def _refusal(*args: str) -> str:
    r = CliRunner().invoke(sweep_cmd, [str(a) for a in args])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    return r.output.strip().splitlines()[-1]


# (sweep file, English line after "error: <sweep file>: ", French line after "erreur : <sweep file> : ")
BAD_FILES = [
    ("base: scen/scenario.yaml\ngrids:\n  carbon_price_eur_per_t: [1]\n",
     "unknown key ['grids'] (expected base or bases, grid, monte_carlo, outputs, name, description)",
     "clé inconnue ['grids'] (attendu base ou bases, grid, monte_carlo, outputs, name, description)"),
    ("base: scen/scenario.yaml\ngrids:\n  carbon_price_eur_per_t: [1]\nnom: x\n",
     "unknown keys ['grids', 'nom'] (expected base or bases, grid, monte_carlo, outputs, name, description)",
     "clés inconnues ['grids', 'nom'] (attendu base ou bases, grid, monte_carlo, outputs, name, description)"),
    ("base: scen/scenario.yaml\nmonte_carlo:\n  n: 2\n  sed: 1\n  parameters:\n    availability: {dist: normal, "
     "mean: 1, sd: 0.1}\n",
     "monte_carlo: unknown key ['sed'] (expected n, seed, parameters)",
     "monte_carlo : clé inconnue ['sed'] (attendu n, seed, parameters)"),
    ("base: scen/scenario.yaml\ngrid:\n  availability: [1]\n  carbon_price_eur_per_t: [1]\nmonte_carlo:\n  n: 2\n"
     "  parameters:\n    availability: {dist: uniform, low: 0.5, high: 1}\n"
     "    carbon_price_eur_per_t: {dist: uniform, low: 0, high: 1}\n",
     "parameters ['availability', 'carbon_price_eur_per_t'] are both in grid and monte_carlo",
     "paramètres ['availability', 'carbon_price_eur_per_t'] à la fois dans grid et dans monte_carlo"),
    ("base: scen/scenario.yaml\nmonte_carlo:\n  n: 2\n  parameters:\n    availability: {dist: normal, mean: 1, "
     "sd: 0.1, mode: 1}\n",
     "monte_carlo.parameters.availability: a normal distribution takes mean, sd (and optional min, max); unknown "
     "['mode']",
     "monte_carlo.parameters.availability : la loi 'normal' prend mean, sd (et, au choix, min, max) ; inconnu : "
     "['mode']"),
    ("base: scen/scenario.yaml\ngrid:\n  carbon_prise: [1]\n",
     "unknown sweep parameter 'carbon_prise': expected one of ",
     "paramètre de balayage inconnu 'carbon_prise' : attendu l'un de "),
    ("base: scen/scenario.yaml\ngrid:\n  discount_rate: [0.05, 4]\n",
     "sweep parameter 'discount_rate' = 4: ",
     "paramètre de balayage 'discount_rate' = 4 : "),
    ("base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: 5\n",
     "grid: 'carbon_price_eur_per_t' must be a non-empty list of numbers, got 5",
     "grid : 'carbon_price_eur_per_t' doit être une liste non vide de nombres, trouvé 5"),
]


@pytest.mark.parametrize("text, en, fr", BAD_FILES)
def test_a_bad_sweep_file_is_refused_in_the_base_scenario_language(tmp_path, text, en, fr):
    sweep = _sweep(tmp_path, text)
    _base(tmp_path, "en")
    line = _refusal(sweep, "--out", tmp_path / "out")
    assert line.startswith(f"error: {sweep}: {en}"), line
    _base(tmp_path, "fr")
    line = _refusal(sweep, "--out", tmp_path / "out")
    assert line.startswith(f"erreur : {sweep} : {fr}"), line
    # --lang wins over the base's
    assert _refusal(sweep, "--out", tmp_path / "out", "--lang", "en").startswith(f"error: {sweep}: {en}")


def test_the_share_hint_of_a_bad_value_is_said_in_french(tmp_path):
    sweep = _sweep(tmp_path, "base: scen/scenario.yaml\ngrid:\n  discount_rate: [0.05, 4]\n")
    _base(tmp_path, "en")
    assert _refusal(sweep, "--out", tmp_path / "out").endswith(" (a share: 0.04 means 4 %)")
    _base(tmp_path, "fr")
    assert _refusal(sweep, "--out", tmp_path / "out").endswith(" (une part : 0,04 veut dire 4 %)")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_locked_directory_and_another_sweeps_directory_are_refused_in_the_base_language(tmp_path, lang):
    from eitflow.sweep.store import Store

    _base(tmp_path, lang)
    sweep = _sweep(tmp_path, GRID)
    out = tmp_path / "out"
    holder = Store(out)
    holder.lock()
    try:
        line = _refusal(sweep, "--out", out, "--workers", "0", "-q")
    finally:
        holder.unlock()
    pid = os.getpid()
    assert line == {"en": f"error: {out} is being written by another sweep client (pid {pid}); wait for it or "
                          "use another --out",
                    "fr": f"erreur : {out} est en cours d'écriture par un autre client de balayage (pid {pid}) ; "
                          "attendez qu'il finisse ou choisissez un autre --out"}[lang]
    r = CliRunner().invoke(sweep_cmd, [str(sweep), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    # the same directory, another sweep: its 2 finished runs are not in this one
    other = _sweep(tmp_path, GRID.replace("[0, 150]", "[7]"), "other.yaml")
    line = _refusal(other, "--out", out, "--workers", "0", "-q")
    head = {"en": f"error: {out} holds 2 finished runs this sweep does not list (",
            "fr": f"erreur : {out} contient 2 calculs terminés que ce balayage ne liste pas ("}[lang]
    tail = {"en": "): another sweep's, or this file's before its points changed. Their rows would leave the "
                  "tables: give another --out, or keep their points in the sweep file",
            "fr": ") : ceux d'un autre balayage, ou de ce fichier avant que ses points ne changent. Leurs lignes "
                  "quitteraient les tables : donnez un autre --out, ou gardez leurs points dans le fichier de "
                  "balayage"}[lang]
    assert line.startswith(head) and line.endswith(tail), line


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_scheduler_that_cannot_be_reached_is_said_in_the_base_language(tmp_path, lang):
    _base(tmp_path, lang)
    sweep = _sweep(tmp_path, GRID)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    where = f"tcp://127.0.0.1:{port}"
    line = _refusal(sweep, "--out", tmp_path / "out", "--scheduler", where, "-q")
    assert line == {"en": f"error: nothing listens at {where} (connection refused): is `dask scheduler` running "
                          "there, and is that the port it printed?",
                    "fr": f"erreur : rien n'écoute à {where} (connexion refusée) : `dask scheduler` y tourne-t-il, "
                          "et est-ce le port qu'il a affiché ?"}[lang]
    assert not (tmp_path / "out" / "results.csv").exists()


def test_the_progress_bar_names_the_run_that_has_just_finished(tmp_path, monkeypatch, capsys):
    """Every redraw of the bar (each run, here) shows beside the count k the k-th run solved:
    in this process the runs are solved in sweep order, results.csv's order."""
    import pandas as pd
    import tqdm

    from eitflow.sweep.run import run_sweep

    monkeypatch.setattr(tqdm, "tqdm", functools.partial(tqdm.tqdm, mininterval=0, miniters=1))
    _base(tmp_path, "en")
    sweep = _sweep(tmp_path, "base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 150, 300]\n")
    run_sweep(sweep, tmp_path / "out", n_workers=0, progress=True)
    ids = pd.read_csv(tmp_path / "out" / "results.csv")["run_id"].tolist()
    assert len(ids) == 3
    frames = re.split(r"[\r\n]", capsys.readouterr().err)
    shown = {}
    for f in frames:
        m = re.search(r"\b([1-3])/3 ", f)
        if m:
            found = re.search(r"r[0-9a-f]{12}", f)
            shown.setdefault(int(m.group(1)), set()).add(found.group(0) if found else None)
    assert shown == {1: {ids[0]}, 2: {ids[1]}, 3: {ids[2]}}, frames


@pytest.mark.slow
def test_ctrl_c_closes_the_local_cluster_without_leaking_semaphores(tmp_path):
    """Ctrl-C on a sweep with its default local cluster (worker processes): the cluster is
    closed before the command exits, so Python's resource tracker finds no semaphore of its
    multiprocessing queues left ("There appear to be 12 leaked semaphore objects" after
    eitflow's message), and Dask does not log the cancelled run as a warning."""
    import signal
    import time

    p, out = _long_sweep(tmp_path, "en")
    t = time.time() + 120
    # the cluster is up and solving once a run is written
    while time.time() < t and p.poll() is None and not list(out.glob("runs/*/summary.json")):
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    err = err.decode()
    assert p.returncode == 128 + signal.SIGINT, err
    assert re.search(r"\d+ runs? (are|is) written in", err) and "leaked semaphore" not in err, err
    assert "CancelledError" not in err and "Traceback" not in err, err


def _session(sid: int) -> list[tuple[int, str, str]]:
    """(pid, state, command line) of the processes of session `sid` (a command started with
    start_new_session: itself and whatever it started)."""
    import subprocess

    rows = subprocess.run(["ps", "-ww", "-eo", "pid=,sid=,stat=,args="], capture_output=True, text=True).stdout
    return [(int(p), st, args) for p, s, st, args in (r.split(None, 3) for r in rows.splitlines() if r.strip())
            if int(s) == sid]


@pytest.mark.parametrize("when, group, lang", [
    (0.2, False, "en"), (0.5, False, "en"), (1.0, False, "fr"), (1.5, False, "en"),
    ("worker", False, "en"), ("worker", True, "fr"), ("worker+0.3", True, "en"), (1.5, True, "en"),
])
@pytest.mark.slow
def test_ctrl_c_while_the_local_cluster_starts_ends_cleanly(tmp_path, when, group, lang):
    """Ctrl-C at any moment of a sweep's start: at fixed delays after the command starts, and
    the moment its first Dask worker process appears (the cluster still starting: the worker
    imports Dask) or 0.3 s later; sent to eitflow alone, or to its whole process group as a
    terminal's Ctrl-C is. Every time: exit 130, eitflow's stop message (the sweep's note in the
    base's language once the sweep file is read), no "leaked semaphore objects" warning, no
    traceback nor Dask log, and no process of the command left. Before, a stop while the
    cluster started left its workers' semaphores to the resource tracker (the warning), and a
    terminal's Ctrl-C reached the workers too (a KeyboardInterrupt traceback from a worker
    importing, Dask's warnings from one closing on its own)."""
    import signal
    import time

    p, out = _long_sweep(tmp_path, lang)
    if isinstance(when, float):
        time.sleep(when)
    else:
        t = time.time() + 120
        while time.time() < t and p.poll() is None and not any("spawn_main" in a for _, _, a in _session(p.pid)):
            time.sleep(0.01)
        assert p.poll() is None, "the sweep ended before its cluster started"
        time.sleep(0.3 if when == "worker+0.3" else 0.0)
    if group:
        os.killpg(p.pid, signal.SIGINT)
    else:
        p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=90)
    err = err.decode()
    assert p.returncode == 128 + signal.SIGINT, err
    first = err.strip().splitlines()[0]
    # stopped while the command line was still being imported: no language known yet, English
    early = first.startswith("eitflow: stopped by SIGINT; nothing was written")
    if lang == "fr":   # in French from the moment the sweep has read its base's language
        assert early or (first.startswith("eitflow : arrêté par SIGINT ; ") and (
            re.search(r"\d+ calculs? (sont|est) écrits? dans", first) or "rien n'a été écrit" in first)), err
    else:
        assert first.startswith("eitflow: stopped by SIGINT; ") and (
            re.search(r"\d+ runs? (are|is) written in", first) or "nothing was written" in first), err
    for bad in ("leaked semaphore", "Traceback", "KeyboardInterrupt", "CancelledError", "distributed.", "Warning"):
        assert bad not in err, err
    # nothing of the command left running (a child ended but not yet reaped by init is gone)
    t = time.time() + 10
    while time.time() < t and [r for r in _session(p.pid) if not r[1].startswith("Z")]:
        time.sleep(0.1)
    assert not [r for r in _session(p.pid) if not r[1].startswith("Z")]


FOS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scenarios", "fos_siting",
                   "scenario.yaml")


@pytest.mark.parametrize("dry, lang, note", [
    (True, None, "note : le scénario de base fos_siting a des activités à implanter sur des parcelles libres "
                 "(activities.csv, plots.csv) ; `eitflow sweep` optimise son territoire tel qu'il est, sans elles, "
                 "comme `eitflow run` : `eitflow site` les implante"),
    (False, "en", "note: base scenario fos_siting has activities to place on free plots (activities.csv, plots.csv); "
                  "`eitflow sweep` solves its territory as it is, without them, as `eitflow run` does: `eitflow site` "
                  "places them"),
])
def test_a_base_with_activities_to_place_is_said_to_be_swept_without_them(tmp_path, dry, lang, note):
    """fos_siting has plots.csv and activities.csv: `eitflow run` says it solves the territory
    without the activities (`eitflow site` places them); a sweep over it left them out without a
    word. It says so once (not per run), in the dry run (fos_siting's French) and before the
    solves (--lang en), and not for a base without plots."""
    sweep = _sweep(tmp_path, f"base: {FOS}\ngrid:\n  carbon_price_eur_per_t: [50, 150]\n")
    args = [str(sweep), "--out", str(tmp_path / "out"), "--workers", "0"]
    res = CliRunner().invoke(sweep_cmd, args + (["--dry-run"] if dry else ["--lang", lang]))
    assert res.exit_code == 0, res.output
    assert res.output.count(note) == 1, res.output
    _base(tmp_path, "en")
    res = CliRunner().invoke(sweep_cmd, [str(_sweep(tmp_path, GRID, "plain.yaml")), "--out", str(tmp_path / "plain"),
                                         "--workers", "0"] + (["--dry-run"] if dry else []))
    assert res.exit_code == 0 and "activities to place" not in res.output, res.output


def test_a_sweep_resumed_without_lang_keeps_the_language_it_was_written_in(tmp_path):
    """A sweep of an English base run with --lang fr, then resumed with one more grid point and
    no --lang (as its help's example reads), wrote its report, plot and lines in English over
    the French ones without a word: the language was the first base's, whatever the directory
    held. A sweep directory keeps its language (sweep.json), as a run directory does; --lang
    still changes it."""
    import json

    import pandas as pd

    _base(tmp_path, "en")
    out = tmp_path / "out"
    first = _sweep(tmp_path, GRID)
    r = CliRunner().invoke(sweep_cmd, [str(first), "--out", str(out), "--workers", "0", "-q", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    assert '<html lang="fr"' in (out / "report.html").read_text(encoding="utf-8")
    more = _sweep(tmp_path, GRID.replace("[0, 150]", "[0, 150, 300]"), "more.yaml")
    r = CliRunner().invoke(sweep_cmd, [str(more), "--out", str(out), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    assert "écrit" in r.output and "3 calculs" in r.output, r.output
    assert '<html lang="fr"' in (out / "report.html").read_text(encoding="utf-8")
    assert len(pd.read_csv(out / "results.csv")) == 3
    assert json.loads((out / "sweep.json").read_text(encoding="utf-8"))["lang"] == "fr"
    # --lang en: English from now on
    r = CliRunner().invoke(sweep_cmd, [str(more), "--out", str(out), "--workers", "0", "-q", "--lang", "en"])
    assert r.exit_code == 0 and "wrote" in r.output, r.output
    assert '<html lang="en"' in (out / "report.html").read_text(encoding="utf-8")
    r = CliRunner().invoke(sweep_cmd, [str(more), "--out", str(out), "--dry-run"])
    assert "finished" in r.output, r.output
