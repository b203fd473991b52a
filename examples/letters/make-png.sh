#!/usr/bin/env bash
# Regenerates letter-page1.png (the README's picture of a generated letter).
# Needs poppler-utils (pdftoppm). Run from the repository root.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --quiet -- letters --event examples/letters/event.yaml \
  --roster examples/letters/roster.csv --out "$out" --quiet
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/001-襄汾县堃鑫机械制造有限公司.pdf" examples/letters/letter-page1
echo "wrote examples/letters/letter-page1.png"
