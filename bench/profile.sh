#!/usr/bin/env bash
# Profiles `odered reduce MODEL` under callgrind and prints inclusive instruction counts per
# pipeline phase plus the top self-cost functions (demangled).
#   bench/profile.sh MODEL [OUT.callgrind]      (needs valgrind; uses .build-bench/release/odered)
set -euo pipefail
model=$1
out=${2:-/tmp/cg.$(basename "$model" | tr -c 'A-Za-z0-9._\n' '_').out}
bin=${ODERED:-.build-bench/release/odered}
valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" reduce "$model" -o /tmp/odered-profile-reduced.ode --json >/dev/null 2>/tmp/odered-profile.err
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
echo "model: $model   total Ir: $total"
echo
echo "Inclusive Ir per phase (max over the symbol's entries):"
callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null | demangle > "$out.inclusive.txt"
phase() {  # label, grep pattern
    local n
    n=$( (grep -E "$2" "$out.inclusive.txt" || true) | awk '{gsub(",","",$1); print $1}' | sort -n | tail -1)
    if [ -n "$n" ]; then printf '  %-44s %15s  %5.1f%%\n' "$1" "$n" "$(echo "100*$n/$total" | bc -l)"; fi
}
phase "load (ModelFile.load)"                 'static ModelFile.load\(path:format:\)'
phase "  parse: BNGParser.parse"               'BNGParser.parse\(\)'
phase "  parse: ERODEParser.parseFile"         'ERODEParser.parseFile\(\)'
phase "substitutingParameterValues (all calls)" 'ODEModel.substitutingParameterValues\(\)$'
phase "ForwardEquivalence.coarsest"           'ForwardEquivalence.coarsest\(_:initial:progress:\)'
phase "  DerivativeTable.init"                 'DerivativeTable.init\(equations'
phase "  Refiner.process(splitter:)"           'Refiner.process\(splitter:\)'
phase "ForwardCertificate.firstViolation"     'ForwardCertificate.firstViolation'
phase "  Polynomial.gradient"                  'Polynomial.gradient'
phase "ODEModel.forwardQuotient(by:)"         'ODEModel.forwardQuotient\(by:\)'
phase "  renaming into the builder"            'PolynomialBuilder.add\(_:renamingSymbols'
phase "ERODEWriter.write"                      'static ERODEWriter.write'
phase "ODEModel.statistics"                    'ODEModel.statistics.getter'
phase "PolynomialBuilder.build (all callers)"  'PolynomialBuilder.build\(\)'
phase "PolynomialBuilder.add (all callers)"    'PolynomialBuilder.add\('
phase "malloc+free (self+children)"            '(malloc.c:malloc|malloc.c:free) '
phase "swift_retain"                           ':swift_retain '
phase "swift_release"                          ':swift_release '
phase "Hasher._combine"                        'Hasher._combine'
echo
echo "Top self-cost functions:"
callgrind_annotate "$out" 2>/dev/null | demangle | sed -n '/file:function/,$p' | sed -n '3,24p' | sed -E 's/ \[[^]]*\]$//' | cut -c1-150
