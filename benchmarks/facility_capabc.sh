#!/usr/bin/env bash
# capa/capb/capc through eitflow (3 repeats) interleaved with plain HiGHS on the same model,
# weak (aggregated) and strong formulations (1 run each), per case:
#   eitflow, weak, eitflow, strong, eitflow
# Usage: benchmarks/facility_capabc.sh OUTDIR [CASE...]   (CASE like capb-7000; default all 12)
#   STEPS="e1 weak strong" benchmarks/facility_capabc.sh ...   one eitflow run per case (36 min instead of 60; STEPS=e1: 13 min)
# then: python benchmarks/merge_facility.py benchmarks/reference/facility-capabc.json OUTDIR
set -euo pipefail
out=$1; shift
mkdir -p "$out"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(capa-8000 capa-10000 capa-12000 capa-14000 capb-5000 capb-6000 capb-7000 capb-8000
                                  capc-5000 capc-5750 capc-6500 capc-7250)
py=${PYTHON:-.venv/bin/python}
shared=${EITFLOW_SHARED:-../shared}
# published optimum (OR-Library capopt.txt) as eitflow's maximised objective: minus the cost
opt() { $py - "$shared/data/benchmarks/orlib_cap/capopt.txt" "$1" "$2" <<'PY'
import re, sys
cur = None
for line in open(sys.argv[1]):
    m = re.match(r"\s*(cap\w+)?\s+([\d.]+)\s+\(capacity (\d+)\)", line)
    if m:
        cur = m.group(1) or cur
        if cur == sys.argv[2] and m.group(3) == sys.argv[3]:
            print(-float(m.group(2)))
PY
}
for c in "${cases[@]}"; do
  f=${c%-*}; cap=${c#*-}; o=$(opt "$f" "$cap")
  for step in ${STEPS:-e1 weak e2 strong e3}; do
    case $step in
      e*) $py -m eitflow.cli.main bench run facility --time-limit 60 --cases "$c" --out "$out/$c-$step.json" --force \
            > "$out/$c-$step.log" 2>&1 || echo "eitflow $c $step failed" ;;
      *) $py benchmarks/plain_facility.py "$f" "$cap" "$o" "$step" 60 >> "$out/plain.jsonl" || echo "plain $c $step failed" ;;
    esac
  done
done
