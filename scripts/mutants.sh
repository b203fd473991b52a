#!/usr/bin/env bash
# Mutation testing of one file, in minutes: scripts/mutants.sh src/model/uscc.rs
#
#   scripts/mutants.sh FILE [-F REGEX] [other cargo-mutants options]
#
# Runs cargo-mutants (`cargo install cargo-mutants`) on FILE with the tests that
# exercise it (unit tests, plus the binary-driving tests named below), within
# the functions .cargo/mutants.toml selects. -F narrows to matching mutants
# instead, e.g. -F 'safe_stem'. Results: mutants.out/ (missed.txt lists the survivors).
# MUTANTS_TESTS="--test cli" replaces the binary-driving tests named below
# (MUTANTS_TESTS= : unit tests only, the quickest first pass).
# Kill a survivor with a test, or say in a comment at the code why it is an
# equivalent mutant, and update docs/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
file=$1
shift

# The test targets that can catch a mutant of each file (unit tests always run).
# They go to every cargo command (-C), so only those targets are built.
case "$file" in
  src/model/results.rs | src/report.rs) tests=(--test report --test boundaries) ;;
  src/model/validate.rs) tests=(--test cli) ;;
  src/model/event.rs | src/letters.rs) tests=(--test letters --test promises) ;;
  src/manifest.rs | src/build.rs) tests=(--test cli --test promises) ;;
  *) tests=() ;;
esac
if [ -n "${MUTANTS_TESTS+set}" ]; then
  read -r -a tests <<<"$MUTANTS_TESTS"
fi
targets=(-C --lib)
for t in "${tests[@]}"; do targets+=(-C "$t"); done

# -F adds to the config's function list; to narrow, run without the config.
config=()
for a in "$@"; do
  case "$a" in -F | --re | -F* | --re=*) config=(--no-config) ;; esac
done

exec cargo mutants "${config[@]}" --test-tool cargo -f "$file" --timeout "${MUTANTS_TIMEOUT:-300}" \
  "${targets[@]}" "$@"
