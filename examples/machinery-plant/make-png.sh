#!/usr/bin/env bash
# Regenerates pledge-page1.png and cards-sheet1.png (the README's pictures of an
# employee's 岗位安全生产承诺书 and a sheet of 应急处置卡 from the example plant).
# Needs poppler-utils (pdftoppm). Run from the repository root.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
q() { cargo run --release --quiet -- "$@"; }
q merge --template responsibility-pledge --checklist example-machinery-responsibilities \
  --roster examples/machinery-plant/staff.csv --out "$out/pledges" --quiet
q render --template emergency-cards --checklist example-machinery-emergency-cards -o "$out/cards.pdf"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/pledges/007-吴国庆.pdf" examples/machinery-plant/pledge-page1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/cards.pdf" examples/machinery-plant/cards-sheet1
echo "wrote examples/machinery-plant/pledge-page1.png and cards-sheet1.png"
