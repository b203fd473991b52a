#!/usr/bin/env python3
"""Scale bench of `qingdan ledger`: N results files (default 10,000) and a
roster of N enterprises, generated in a temporary folder, then the ledger timed.

    cargo build --release
    python3 benches/ledger-scale.py [path/to/qingdan] [N]

The results are the example's (`examples/ledger/results`, the one outside the
roster left out) given to new enterprises in turn: each gets its own name and a
made-up 统一社会信用代码 that passes the GB 32100 check, and a roster row with
乡镇 and 行业 (20 townships). So every file is valid and every hazard counts.

It runs `ledger` to .xlsx and to .pdf (with --overdue-roster) and prints, for
each, the wall time and the peak memory (maximum resident set size) that
`/usr/bin/time -v` reports; without that program it says so and prints the
time alone. Nothing is asserted: the numbers are for the README.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QINGDAN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "qingdan")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(n):
    # 91 (enterprise), a made-up area code 990100, MA, the number in base 31, check.
    digits = ""
    for _ in range(8):
        digits = CHARSET[n % 31] + digits
        n //= 31
    body = "91990100M" + digits
    s = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHARSET[(31 - s % 31) % 31]


def generate(dir):
    src = os.path.join(ROOT, "examples", "ledger")
    templates = []
    for f in sorted(os.listdir(os.path.join(src, "results"))):
        text = open(os.path.join(src, "results", f), encoding="utf-8").read()
        if "名册外" in text:
            continue
        industry = re.search(r"^# \S+ · (\S+)", text, re.M).group(1)
        templates.append((text, industry))
    os.makedirs(os.path.join(dir, "results"))
    rows = ["名称,行业,地址,联系人,电话,统一社会信用代码,乡镇"]
    for i in range(N):
        text, industry = templates[i % len(templates)]
        if industry == "动火作业检查":
            industry = "机械"
        name = f"示例县规模测试{i:05d}有限公司"
        code = uscc(100_000 + i)
        text = re.sub(r'^  name: .*$', f'  name: "{name}"', text, count=1, flags=re.M)
        text = re.sub(r'^  uscc: .*$', f'  uscc: "{code}"', text, count=1, flags=re.M)
        sub = os.path.join(dir, "results", f"{i // 1000:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:05d}.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
        rows.append(f"{name},{industry},示例地址{i},联系人{i % 97},0999-{i:07d},{code},第{i % 20 + 1:02d}乡镇")
    with open(os.path.join(dir, "roster.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(rows) + "\r\n")


def run(dir, args):
    timer = os.path.exists("/usr/bin/time")
    cmd = [QINGDAN, "ledger", "--results", "results", "--roster", "roster.csv",
           "--as-of", "2025-04-30"] + args
    if timer:
        cmd = ["/usr/bin/time", "-v"] + cmd
    start = time.monotonic()
    p = subprocess.run(cmd, cwd=dir, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"ledger failed ({p.returncode}):\n{p.stderr[-3000:]}")
    line = next((l for l in p.stdout.splitlines() if l.startswith("as of")), "")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    mem = f"peak {int(peak.group(1)) / 1024:.0f} MB" if peak else "peak memory: /usr/bin/time not found"
    print(f"ledger {' '.join(args)}: {wall:.2f} s wall, {mem}")
    print(f"  {line}")


def main():
    if not os.path.exists(QINGDAN):
        sys.exit(f"{QINGDAN} not found: run `cargo build --release` or name the binary")
    with tempfile.TemporaryDirectory(prefix="qingdan-ledger-bench-") as dir:
        start = time.monotonic()
        generate(dir)
        size = sum(os.path.getsize(os.path.join(r, f))
                   for r, _, fs in os.walk(os.path.join(dir, "results")) for f in fs)
        print(f"{N} results files ({size / 1e6:.1f} MB) and a roster of {N} generated "
              f"in {time.monotonic() - start:.1f} s; {os.cpu_count()} cores")
        if not os.path.exists("/usr/bin/time"):
            print("note: /usr/bin/time is not installed: no peak memory")
        run(dir, ["-o", "台账.xlsx"])
        run(dir, ["-o", "台账.pdf", "--overdue-roster", "督办.csv"])


main()
