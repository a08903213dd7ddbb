"""A stopped sweep says how many runs OUT holds ("3 runs are written in OUT, each whole"),
counted by the stop handler while the sweep's own thread may still be committing a run: a
run renamed into place after the count made the line say 1 where OUT held 3 (CI, under
load). The stop holds `procs.registering` from before it counts; a run is committed under
it, so it lands before the count or never."""

import threading

import eitflow.procs as procs
from eitflow.sweep.store import Store


def test_a_run_does_not_land_while_a_stop_is_counting(tmp_path):
    store = Store(str(tmp_path / "out"))
    done = threading.Event()

    def commit():
        store.put_run("r1", {"summary.json": b"{}", "matches.csv": b"a\n"})
        done.set()

    with procs.registering():          # what the stop handler holds while it counts and exits
        t = threading.Thread(target=commit, daemon=True)
        t.start()
        assert not done.wait(0.5)      # the run waits: not committed, not counted
        assert store.finished() == set()
    assert done.wait(10)               # no stop after all: it lands whole
    assert store.finished() == {"r1"}
    assert (tmp_path / "out" / "runs" / "r1" / "matches.csv").read_bytes() == b"a\n"
