#!/usr/bin/env bash
# Rebuilds the bundled font subsets in assets/fonts/ from scratch: the four Noto SC
# subsets, the symbol fallback, and the rare-character face (everything upstream
# Noto Serif SC / Noto Sans SC has that the subsets leave out).
#
# Needs a Debian machine with python3, npm and apt (root for apt-get).
# Also subsets 朱雀仿宋 (Zhuque Fangsong), the GB/T 9704 body face, from the
# upstream TTF committed beside this script.
#
# Sources (all pinned):
#   npm   @expo-google-fonts/noto-serif-sc      (Noto Serif SC, static glyf TTFs)
#   npm   @expo-google-fonts/noto-sans-sc       (Noto Sans SC,  static glyf TTFs)
#   npm   @expo-google-fonts/noto-sans-symbols-2 (fallback for symbols Noto SC lacks)
#   file  upstream/ZhuqueFangsong-Regular.ttf    (朱雀仿宋 0.211, committed; checked by SHA-256)
#   PyPI  fonttools                             (pyftsubset, fonttools merge)
#   apt   unicode-data                          (Unihan database: kGB0, kTGH)
#
# Usage:  bash assets/fonts/make-fonts.sh
#   OUT=dir   where to write the fonts (default: this script's folder)
#   WORK=dir  scratch folder (default: /tmp/qingdan-fontwork); kept afterwards,
#             holds charset.txt (the full code point list) for inspection.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$HERE}"
WORK="${WORK:-/tmp/qingdan-fontwork}"
REQUIRED="$HERE/required-chars.txt"

SERIF_PKG="@expo-google-fonts/noto-serif-sc@0.4.3"
SANS_PKG="@expo-google-fonts/noto-sans-sc@0.4.3"
SYM_PKG="@expo-google-fonts/noto-sans-symbols-2@0.4.1"
FONTTOOLS_VER="4.68.0"
# 朱雀仿宋 (TrionesType/zhuque at 227319a16dab9b4ce48b8cf168f70f2ffa0ce3d0, built with
# fontmake 3.12.2; see README.md): the upstream file is committed, pinned by hash.
ZHUQUE_SRC="${ZHUQUE_SRC:-$HERE/upstream/ZhuqueFangsong-Regular.ttf}"
ZHUQUE_SHA256="c762b56e33882cdc6abdeab83b7b49ac70e4c57b2e3f2adec1b8322c9105ed53"
UNIHAN_DIR="${UNIHAN_DIR:-/usr/share/unicode}"

mkdir -p "$WORK" "$OUT"
log() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- fontTools
log "fontTools $FONTTOOLS_VER"
PY=python3
if ! "$PY" -c "import sys, fontTools; sys.exit(fontTools.version != '$FONTTOOLS_VER')" 2>/dev/null; then
    # Use a private venv so Debian's externally-managed system Python is left alone.
    if [ ! -x "$WORK/venv/bin/python" ]; then
        rm -rf "$WORK/venv"
        if ! python3 -m venv "$WORK/venv" 2>/dev/null; then
            rm -rf "$WORK/venv"
            apt-get install -y python3-venv
            python3 -m venv "$WORK/venv"
        fi
    fi
    "$WORK/venv/bin/pip" install -q "fonttools==$FONTTOOLS_VER"
    PY="$WORK/venv/bin/python"
fi
"$PY" -c "import fontTools; print('fontTools', fontTools.version)"

# ---------------------------------------------------------------- Unihan
log "Unihan (Debian unicode-data)"
if ! compgen -G "$UNIHAN_DIR/Unihan_OtherMappings.txt*" >/dev/null && [ ! -f "$UNIHAN_DIR/Unihan.zip" ]; then
    apt-get update
    apt-get install -y unicode-data
fi
dpkg-query -W -f='unicode-data ${Version}\n' unicode-data 2>/dev/null || true

