#!/usr/bin/env bash
# Smoke fuzzing for CI: builds every fuzz target and runs each for
# SECONDS_PER_TARGET seconds (default 60), one at a time, from the seeded corpus.
# Exits non-zero when a target crashes, hangs (-timeout), runs out of memory
# (-rss_limit_mb) or fails to build; the input is then in fuzz/artifacts/<target>/.
#
#   fuzz/smoke.sh                          # all targets, 60 s each
#   SECONDS_PER_TARGET=20 fuzz/smoke.sh    # shorter
#   fuzz/smoke.sh roster_csv checklist     # only these
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a stable toolchain; it sets
# RUSTC_BOOTSTRAP=1 for cargo-fuzz's nightly flags and builds without sanitizers.
set -euo pipefail
cd "$(dirname "$0")"
secs=${SECONDS_PER_TARGET:-60}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || { echo "smoke.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2; exit 2; }

all=$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^qingdan-fuzz$')
targets=${*:-$all}

dict_for() {
  case $1 in
    checklist|results|event|roster_yaml|render_context) echo "-dict=dicts/yaml.dict" ;;
    markdown_pdf|markdown_html) echo "-dict=dicts/markdown.dict" ;;
  esac
}

./seed.sh >/dev/null
if [ $# -eq 0 ]; then
  cargo fuzz build -s none -a
else
  for t in $targets; do cargo fuzz build -s none -a "$t"; done
fi

mkdir -p logs
failed=()
for t in $targets; do
  log="logs/smoke-$t.log"
  echo "== $t (${secs}s)"
  # shellcheck disable=SC2046 # the dictionary flag is empty or one word
  if cargo fuzz run -s none -a "$t" "corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 $(dict_for "$t") >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|#[0-9]+[[:space:]]+DONE)' "$log" | tail -n 2 || true
  else
    echo "!! $t failed; see fuzz/$log and fuzz/artifacts/$t/" >&2
    grep -E '^(==[0-9]+==|SUMMARY|thread .* panicked|artifact_prefix|Test unit written)' "$log" | head -n 8 >&2 || true
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "smoke.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "smoke.sh: all targets ran ${secs}s without a crash"
