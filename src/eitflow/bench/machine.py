"""What a benchmark record says about the machine and the code: versions, git commit, memory, load."""
from __future__ import annotations

import datetime as _dt
import os
import platform
import resource
import subprocess
import sys

from eitflow.bench.suites import REPO_ROOT


def _rss_mb() -> tuple[float, float]:
    """Peak resident set of this process and of its finished children, in MB."""
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0  # bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return round(own, 1), round(kids, 1)


def _git(*args: str) -> str | None:
    try:
        r = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def _mem_total_gb() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def metadata() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    from eitflow._version import __version__

    versions = {"eitflow": __version__, "python": platform.python_version()}
    for pkg in ("highspy", "pulp", "numpy", "scipy", "pandas", "networkx", "pydantic", "click"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    commit = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        affinity = None
    return {
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "machine": {"hostname": platform.node(), "platform": platform.platform(), "machine": platform.machine(),
                    "processor": platform.processor(), "cpu_count": os.cpu_count(), "cpus_usable": affinity,
                    "memory_gb": _mem_total_gb(), "python": sys.version.split()[0],
                    "loadavg_at_start": [round(v, 2) for v in os.getloadavg()]},
        "versions": versions,
        "git": {"commit": commit, "dirty": None if dirty is None else bool(dirty)},
    }
