#!/usr/bin/env bash
# Installs what the tests need if it is missing, runs every test project, and ends with one summary line:
# "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-prerequisites.sh
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# One test project at a time (-m:1): the cluster tests start silo processes whose failure detection must not be
# starved by another project's tests on a two-core machine.
dotnet test Orleans.sln -c Release -m:1 --logger "trx;LogFilePrefix=run" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
