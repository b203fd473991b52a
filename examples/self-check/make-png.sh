#!/usr/bin/env bash
# Regenerates the README's pictures of the self-check page: phone.png (the 工贸
# page at a phone's 412 px) and desktop.png (the 燃气 page at 1280 px).
# Needs chromium and a CJK font (Debian: fonts-noto-cjk). Run from the repository root.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for id in gongmao-major-hazards gas-major-hazards; do
  cargo run --release --quiet -- render -t self-check-page \
    -c "checklists/$id.yaml" -o "$out/$id.html"
done
shot() {
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --lang=zh-CN --window-size="$2" --screenshot="$3" "file://$out/$1.html" >/dev/null 2>&1
}
shot gongmao-major-hazards 412,1500 examples/self-check/phone.png
shot gas-major-hazards 1280,900 examples/self-check/desktop.png
echo "wrote examples/self-check/phone.png and desktop.png"
