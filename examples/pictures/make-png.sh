#!/usr/bin/env bash
# Regenerates the README's pictures of a form and a report (page 1 each, 60 dpi).
# Needs poppler-utils (pdftoppm). Run from the repository root.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
q() { cargo run --release --quiet -- "$@"; }
q render --checklist gas-major-hazards --template inspection-form -o "$out/form.pdf"
q report --results examples/results/gongmao-2025.yaml --as-of 2025-04-30 -o "$out/report.pdf"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/form.pdf" examples/pictures/form-page1
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/report.pdf" examples/pictures/report-page1
echo "wrote examples/pictures/form-page1.png and report-page1.png"
