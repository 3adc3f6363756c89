#!/usr/bin/env bash
# odered simulate against scipy's solve_ivp (BDF, analytic sparse Jacobian, through the script
# `odered export --to python` writes) on the same model, tolerances and output times, in
# alternating runs; then the exact reduction of each model, simulated the same way.
# Usage: bench/simulation-vs-scipy.sh [runs for fceri_fyn] [runs for ProteinPhosphorylation[6]]
set -euo pipefail
cd "$(dirname "$0")/.."
B=.build/release/odered
S=../shared/models
out=$(mktemp -d)
runs_fceri=${1:-5}
runs_pp=${2:-2}
run() {  # label, command...: prints "label seconds" and the tool's summary line
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" > "$out/last.csv" 2> "$out/last.err"
    end=$(date +%s.%N)
    printf '%-28s %8.2f s   %s\n' "$label" "$(echo "$end - $start" | bc)" "$(tail -1 "$out/last.err")"
}
for spec in "bng/fceri_fyn.net:100:$runs_fceri" "clue/polynomial/ProteinPhosphorylation[6].ode:100:$runs_pp"; do
    model=${spec%%:*}; rest=${spec#*:}; tend=${rest%%:*}; runs=${rest#*:}
    name=$(basename "$model"); name=${name%.*}
    echo "== $name, t = 0 … $tend, 101 output times, rtol 1e-6, atol 1e-9"
    $B export "$S/$model" --to python -o "$out/$name.py" 2>/dev/null
    $B reduce "$S/$model" -o "$out/${name}_reduced.ode" > /dev/null
    for r in $(seq "$runs"); do
        run "odered auto" $B simulate "$S/$model" --t-end "$tend" --points 101
        run "scipy BDF" python3 "$out/$name.py" --t-end "$tend" --points 101 --method BDF
    done
    run "odered bdf" $B simulate "$S/$model" --t-end "$tend" --points 101 --method bdf
    run "odered auto, reduced" $B simulate "$out/${name}_reduced.ode" --t-end "$tend" --points 101
    echo "reduced: $(grep -c '^  d(' "$out/${name}_reduced.ode") variables"
done
rm -rf "$out"
