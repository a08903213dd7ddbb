"""HiGHS keeps one thread scheduler per process: solves with another thread count than the
first one's must still work (`solve.highs.set_threads`)."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    from eitflow.bench.netsynth import network_city
    from eitflow.pipeline import optimise
    for threads in (2, 1, 3, 1):
        scen = network_city(8, 1, 0, threads=threads, time_limit_s=30, mip_gap=0.0)
        s = optimise(scen, {}, duals=True).summary
        print(threads, s["status"], round(s["objective"], 2))
""")


def test_one_process_solves_scenarios_with_different_thread_counts():
    # a fresh process: the scheduler is made by the first solve of the script, not by another test's
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = [ln.split() for ln in out.stdout.strip().splitlines()]
    assert [ln[0] for ln in lines] == ["2", "1", "3", "1"]
    # before the fix: "1 error None" from the second solve on (HiGHS: status "Not Set")
    assert all(ln[1] == "optimal" for ln in lines), out.stdout
    # the same town each time: one optimum, whatever the threads
    assert len({ln[2] for ln in lines}) == 1, out.stdout
