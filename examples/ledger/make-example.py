#!/usr/bin/env python3
"""Writes the ledger example: roster.csv and results/*.yaml.

Every enterprise, person and code here is fictional (示例): the names say so,
and the 统一社会信用代码 are made up so that they pass the GB 32100 check.
The answers are taken from `qingdan new results` skeletons, so every item of
each checklist is answered. The same seed gives the same files.

    python3 examples/ledger/make-example.py [path/to/qingdan]
"""
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
QINGDAN = sys.argv[1] if len(sys.argv) > 1 else "qingdan"
rng = random.Random(17)
# 隐患来源 and 挂牌督办 come from their own sequence, so adding them left every
# other value (and the counts shown in the README) as it was.
loop_rng = random.Random(1717)

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(n):
    # 91 (enterprise), a made-up area code 990100, MA + 8 characters, check.
    body = "91990100MA" + "".join(CHARSET[(n * 7 + k * 13 + rng.randrange(31)) % 31] for k in range(7))
    s = sum(CHARSET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + CHARSET[(31 - s % 31) % 31]


def items(checklist):
    text = subprocess.run([QINGDAN, "new", "results", "-c", checklist],
                          check=True, capture_output=True, text=True).stdout
    out, last = [], ""
    for line in text.splitlines():
        m = re.match(r"^\s+# \d+(?:\.\d+)*\. (.*)$", line)
        if m:
            last = m.group(1)
        m = re.match(r"^  ([a-z0-9][a-z0-9._-]*):\s*$", line)
        if m:
            out.append((m.group(1), last))
    return out


TOWNS = ["城关镇", "东河镇", "西岭乡", "南塬镇", "北川乡"]
INDUSTRIES = [
    ("机械", "gongmao-major-hazards:机械", "机械制造"),
    ("冶金", "gongmao-major-hazards:冶金", "铸造"),
    ("建材", "gongmao-major-hazards:建材", "建材"),
    ("轻工", "gongmao-major-hazards:轻工", "食品"),
    ("燃气", "gas-major-hazards", "燃气"),
    ("化工", "chemical-major-hazards", "化工"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "志强", "海燕", "晓东", "丽娟", "文斌", "秀英", "卫东", "春梅", "国庆", "明亮", "雪芳"]
WORDS = ["恒", "泰", "兴", "达", "丰", "源", "盛", "鑫", "安", "远", "宏", "瑞", "康", "隆", "新", "华"]
MEASURES = [
    "制定整改方案，落实专人负责，整改完成后组织复查",
    "立即停止相关作业，按规定完善设施并经验收合格后恢复",
    "委托有资质的单位检测评估，按评估意见整改",
    "修订管理制度和操作规程，组织全员培训并考核",
]


def person():
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def day(n):
    # Day n of 2025 (1 = 2025-01-01) as YYYY-MM-DD.
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while n > months[m]:
        n -= months[m]
        m += 1
    return f"2025-{m + 1:02d}-{n:02d}"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def results(ent, checklist, title_items, when, hazards, note):
    lines = [
        "# 台账示例：虚构企业，名称、代码、人员均为示例，不对应任何真实单位。",
        f"# {note}",
        f"checklist: {q(checklist)}",
        "entity:",
        f"  name: {q(ent['name'])}",
        f"  uscc: {q(ent['uscc_results'])}",
        f"  principal: {person()}",
        f"  contact: {ent['contact']}",
        f"  phone: {q(ent['phone'])}",
        f"date: {day(when)}",
        f"inspectors: [{person()}, {person()}]",
        "answers:",
    ]
    chosen = set(rng.sample(range(len(title_items)), hazards))
    for k, (iid, text) in enumerate(title_items):
        if k not in chosen:
            lines.append(f"  {iid}: {'na' if rng.random() < 0.15 else 'ok'}")
            continue
        deadline = when + rng.choice([10, 15, 20, 30, 45, 60])
        r = rng.random()
        lines += [
            f"  {iid}:",
            "    status: hazard",
            f"    finding: {q('自查发现：' + text.rstrip('的') + '（示例）。')}",
            f"    measure: {q(rng.choice(MEASURES))}",
            f"    owner: {person()}",
            f"    funds: {rng.choice([2000, 5000, 8000, 12000, 30000, 50000, 120000])}",
            f"    deadline: {day(deadline)}",
        ]
        if r < 0.55:
            done = min(deadline - rng.randrange(0, 6), 120)
            if done > when:
                lines.append(f"    rectified_on: {day(done)}")
                lines.append(f"    reviewer: {person()}")
                lines.append(f"    review_date: {day(done + 2)}")
        lines.append("    plan: 整改期间落实临时管控措施，明确现场监护人员。")
        s = loop_rng.random()
        lines.append(f"    source: {'企业自查' if s < 0.7 else '部门检查' if s < 0.9 else '执法检查'}")
        if loop_rng.random() < 0.15:
            lines.append(f"    supervised: {{by: 示例县安委办, since: {day(when + 3)}}}")
    return "\n".join(lines) + "\n"


def main():
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    for f in os.listdir(os.path.join(HERE, "results")):
        if f.endswith(".yaml"):
            os.remove(os.path.join(HERE, "results", f))
    cache = {}
    roster = ["名称,行业,地址,联系人,电话,统一社会信用代码,乡镇"]
    ents = []
    n = 0
    for t, town in enumerate(TOWNS):
        for k in range(8):
            industry, checklist, trade = INDUSTRIES[(t * 3 + k) % len(INDUSTRIES)]
            n += 1
            name = f"示例县{rng.choice(WORDS)}{rng.choice(WORDS)}{trade}有限公司"
            while any(e["name"] == name for e in ents):
                name = f"示例县{rng.choice(WORDS)}{rng.choice(WORDS)}{trade}有限公司"
            code = uscc(n)
            ent = {
                "name": name, "industry": industry, "checklist": checklist, "town": town,
                "uscc": code, "uscc_results": code, "contact": person(),
                "phone": f"0999-{5000000 + n * 1373:07d}",
            }
            ents.append(ent)
    # One roster row without a code (joined by name), five that do not report.
    ents[11]["uscc"] = ""
    missing = {6, 14, 23, 30, 39}
    for e in ents:
        roster.append(",".join([e["name"], e["industry"], f"示例县{e['town']}示例路{rng.randrange(1, 200)}号",
                                e["contact"], e["phone"], e["uscc"], e["town"]]))
    with open(os.path.join(HERE, "roster.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("\r\n".join(roster) + "\r\n")
    files = 0
    for i, e in enumerate(ents):
        if i in missing:
            continue
        its = cache.setdefault(e["checklist"], items(e["checklist"]))
        when = rng.randrange(60, 110)
        body = results(e, e["checklist"], its, when, rng.choice([0, 1, 1, 2, 2, 3, 4]),
                       f"{e['town']} · {e['industry']}")
        files += 1
        with open(os.path.join(HERE, "results", f"{files:03d}.yaml"), "w", encoding="utf-8") as f:
            f.write(body)
        if i % 7 == 3:
            hot = "hot-work-inspection-sample"
            its = cache.setdefault(hot, items(hot))
            body = results(e, hot, its, when + 3, rng.choice([1, 2, 3]), f"{e['town']} · 动火作业检查")
            files += 1
            with open(os.path.join(HERE, "results", f"{files:03d}.yaml"), "w", encoding="utf-8") as f:
                f.write(body)
    # A results file from an enterprise the roster does not list.
    outside = {"name": "示例县外来示例物流有限公司", "uscc_results": uscc(99), "contact": person(),
               "phone": "0999-5999999"}
    its = cache["gongmao-major-hazards:机械"]
    files += 1
    with open(os.path.join(HERE, "results", f"{files:03d}.yaml"), "w", encoding="utf-8") as f:
        f.write(results(outside, "gongmao-major-hazards:机械", its, 100, 1, "名册外单位"))
    print(f"{len(ents)} roster rows, {files} results files")


main()