# ---------------------------------------------------------------- npm packages
log "npm packages"
fetch_pkg() {  # $1 = name@version, $2 = folder name under $WORK
    local dest="$WORK/$2"
    if [ ! -f "$dest/package/package.json" ]; then
        rm -rf "$dest"; mkdir -p "$dest"
        local tgz
        tgz="$(cd "$WORK" && npm pack --silent "$1" | tail -n1)"
        tar xzf "$WORK/$tgz" -C "$dest"
    fi
    node -e 'const p=require(process.argv[1]); console.log(p.name+"@"+p.version)' "$dest/package/package.json"
}
fetch_pkg "$SERIF_PKG" noto-serif-sc
fetch_pkg "$SANS_PKG"  noto-sans-sc
fetch_pkg "$SYM_PKG"   noto-sans-symbols-2

SRC_SERIF_R="$WORK/noto-serif-sc/package/400Regular/NotoSerifSC_400Regular.ttf"
SRC_SERIF_B="$WORK/noto-serif-sc/package/700Bold/NotoSerifSC_700Bold.ttf"
SRC_SANS_R="$WORK/noto-sans-sc/package/400Regular/NotoSansSC_400Regular.ttf"
SRC_SANS_B="$WORK/noto-sans-sc/package/700Bold/NotoSansSC_700Bold.ttf"
SRC_SYM="$WORK/noto-sans-symbols-2/package/400Regular/NotoSansSymbols2_400Regular.ttf"
for f in "$SRC_SERIF_R" "$SRC_SERIF_B" "$SRC_SANS_R" "$SRC_SANS_B" "$SRC_SYM" "$ZHUQUE_SRC"; do
    [ -f "$f" ] || { echo "missing source font: $f" >&2; exit 1; }
done
echo "$ZHUQUE_SHA256  $ZHUQUE_SRC" | sha256sum -c - || {
    echo "$ZHUQUE_SRC is not the pinned 朱雀仿宋 0.211 (SHA-256 $ZHUQUE_SHA256)" >&2; exit 1; }

# ---------------------------------------------------------------- character set
log "character set"
"$PY" - "$UNIHAN_DIR" "$REQUIRED" "$WORK/charset.txt" "$WORK/hanzi.txt" <<'PY'
import bz2, io, os, sys, zipfile
unihan_dir, required, out_charset, out_hanzi = sys.argv[1:5]

def unihan_lines(name):
    plain = os.path.join(unihan_dir, name)
    if os.path.exists(plain):
        return open(plain, encoding="utf-8")
    if os.path.exists(plain + ".bz2"):
        return bz2.open(plain + ".bz2", "rt", encoding="utf-8")
    z = os.path.join(unihan_dir, "Unihan.zip")
    if os.path.exists(z):
        return io.TextIOWrapper(zipfile.ZipFile(z).open(name), encoding="utf-8")
    sys.exit("Unihan file %s not found under %s" % (name, unihan_dir))

# kGB0 (GB 2312) and kTGH (通用规范汉字表, 2013) live in Unihan_OtherMappings.txt
# as of Unicode 15; older releases had kGB0 in Unihan_IRGSources.txt.
fields = {"kGB0": set(), "kTGH": set()}
for name in ("Unihan_OtherMappings.txt", "Unihan_IRGSources.txt"):
    try:
        lines = unihan_lines(name)
    except SystemExit:
        continue
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        cp, key, _ = line.rstrip("\n").split("\t", 2)
        if key in fields:
            fields[key].add(int(cp[2:], 16))
gb, tgh = fields["kGB0"], fields["kTGH"]
if not gb or not tgh:
    sys.exit("kGB0 or kTGH not found in Unihan (kGB0=%d kTGH=%d)" % (len(gb), len(tgh)))
hanzi = gb | tgh
print("kGB0 (GB 2312): %d  kTGH (通用规范汉字表): %d  union: %d  (kTGH-only %d, kGB0-only %d, outside BMP %d)"
      % (len(gb), len(tgh), len(hanzi), len(tgh - gb), len(gb - tgh), sum(c > 0xFFFF for c in hanzi)))

