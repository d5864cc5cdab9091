#!/usr/bin/env bash
# Full canonical-solution runs of HumanEval+ and MBPP+ (too slow for the unit suite): every reference solution must
# pass every base and plus input (pass@1 = 100%). Prints wall times for docs/PERFORMANCE-eval.md:
#   cold = reference outputs computed (empty cache) + checks, warm = cached reference outputs + checks.
# Usage: eval/bench/canonical.sh [suite ...]   (default: humaneval-plus mbpp-plus); needs ./codedpo built.
set -euo pipefail
cd "$(dirname "$0")/../.."
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(humaneval-plus mbpp-plus)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for s in "${suites[@]}"; do
  for phase in cold warm; do
    start=$(date +%s.%N)
    ./codedpo eval --suite "$s" --reference --out "$work/$s-$phase" --cache-dir "$work/cache" \
      > "$work/$s-$phase.log" 2>&1 || { cat "$work/$s-$phase.log"; exit 1; }
    end=$(date +%s.%N)
    python3 - "$work/$s-$phase/summary.json" "$s" "$phase" "$start" "$end" <<'PY' || status=1
import json, sys
s = json.load(open(sys.argv[1]))
p = s["passAtK"]
wall = float(sys.argv[5]) - float(sys.argv[4])
print("%-15s %-4s tasks %d  base pass@1 %.4f  plus pass@1 %.4f  checks %.1f s  total wall %.1f s"
      % (sys.argv[2], sys.argv[3], s["tasksEvaluated"], p["base"]["pass@1"], p["plus"]["pass@1"], s["wallSeconds"], wall))
sys.exit(0 if p["base"]["pass@1"] == 1.0 and p["plus"]["pass@1"] == 1.0 else 1)
PY
  done
done
exit $status
