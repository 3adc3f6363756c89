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
# The network commands on the bundled network (NET and DATA stand for its JSON and CSV).
net="$root/models/tiny_network.json" data="$root/models/tiny_network_data.csv"
network_variants=("compress NET" "compress NET --json" "compress NET --epsilon 2" "compress NET --epsilon 1,3 --linkage complete"
    "compress NET --target-grp 50" "compress NET --target-params 30 --relative" "compress NET --epsilon 1,2,3"
    "compress NET --target-params 1" "compress NET --calibration DATA --target-grp 50 --refit"
    "compress NET --calibration DATA --epsilon 1 --json" "compress NET --calibration DATA --epsilon 2 --refit --json"
    "compress NET --backward" "compress NET --backward --epsilon 1 --json" "encode NET" "encode NET --lumping"
    "evaluate NET DATA --target y" "evaluate NET DATA --target y --exact --json")
for v in "${network_variants[@]}"; do
    args=${v//NET/$net}; args=${args//DATA/$data}
    for side in old new; do
        bin=${!side}; d="$work/$side"; rm -rf "$d"; mkdir -p "$d"
        extra=""; [[ $v == compress* ]] && extra="-o $d/N.json"
        (cd "$d" && timeout 120 "$bin" $args $extra > out 2> err; echo $? > rc)
        sed -i "s#$d#DIR#g" "$d/out" "$d/err" 2>/dev/null
        sed -E 's/^time .*//; s/"seconds": [0-9.e+-]+,?//' < "$d/out" > "$d/out.s"; mv "$d/out.s" "$d/out"
    done
    runs=$((runs + 1))
    if ! diff -rq "$work/old" "$work/new" > /dev/null; then
        diffs=$((diffs + 1)); echo "DIFF: $v"; diff -r "$work/old" "$work/new" | head -6
    fi
done
echo "$runs runs, $diffs with differences"
