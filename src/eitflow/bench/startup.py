"""Light and quick: start-up time of the command line and size of a fresh install.

`measure_startup` times commands a user types first (`eitflow --help`, `eitflow validate`
of the bundled example, `import eitflow`), each in a fresh process, `repeats` times, and
reports min, median and max wall seconds: the machines are shared and noisy, so the median
is the figure to quote. `measure_install` builds a throw-away virtual environment, installs
the project there as the README's first command does (`pip install .`; pip's cache may
serve the wheels, so the time is an install from cache, not a download) and reports the
size of site-packages, its largest packages, and whether a solver binary that nothing uses
(cbcbox, 598 MB) came along.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eitflow.bench.suites import REPO_ROOT  # one definition of the project root

EXAMPLE = REPO_ROOT / "scenarios" / "zae_example" / "scenario.yaml"


def _timed(cmd: list[str], repeats: int, env: dict | None = None) -> dict:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            return {"command": " ".join(cmd), "error": (r.stderr or r.stdout)[-500:]}
    return {"command": " ".join(cmd), "repeats": repeats, "min_s": round(min(times), 4),
            "median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


def measure_startup(repeats: int = 7, python: str | None = None) -> dict:
    """Median start-up of `eitflow --help`, `eitflow validate EXAMPLE` and `import eitflow`
    (each in a fresh interpreter, after one untimed warm-up for the disk cache)."""
    py = python or sys.executable
    cli = [py, "-m", "eitflow.cli.main"]
    cases = {"python_bare": [py, "-c", "pass"], "import_eitflow": [py, "-c", "import eitflow"],
             "help": [*cli, "--help"], "validate_example": [*cli, "validate", str(EXAMPLE)]}
    out = {}
    for name, cmd in cases.items():
        subprocess.run(cmd, capture_output=True, timeout=300)  # warm-up: .pyc files and disk cache
        out[name] = _timed(cmd, repeats)
    return out


def _dir_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return round(total / 1e6, 1)


def measure_install(extra: str = "", keep: Path | None = None) -> dict:
    """Install the project into a fresh virtual environment (`pip install .[extra]`) and
    report its size; the environment is deleted afterwards unless `keep` is given."""
    base = Path(tempfile.mkdtemp(prefix="eitflow-install-")) if keep is None else keep
    venv = base / "venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        pip = venv / "bin" / "pip"
        target = f"{REPO_ROOT}[{extra}]" if extra else str(REPO_ROOT)
        t0 = time.perf_counter()
        r = subprocess.run([str(pip), "install", "-q", target], capture_output=True, text=True, timeout=1800)
        seconds = time.perf_counter() - t0
        if r.returncode != 0:
            return {"error": (r.stderr or r.stdout)[-800:]}
        site = next((venv / "lib").glob("python*/site-packages"))
        sizes = {}
        for p in site.iterdir():
            if p.name.endswith((".dist-info", ".pth")) or p.name in ("__pycache__", "_distutils_hack"):
                continue
            key = p.name.split(".libs")[0].split("-")[0].lower()
            sizes[key] = sizes.get(key, 0.0) + (_dir_mb(p) if p.is_dir() else round(p.stat().st_size / 1e6, 1))
        top = sorted(sizes.items(), key=lambda kv: -kv[1])[:12]
        py = str(venv / "bin" / "python")
        return {"extra": extra, "install_s": round(seconds, 1), "site_packages_mb": _dir_mb(site),
                "largest_mb": {k: round(v, 1) for k, v in top},
                "cbcbox_installed": any(n.startswith("cbcbox") for n in os.listdir(site)),
                "startup": measure_startup(repeats=5, python=py)}
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)
