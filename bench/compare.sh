#!/usr/bin/env bash
# Side-by-side wall clock of two odered binaries on the same models: the runs alternate
# (before, after, before, after, …) so that load on this shared machine hits both alike.
# Prints a markdown row per model: median and minimum seconds of each, and the ratio of medians.
#   bench/compare.sh BEFORE_BINARY AFTER_BINARY RUNS MODEL...
set -euo pipefail
before=$1; after=$2; runs=$3; shift 3
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "| model | before median s | before min s | after median s | after min s | before / after |"
echo "|-------|----------------|--------------|---------------|-------------|----------------|"
for model in "$@"; do
    b=(); a=()
    for _ in $(seq 1 "$runs"); do
        b+=("$(seconds "$before" reduce "$model" -o /tmp/odered-compare-before.ode)")
        a+=("$(seconds "$after" reduce "$model" -o /tmp/odered-compare-after.ode)")
    done
    mb=$(printf '%s\n' "${b[@]}" | median); ma=$(printf '%s\n' "${a[@]}" | median)
    nb=$(printf '%s\n' "${b[@]}" | sort -n | head -1); na=$(printf '%s\n' "${a[@]}" | sort -n | head -1)
    printf '| %s | %.3f | %.3f | %.3f | %.3f | %.2f× |\n' "$(basename "$model")" "$mb" "$nb" "$ma" "$na" "$(echo "$mb / $ma" | bc -l)"
done