other = set(range(0x20, 0x7F))            # ASCII printable
other |= set(range(0xA0, 0x100))          # Latin-1 printable
other |= set(range(0x2000, 0x2070))       # General Punctuation
other |= set(range(0x3000, 0x3040))       # CJK Symbols and Punctuation
other |= set(range(0xFF00, 0xFFF0))       # Halfwidth and Fullwidth Forms
other |= set(range(0x391, 0x3AA)) | set(range(0x3B1, 0x3CA))  # basic Greek
# GB 2312 non-hanzi rows 1-9 (symbols, ⑴ ⒈ ㈠, Greek, Cyrillic, kana, pinyin
# letters, box drawing) minus Bopomofo.
for row in range(0xA1, 0xAA):
    for cell in range(0xA1, 0xFF):
        try:
            ch = bytes([row, cell]).decode("gb2312")
        except UnicodeDecodeError:
            continue
        if not 0x3100 <= ord(ch) <= 0x312F:
            other.add(ord(ch))
for line in open(required, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        other.add(int(line.split()[0][2:], 16))

allcps = hanzi | other
with open(out_charset, "w") as f:
    f.writelines("U+%04X\n" % c for c in sorted(allcps))
with open(out_hanzi, "w") as f:
    f.writelines("U+%04X\n" % c for c in sorted(hanzi))
print("code points requested: %d (hanzi %d + other %d)" % (len(allcps), len(hanzi), len(allcps - hanzi)))
PY

# ---------------------------------------------------------------- subset Noto SC
# No shaping is done by qingdan, so all OpenType layout (GSUB/GPOS/GDEF) is
# dropped; hinting is dropped; glyph names are dropped (post format 3); all
# name records are kept (copyright, licence, version); OS/2 range bits are left
# as upstream set them.
SUBSET_OPTS=(
    --no-hinting
    --layout-features=
    --drop-tables+=GSUB,GPOS,GDEF
    --name-IDs='*'
    --name-languages='*'
    --name-legacy
    --notdef-glyph
    --notdef-outline
    --no-glyph-names
    --no-prune-unicode-ranges
    --no-prune-codepage-ranges
    --recalc-bounds
)
subset() {  # $1 source, $2 output file name (under $OUT, or a path), $3 unicodes file
    local dest="$2"
    [[ "$dest" == */* ]] || dest="$OUT/$dest"
    "$PY" -m fontTools.subset "$1" "${SUBSET_OPTS[@]}" --unicodes-file="$3" --output-file="$dest"
    printf '%-32s %9d bytes\n' "$(basename "$dest")" "$(stat -c %s "$dest")"
}
log "subsetting Noto SC (takes ~10 s per face)"
subset "$SRC_SERIF_R" NotoSerifSC-Regular.ttf "$WORK/charset.txt"
subset "$SRC_SERIF_B" NotoSerifSC-Bold.ttf    "$WORK/charset.txt"
subset "$SRC_SANS_R"  NotoSansSC-Regular.ttf  "$WORK/charset.txt"
subset "$SRC_SANS_B"  NotoSansSC-Bold.ttf     "$WORK/charset.txt"

# ---------------------------------------------------------------- 朱雀仿宋
# The GB/T 9704 body face: the same code point list and options as the Noto SC
# subsets; pyftsubset keeps what the font has of it (all of GB 2312, most of
# 通用规范汉字表, punctuation). What it lacks (℃ ①–⑳ ● ★ …) qingdan takes from
# Noto Serif SC, next in the fallback chain.
log "subsetting 朱雀仿宋"
subset "$ZHUQUE_SRC" "$WORK/ZhuqueFangsong-subset.ttf" "$WORK/charset.txt"
# Its outlines are re-approximated within 2 font units (simplify-outlines.py:
# at most 0.004 em from the drawn shape, 0.02 mm at 三号, under a 600 dpi
# printer's dot): 5.9 % fewer points, a one-page letter 61.9 → 59.8 KB, and at
# 200 dpi 16 pixels of the letter's page differ by more than a quarter grey.
"$PY" "$HERE/simplify-outlines.py" "$WORK/ZhuqueFangsong-subset.ttf" "$OUT/ZhuqueFangsong-Regular.ttf" 2
printf '%-32s %9d bytes\n' ZhuqueFangsong-Regular.ttf "$(stat -c %s "$OUT/ZhuqueFangsong-Regular.ttf")"

# ---------------------------------------------------------------- rare-character face
# Every code point of upstream Noto Serif SC Regular that the subsets leave out
# (rare hanzi such as 龘, ㎡ and the other CJK compatibility symbols), plus the
# few code points only Noto Sans SC has (taken from Noto Sans SC Regular), in one
# regular face. qingdan tries it last, after every other face, and fakes bold.
log "rare-character face (upstream code points outside the subsets)"
"$PY" - "$WORK" "$OUT/NotoSerifSC-Regular.ttf" "$OUT/NotoSansSC-Regular.ttf" \
      "$SRC_SERIF_R" "$SRC_SERIF_B" "$SRC_SANS_R" "$SRC_SANS_B" <<'PY'
import sys
from fontTools.ttLib import TTFont
work, sub_serif, sub_sans, serif_r, serif_b, sans_r, sans_b = sys.argv[1:]
cm = lambda p: set(TTFont(p, lazy=True).getBestCmap())
subset = cm(sub_serif)
if cm(sub_sans) != subset:
    sys.exit("the serif and sans subsets differ in code points")
sr, sb, ar, ab = cm(serif_r), cm(serif_b), cm(sans_r), cm(sans_b)
# Bold is faked from the regular face, so a bold face must add nothing.
if sb - sr or ab - ar:
    sys.exit("a bold face has code points its regular face lacks: %d serif, %d sans" % (len(sb - sr), len(ab - ar)))
from_serif = sorted(sr - subset)
from_sans = sorted(ar - sr - subset)
for name, cps in (("rare-serif.txt", from_serif), ("rare-sans.txt", from_sans)):
    with open("%s/%s" % (work, name), "w") as f:
        f.writelines("U+%04X\n" % c for c in cps)
print("upstream code points: Noto Serif SC %d, Noto Sans SC %d, union %d; in the subsets %d"
      % (len(sr), len(ar), len(sr | ar), len(subset)))
print("rare face: %d from Noto Serif SC Regular + %d only in Noto Sans SC (%s)"
      % (len(from_serif), len(from_sans), " ".join("U+%04X" % c for c in from_sans)))
PY
subset "$SRC_SERIF_R" "$WORK/rare-serif.ttf" "$WORK/rare-serif.txt"
if [ -s "$WORK/rare-sans.txt" ]; then
    subset "$SRC_SANS_R" "$WORK/rare-sans.ttf" "$WORK/rare-sans.txt"
    # `fonttools merge` stamps head.created/modified with the current time unless
    # SOURCE_DATE_EPOCH is set: use the serif part's own date, for a reproducible file.
    SOURCE_DATE_EPOCH="$("$PY" -c 'import sys; from fontTools.ttLib import TTFont; from fontTools.misc.timeTools import epoch_diff; print(TTFont(sys.argv[1], lazy=True)["head"].modified + epoch_diff)' "$WORK/rare-serif.ttf")" \
        "$PY" -m fontTools.merge --output-file="$OUT/NotoSerifSC-Extra.ttf" "$WORK/rare-serif.ttf" "$WORK/rare-sans.ttf"
else
    cp "$WORK/rare-serif.ttf" "$OUT/NotoSerifSC-Extra.ttf"
fi
printf '%-32s %9d bytes\n' NotoSerifSC-Extra.ttf "$(stat -c %s "$OUT/NotoSerifSC-Extra.ttf")"

# ---------------------------------------------------------------- symbol fallback
log "symbol fallback (required characters missing from Noto SC)"
"$PY" - "$REQUIRED" "$WORK/fallback.txt" "$SRC_SYM" \
      "$OUT/NotoSerifSC-Regular.ttf" "$OUT/NotoSerifSC-Bold.ttf" \
      "$OUT/NotoSansSC-Regular.ttf" "$OUT/NotoSansSC-Bold.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
required, out, sym, *faces = sys.argv[1:]
req = []
for line in open(required, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        req.append(int(line.split()[0][2:], 16))
cmaps = [TTFont(f, lazy=True).getBestCmap() for f in faces]
missing = sorted({c for c in req for cm in cmaps if c not in cm})
symcm = TTFont(sym, lazy=True).getBestCmap()
nowhere = [c for c in missing if c not in symcm]
if nowhere:
    sys.exit("not in Noto SC nor Noto Sans Symbols 2: " + " ".join("U+%04X %s" % (c, chr(c)) for c in nowhere))
with open(out, "w") as f:
    if missing:  # plus the space, so a run of symbols never hits .notdef
        f.write("U+0020\n")
    f.writelines("U+%04X\n" % c for c in missing)
print("taken from Noto Sans Symbols 2:", " ".join("U+%04X %s" % (c, chr(c)) for c in missing) or "(none)")
PY
if [ -s "$WORK/fallback.txt" ]; then
    subset "$SRC_SYM" NotoSansSymbols2-Subset.ttf "$WORK/fallback.txt"
else
    rm -f "$OUT/NotoSansSymbols2-Subset.ttf"
fi

# ---------------------------------------------------------------- licences
log "licences"
{
    echo "Noto Sans SC:  $(head -n1 "$WORK/noto-sans-sc/package/LICENSE_FONT")"
    echo "Noto Serif SC: $("$PY" -c 'import sys; from fontTools.ttLib import TTFont; print(TTFont(sys.argv[1], lazy=True)["name"].getDebugName(0))' "$SRC_SERIF_R")"
    echo "               (the npm package's LICENSE_FONT says: $(head -n1 "$WORK/noto-serif-sc/package/LICENSE_FONT"))"
    tail -n +2 "$WORK/noto-sans-sc/package/LICENSE_FONT"
} > "$OUT/OFL.txt"
if [ -f "$OUT/NotoSansSymbols2-Subset.ttf" ]; then
    cp "$WORK/noto-sans-symbols-2/package/LICENSE_FONT" "$OUT/OFL-NotoSansSymbols2.txt"
fi
grep -q "SIL OPEN FONT LICENSE Version 1.1" "$OUT/OFL.txt"
# 朱雀仿宋's licence is kept beside this script (as upstream ships it).
[ "$OUT" -ef "$HERE" ] || cp "$HERE/OFL-ZhuqueFangsong.txt" "$OUT/OFL-ZhuqueFangsong.txt"
grep -q "SIL Open Font License, Version 1.1" "$OUT/OFL-ZhuqueFangsong.txt"

# ---------------------------------------------------------------- verification
log "verification"
"$PY" - "$REQUIRED" "$WORK/charset.txt" "$WORK/hanzi.txt" "$OUT" \
      "$SRC_SERIF_R" "$SRC_SERIF_B" "$SRC_SANS_R" "$SRC_SANS_B" <<'PY'
import os, sys
from fontTools.ttLib import TTFont
required, charset, hanzi_file, out, *sources = sys.argv[1:]
read = lambda p: [int(l.split("#", 1)[0].split()[0][2:], 16)
                  for l in open(p, encoding="utf-8") if l.split("#", 1)[0].strip()]
req, hanzi = read(required), read(hanzi_file)
faces = ["NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf", "NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"]
symf = os.path.join(out, "NotoSansSymbols2-Subset.ttf")
symcm = TTFont(symf).getBestCmap() if os.path.exists(symf) else {}
bad = 0
rare = "NotoSerifSC-Extra.ttf"
for name in faces + [rare] + ([os.path.basename(symf)] if symcm else []):
    t = TTFont(os.path.join(out, name))
    for tag in ("glyf", "loca", "head", "hhea", "hmtx", "maxp", "OS/2", "post", "name", "cmap"):
        if tag not in t:
            print("FAIL %s: no %s table" % (name, tag)); bad += 1
    if "CFF " in t or "CFF2" in t:
        print("FAIL %s: CFF outlines" % name); bad += 1
    n = t["name"]
    print("%-30s %9d bytes  %5d glyphs  %5d cmap entries  %s | %s" % (
        name, os.path.getsize(os.path.join(out, name)), t["maxp"].numGlyphs,
        len(t.getBestCmap()), n.getDebugName(4), n.getDebugName(5)))
    if name not in faces:
        continue
    cm = t.getBestCmap()
    miss = [c for c in hanzi if c not in cm]
    if miss:
        print("FAIL %s: %d hanzi missing: %s" % (name, len(miss), "".join(map(chr, miss[:50])))); bad += 1
    miss = [c for c in req if c not in cm and c not in symcm]
    if miss:
        print("FAIL %s: required chars missing: %s" % (name, " ".join("U+%04X" % c for c in miss))); bad += 1
# Every character upstream Noto SC has is in a subset or in the rare face, which
# holds nothing a subset has; every tracked file stays under 20 MB.
rarecm = TTFont(os.path.join(out, rare)).getBestCmap()
for name in faces:
    cm = TTFont(os.path.join(out, name)).getBestCmap()
    both = set(cm) & set(rarecm)
    if both:
        print("FAIL %s and %s share %d code points" % (name, rare, len(both))); bad += 1
    for src in sources:
        miss = set(TTFont(src, lazy=True).getBestCmap()) - set(cm) - set(rarecm)
        if miss:
            print("FAIL %s + %s lack %d code points of %s" % (name, rare, len(miss), os.path.basename(src))); bad += 1
for ch in "㎡龘":
    if ord(ch) not in rarecm:
        print("FAIL %s has no %s" % (rare, ch)); bad += 1
# 朱雀仿宋: a glyf subset of what it has of the list; every GB 2312 hanzi (kGB0) and
# 堃喆赟玥 must be there; what it lacks is reported (it comes from Noto Serif SC).
zq = TTFont(os.path.join(out, "ZhuqueFangsong-Regular.ttf"))
zcm = zq.getBestCmap()
for tag in ("glyf", "loca", "head", "hhea", "hmtx", "maxp", "OS/2", "post", "name", "cmap"):
    if tag not in zq:
        print("FAIL ZhuqueFangsong-Regular.ttf: no %s table" % tag); bad += 1
serif_cm = TTFont(os.path.join(out, "NotoSerifSC-Regular.ttf")).getBestCmap()
wanted = read(charset)
if set(zcm) - set(wanted):
    print("FAIL ZhuqueFangsong-Regular.ttf has code points outside the list"); bad += 1
gb = set()
for row in range(0xB0, 0xF8):
    for cell in range(0xA1, 0xFF):
        try:
            gb.add(ord(bytes([row, cell]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
miss_gb = sorted(c for c in gb if c not in zcm)
if miss_gb:
    print("FAIL ZhuqueFangsong-Regular.ttf lacks %d GB 2312 hanzi" % len(miss_gb)); bad += 1
for ch in "堃喆赟玥":
    if ord(ch) not in zcm:
        print("FAIL ZhuqueFangsong-Regular.ttf has no %s" % ch); bad += 1
lack_h = [c for c in hanzi if c not in zcm]
lack_r = [c for c in req if c not in zcm]
print("%-30s %9d bytes  %5d glyphs  %5d cmap entries  %s | %s" % (
    "ZhuqueFangsong-Regular.ttf", os.path.getsize(os.path.join(out, "ZhuqueFangsong-Regular.ttf")),
    zq["maxp"].numGlyphs, len(zcm), zq["name"].getDebugName(4), zq["name"].getDebugName(5)))
print("  GB 2312 hanzi %d/%d; kGB0 ∪ kTGH hanzi %d/%d (lacks %d, e.g. %s); of the list %d/%d"
      % (len(gb) - len(miss_gb), len(gb), len(hanzi) - len(lack_h), len(hanzi), len(lack_h),
         "".join(map(chr, lack_h[:20])), len(zcm), len(wanted)))
print("  required characters it lacks (from Noto Serif SC or the symbol face): %s"
      % " ".join(chr(c) for c in lack_r))
nowhere = [c for c in wanted if c not in zcm and c not in serif_cm and c not in symcm and c in hanzi]
if nowhere:
    print("FAIL %d hanzi in neither 朱雀仿宋 nor Noto Serif SC" % len(nowhere)); bad += 1
for name in os.listdir(out):
    if os.path.getsize(os.path.join(out, name)) >= 20_000_000:
        print("FAIL %s is 20 MB or more" % name); bad += 1
print("%s: %d code points; with it every face covers all of upstream Noto Serif SC and Noto Sans SC" % (rare, len(rarecm)))
for ch in "堃喆赟玥":
    assert ord(ch) in hanzi, ch
print("hanzi (kGB0 ∪ kTGH) in every face: %d; required chars checked: %d; 堃喆赟玥 present" % (len(hanzi), len(req)))
sys.exit(1 if bad else 0)
PY

log "done"
ls -l "$OUT"/*.ttf "$ZHUQUE_SRC"
printf 'total of the .ttf files: %d bytes\n' "$(cat "$OUT"/*.ttf | wc -c)"
