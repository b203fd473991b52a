#!/usr/bin/env python3
"""The performance budgets, measured on the release binary as a user runs it.

Prints four numbers against their targets:
  1. 300 one-page letters (信函格式, no attachment) in one process: letters/s;
  2. their median size with the 朱雀仿宋 body (the default) and with a Noto
     Serif body (`font: serif` in a template override);
  3. one letter as a whole process (start-up, fonts, layout, write): CPU ms;
  4. the 300-item inspection form as a whole process: CPU ms, and its pages.

Where Typst is installed (the `typst` CLI on PATH, or the `typst` Python
package: `pip install typst`), the same documents are made with it
(`benches/typst/*.typ`) and the ratios printed. Typst letters are compiled in
one process with a warm compiler, as qingdan's are.

Usage: python3 benches/run.py [--runs N] [--no-build]
"""

import argparse
import os
import pathlib
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / ("qingdan.exe" if os.name == "nt" else "qingdan")
FONT_FILES = ["NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf", "ZhuqueFangsong-Regular.ttf"]

# Two characters from a pool of 48 and one of eight trades, so that letters
# differ in their glyphs as real ones do (the same generator as benches/render.rs).
POOL = "恒通晋南汾河华瑞宏达安泰鑫源永盛兴旺金诚博远天成隆昌富康嘉禾丰新宇顺发明德立信广和平众合力科创"
TRADES = ["机械制造", "化工", "燃气", "矿业", "食品", "纺织", "建材", "物流"]


