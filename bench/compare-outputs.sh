#!/usr/bin/env bash
# Runs two odered binaries over every model of ../shared/models and models/ with the same
# arguments and reports any difference in standard output (timings removed), standard error,
# exit status, written reduced models and partitions. For refactorings that must not change
# what the tool prints: `bench/compare-outputs.sh OLD_BINARY NEW_BINARY`.
set -uo pipefail
old=$1 new=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
models=$(ls "$root"/models/*.ode; find "$root/../shared/models" -name '*.ode' -o -name '*.net' 2>/dev/null | sort)
variants=("reduce" "reduce --json" "reduce --epsilon 1/100" "reduce --backward" "reduce --keep-views"
          "reduce --partition-from-initial-values --backward" "reduce --symbolic-parameters" "reduce --form reactions"
          "check --partition-from-model" "sweep --epsilons 0,1e-3,1e-1" "info --json" "convert")
strip() { sed -E 's/^time .*//; s/"seconds": \{[^}]*\}//; s/"(load|refine|verify|write|seconds|load_seconds)": [0-9.e+-]+,?//g; s/\| [0-9.]+ \|$/|/'; }
runs=0 diffs=0
for m in $models; do
    for v in "${variants[@]}"; do
        for side in old new; do
            bin=${!side}; d="$work/$side"; rm -rf "$d"; mkdir -p "$d"
            extra=""; [[ $v == reduce* ]] && extra="-o $d/R.ode --partition-out $d/P.json"
            (cd "$d" && timeout 120 "$bin" $v "$m" $extra > out 2> err; echo $? > rc)
            sed -i "s#$d#DIR#g" "$d/out" "$d/err" 2>/dev/null
            strip < "$d/out" > "$d/out.s"; mv "$d/out.s" "$d/out"
            [ -f "$d/R.ode" ] && sed -i "s#$d#DIR#g" "$d/R.ode"
        done
        runs=$((runs + 1))
        if ! diff -rq "$work/old" "$work/new" > /dev/null; then
            diffs=$((diffs + 1)); echo "DIFF: $v $m"; diff -r "$work/old" "$work/new" | head -6
        fi
    done
done
echo "$runs runs, $diffs with differences"
