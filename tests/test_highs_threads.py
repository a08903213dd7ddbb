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


OTHER_USERS = textwrap.dedent("""
    import highspy, pulp, eitflow
    scen = eitflow.read_scenario("scenarios/zae_example/scenario.yaml")

    def show(tag, r):
        print(tag, r.status, round(r.objective, 2) if r.objective is not None else None)

    def other_highspy_user(threads):
        # a library of its own on highspy: makes the scheduler again, with a count eitflow does not use
        highspy.Highs.resetGlobalScheduler(True)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", threads)
        h.addVar(0.0, 1.0)
        h.changeColCost(0, 1.0)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        print("other", h.run() == highspy.HighsStatus.kOk, h.getInfo().objective_function_value)

    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.HiGHS(msg=False))               # the README's "or any solver PuLP drives"
    show("pulp", eitflow.result_from_pulp(prob))
    show("eitflow", eitflow.optimise(scen))
    prob.solve(pulp.HiGHS(msg=False))               # PuLP still solves after eitflow
    show("pulp", eitflow.result_from_pulp(prob))
    other_highspy_user(3)                           # between two of eitflow's solves
    show("eitflow", eitflow.optimise(scen))
""")


def test_eitflow_solves_after_another_highspy_user_of_the_process():
    """HiGHS refuses a run whose thread count is not its scheduler's; a scheduler made by PuLP's
    HiGHS solver (HiGHS's default count: two threads on this project's 2-core machine) or by
    another highspy user was not re-made for eitflow's count (`solve.highs.run`). zae_example's optimum,
    15,063,908.64 EUR/yr, each time, and the other users still solve."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", OTHER_USERS], capture_output=True, text=True, timeout=300, cwd=root)
    assert out.returncode == 0, out.stderr
    lines = [ln.split() for ln in out.stdout.strip().splitlines() if ln.split()[0] in ("pulp", "eitflow", "other")]
    # before the fix: "eitflow error None" twice (HiGHS: status "Not Set"), on any machine for
    # the second (the other user's three threads), wherever HiGHS's default is not one thread
    # for the first
    assert [ln[0] for ln in lines] == ["pulp", "eitflow", "pulp", "other", "eitflow"], out.stdout
    assert lines[3][1:] == ["True", "1.0"], out.stdout
    for ln in lines[:3] + lines[4:]:
        assert ln[1:] == ["optimal", "15063908.64"], out.stdout


REFUSED = textwrap.dedent("""
    import highspy, pulp, eitflow
    scen = eitflow.read_scenario("scenarios/zae_example/scenario.yaml")
    print("eitflow", eitflow.optimise(scen).status)          # makes HiGHS's scheduler, one thread
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.HiGHS(msg=False, threads=2))             # refused by HiGHS: another count
    r = eitflow.result_from_pulp(prob)
    print("refused", r.status, "|", r.summary["message"])
    highspy.Highs.resetGlobalScheduler(True)                 # what the message says to do
    prob.solve(pulp.HiGHS(msg=False, threads=2))
    print("reset", eitflow.result_from_pulp(prob).status)
""")


def test_a_highs_run_refused_for_its_thread_count_is_said_so_not_not_solved():
    """PuLP's HiGHS with two threads after eitflow's one-thread solve in the same process: HiGHS
    does not run (model status "Not Set"), and `result_from_pulp` said "not solved: call
    prob.solve(...) before eitflow.result_from_pulp(prob)" although prob.solve was called. It
    now says HiGHS did not run and what to call first; after that call the solve runs."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", REFUSED], capture_output=True, text=True, timeout=300, cwd=root)
    assert out.returncode == 0, out.stderr
    lines = {ln.split()[0]: ln for ln in out.stdout.splitlines() if ln.split() and ln.split()[0] in ("eitflow", "refused", "reset")}
    assert lines["eitflow"] == "eitflow optimal", out.stdout
    assert lines["refused"].startswith("refused error |"), out.stdout
    assert "call prob.solve" not in lines["refused"]
    assert "HiGHS did not run" in lines["refused"] and "highspy.Highs.resetGlobalScheduler(True)" in lines["refused"]
    assert lines["reset"] == "reset optimal", out.stdout