def names(n):
    out = []
    for i in range(n):
        a = POOL[i % len(POOL)]
        b = POOL[(i // len(POOL) * 7 + i + 5) % len(POOL)]
        out.append(f"襄汾县{a}{b}{TRADES[(i // 3) % len(TRADES)]}有限公司{i}")
    return out


def roster(path, n):
    path.write_text("名称,行业\n" + "".join(f"{x},乡镇\n" for x in names(n)), encoding="utf-8")


def big_checklist(path, items):
    s = (
        "id: big\nkind: inspection\ntitle: 三百项检查表\nindustry: 通用\nversion: \"1\"\n"
        "sources:\n  - id: s\n    title: 测试来源\nsections:\n  - id: a\n    title: 全部\n    items:\n"
    )
    for i in range(1, items + 1):
        s += (
            f"      - id: i{i}\n        text: 第{i}项：检查现场消防设施是否完好有效，灭火器压力是否在绿区，疏散通道是否畅通\n"
            f"        basis: {{ source: s, clause: 第{i}条 }}\n"
        )
    path.write_text(s, encoding="utf-8")


def run(cmd, cwd):
    """Runs `cmd`; returns (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{p.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_size(folder):
    sizes = [f.stat().st_size for f in folder.iterdir() if f.suffix == ".pdf"]
    return statistics.median(sizes)


def pdf_pages(path):
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    return None


def qingdan(tmp, runs):
    event = ROOT / "benches" / "inputs" / "one-page-event.yaml"
    r300, r1 = tmp / "r300.csv", tmp / "r1.csv"
    roster(r300, 300)
    roster(r1, 1)
    # The Noto body: the built-in letter template with `font: serif`.
    noto = tmp / "noto-templates"
    noto.mkdir()
    t = (ROOT / "templates" / "warning-letter.md.tera").read_text(encoding="utf-8")
    (noto / "warning-letter.md.tera").write_text(
        t.replace("style: gbt9704\n", "style: gbt9704\nfont: serif\n", 1), encoding="utf-8"
    )
    res = {}
    walls = []
    for k in range(runs):
        out = tmp / f"q300-{k}"
        wall, _ = run([BIN, "letters", "--event", event, "--roster", r300, "--out", out, "--format", "pdf", "-q"], tmp)
        walls.append(wall)
    res["rate"] = 300 / statistics.median(walls)
    res["size_fangsong"] = median_size(tmp / "q300-0")
    out = tmp / "q300-noto"
    run([BIN, "letters", "--event", event, "--roster", r300, "--out", out, "--format", "pdf", "-q",
         "--templates", noto], tmp)
    res["size_noto"] = median_size(out)
    cpus = [run([BIN, "letters", "--event", event, "--roster", r1, "--out", tmp / "q1", "--format", "pdf",
                 "-q", "-j", "1"], tmp)[1] for _ in range(max(runs * 4, 10))]
    res["one"] = statistics.median(cpus) * 1000
    big = tmp / "big.yaml"
    big_checklist(big, 300)
    cpus = [run([BIN, "render", "--template", "inspection-form", "--checklist", big, "-o", tmp / "form.pdf"],
                tmp)[1] for _ in range(max(runs * 4, 10))]
    res["form"] = statistics.median(cpus) * 1000
    res["form_pages"] = pdf_pages(tmp / "form.pdf")
    return res


def typst(tmp, runs):
    """The same documents with Typst, or None when it is not installed."""
    try:
        import typst as ty  # noqa: PLC0415
    except ImportError:
        ty = None
    cli = shutil.which("typst")
    if ty is None and cli is None:
        return None
    fonts = tmp / "typst-fonts"
    fonts.mkdir()
    for f in FONT_FILES:
        shutil.copy(ROOT / "assets" / "fonts" / f, fonts / f)
    src = ROOT / "benches" / "typst"
    for f in ["letter.typ", "form.typ"]:
        shutil.copy(src / f, tmp / f)
    big_checklist(tmp / "big.yaml", 300)
    res = {}
    if ty is not None:
        people = names(300)
        walls, sizes = [], {}
        for body, key in [("Zhuque Fangsong", "size_fangsong"), ("Noto Serif SC", "size_noto")]:
            comp = ty.Compiler(str(tmp / "letter.typ"), root=str(tmp), font_paths=[str(fonts)],
                               ignore_system_fonts=True)
            comp.compile(sys_inputs={"name": people[0], "no": "12", "body": body})  # warm
            for k in range(runs if key == "size_fangsong" else 1):
                out = tmp / f"t300-{key}-{k}"
                out.mkdir()
                t = time.perf_counter()
                for i, name in enumerate(people):
                    pdf = comp.compile(sys_inputs={"name": name, "no": str(12 + i), "body": body}, timestamp=0)
                    (out / f"{i:03}.pdf").write_bytes(pdf)
                if key == "size_fangsong":
                    walls.append(time.perf_counter() - t)
            sizes[key] = median_size(tmp / f"t300-{key}-0")
        res["rate"] = 300 / statistics.median(walls)
        res.update(sizes)
    if cli is not None:
        env = dict(os.environ, SOURCE_DATE_EPOCH="0")
        one = [cli, "compile", "--root", tmp, "--ignore-system-fonts", "--font-path", fonts]
        res["one"] = statistics.median(
            run(one + [tmp / "letter.typ", tmp / "t1.pdf"], tmp)[1] for _ in range(max(runs * 4, 10))) * 1000
        res["form"] = statistics.median(
            run(one + [tmp / "form.typ", tmp / "tform.pdf"], tmp)[1] for _ in range(max(runs, 3))) * 1000
        res["form_pages"] = pdf_pages(tmp / "tform.pdf")
        res["how"] = "typst CLI"
    else:
        # No CLI: a cold compiler in this process (its font loading included),
        # wall time, for the whole-process rows.
        def cold(path):
            t = time.perf_counter()
            c = ty.Compiler(str(path), root=str(tmp), font_paths=[str(fonts)], ignore_system_fonts=True)
            pdf = c.compile(timestamp=0)
            return time.perf_counter() - t, pdf
        res["one"] = statistics.median(cold(tmp / "letter.typ")[0] for _ in range(max(runs * 2, 5))) * 1000
        times = []
        for _ in range(max(runs, 3)):
            w, pdf = cold(tmp / "form.typ")
            times.append(w)
        (tmp / "tform.pdf").write_bytes(pdf)
        res["form"] = statistics.median(times) * 1000
        res["form_pages"] = pdf_pages(tmp / "tform.pdf")
        res["how"] = f"typst {getattr(ty, '__version__', '?')} (Python), cold compiler in process, wall"
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of the 300 letters (median)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/qingdan as it is")
    a = ap.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        q = qingdan(tmp, a.runs)
        t = typst(tmp, a.runs)
    cores = os.cpu_count()
    print(f"{time.strftime('%Y-%m-%d')} · {platform.machine()} · {cores} cores · "
          f"load {os.getloadavg()[0]:.1f} · median of {a.runs} runs (whole-process rows: CPU time)")
    if t:
        print(f"Typst: {t.get('how', 'typst')}")

    def kb(v):
        return f"{v / 1000:.1f} KB"

    rows = [
        ("300 one-page letters, one process", f"{q['rate']:,.0f}/s", t and "rate" in t and f"{t['rate']:,.0f}/s",
         t and "rate" in t and q["rate"] / t["rate"], "≥ 1,000/s"),
        ("their median size, Noto Serif body", kb(q["size_noto"]), t and "size_noto" in t and kb(t["size_noto"]),
         None, "≤ 40 KB"),
        ("their median size, 朱雀仿宋 body", kb(q["size_fangsong"]),
         t and "size_fangsong" in t and kb(t["size_fangsong"]), None, "≤ 60 KB and below Typst"),
        ("one letter, whole process", f"{q['one']:.1f} ms", t and f"{t['one']:.1f} ms",
         t and t["one"] / q["one"], "≤ 15 ms CPU"),
        (f"300-item form, whole process ({q['form_pages']} pages"
         + (f"; Typst {t['form_pages']}" if t else "") + ")", f"{q['form']:.1f} ms",
         t and f"{t['form']:.1f} ms", t and t["form"] / q["form"], "≤ 30 ms CPU"),
    ]
    print(f"{'work':<52} {'qingdan':>10} {'Typst':>10} {'ratio':>7}  target")
    for name, ours, theirs, ratio, target in rows:
        r = f"{ratio:.1f}×" if ratio else ""
        # Pad by display width: a hanzi takes two columns in a terminal.
        pad = 52 - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in name)
        print(f"{name}{' ' * max(pad, 0)} {ours:>10} {theirs or '–':>10} {r:>7}  {target}")


if __name__ == "__main__":
    main()
