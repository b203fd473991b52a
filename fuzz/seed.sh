#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ from the repository's inputs and fuzz/seeds/<target>/.
# Run from anywhere; existing corpus files are kept.
set -euo pipefail
cd "$(dirname "$0")"
root=..
for t in checklist results event roster_csv roster_xlsx roster_yaml markdown_pdf markdown_html render_context; do
  mkdir -p "corpus/$t"
  [ -d "seeds/$t" ] && cp seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
done
cp $root/checklists/*.yaml $root/tests/fixtures/valid/*.yaml $root/tests/fixtures/invalid/*.yaml \
   $root/tests/fixtures/escape/checklists/*.yaml corpus/checklist/
cp $root/examples/results/*.yaml $root/tests/fixtures/invalid-results/*.yaml \
   $root/tests/fixtures/results/*.yaml corpus/results/
cp $root/examples/letters/event.yaml $root/tests/fixtures/invalid-events/*.yaml corpus/event/
cp $root/examples/letters/roster.csv $root/tests/fixtures/invalid-rosters/*.csv corpus/roster_csv/
iconv -f utf-8 -t gb18030 $root/examples/letters/roster.csv > corpus/roster_csv/roster-gb18030.csv
cp $root/tests/fixtures/invalid-rosters/*.xlsx corpus/roster_xlsx/
cp $root/tests/fixtures/invalid-rosters/*.yaml corpus/roster_yaml/
cp $root/examples/results/report.md $root/tests/fixtures/invalid-docs/*.md corpus/markdown_pdf/
# Template output: what `qingdan build` writes (run it first for these seeds).
for f in $root/out/*/*.md; do
  [ -e "$f" ] && cp "$f" "corpus/markdown_pdf/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# markdown_html reads the same Markdown as markdown_pdf.
cp corpus/markdown_pdf/* corpus/markdown_html/
# render_context: byte 0 even = checklist YAML follows (see fuzz_targets/render_context.rs).
for f in $root/checklists/*.yaml $root/tests/fixtures/valid/*.yaml; do
  { printf '\0'; cat "$f"; } > "corpus/render_context/A-$(basename "$f")"
done
echo "corpus: $(for t in corpus/*; do printf '%s=%s ' "${t#corpus/}" "$(ls "$t" | wc -l)"; done)"
