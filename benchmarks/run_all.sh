#!/usr/bin/env bash
# Run every benchmark suite into benchmarks/results/<date>/: one JSON and one log per suite.
#
#   benchmarks/run_all.sh                 # from anywhere; results under the repository
#   WORKERS=1 TIME_LIMIT_EXACT=120 benchmarks/run_all.sh
#   PYTHON=.venv/bin/python SHARED=/data/shared benchmarks/run_all.sh
#
# Suites run one after the other (never in parallel: they would share the cores and distort
# each other's times). A suite that fails to start is reported and the next one runs; the
# script exits 1 if any suite failed. Cases that fail inside a suite are recorded in its JSON.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python}
[ -x .venv/bin/python ] && [ "$PYTHON" = python ] && PYTHON=.venv/bin/python
SHARED=${SHARED:-../shared}
WORKERS=${WORKERS:-2}
TIME_LIMIT_EXACT=${TIME_LIMIT_EXACT:-60}
OUT=benchmarks/results/$(date +%Y-%m-%d)
mkdir -p "$OUT"
export PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}"

status=0
run() {
    local suite=$1; shift
    if [ -e "$OUT/$suite.json" ]; then
        echo "== $suite: $OUT/$suite.json exists, skipped (move it away to rerun)"
        return
    fi
    echo "== $suite ($(date +%H:%M:%S))"
    "$PYTHON" -m eitflow.bench run "$suite" --shared "$SHARED" --out "$OUT/$suite.json" "$@" 2>&1 \
        | tee "$OUT/$suite.log" || status=1
}

run exact --time-limit "$TIME_LIMIT_EXACT"
run fr-heat --workers "$WORKERS"
run synthetic --workers "$WORKERS"
run cascade --workers "$WORKERS"
run naive   # workers 1: the naive model is single-threaded too
run time-limit   # the whole command against --time-limit 5 and 10 (workers 1)
run network      # the synthetic heat-network city and region against plain HiGHS (workers 1)
echo "results in $OUT"
exit $status
