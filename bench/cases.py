"""Case list and search at scale: bulk-generate 10k and 100k cases, time the first page of the case
list, counting for paging, searches of 1, 2 and 3+ characters, start-up open (with quick_check) and a
backup; write the figures to docs/performance-cases.md.

    .venv/bin/python bench/cases.py [--sizes 10000 100000] [--runs 7]

Each figure is the median of ``--runs`` runs with min and max, in milliseconds, on a warm cache (the
page cache of the OS and SQLite's own).  No figure is asserted anywhere; the targets (search < 50 ms,
first page < 100 ms at 100k cases) are compared in the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.store import backup  # noqa: E402
from desktop.store.db import DB_NAME, open_database  # noqa: E402
from desktop.store.repository import Repository  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫来嵺苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僧桑荆谌银扬明沙薄伏岑习胥保和蔺"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强春梅海燕鑫宇浩然子涵欣怡"
CITIES = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延吉市", "公主岭市"]
WORDS = ["鑫源", "华泰", "金达", "恒通", "宏远", "盛世", "东北", "长白", "松花", "北方",
         "瑞丰", "兴隆", "汇丰", "天成", "龙腾", "祥和", "德润", "福瑞", "新元", "嘉禾"]
TRADES = ["餐饮", "商贸", "建筑工程", "物流", "科技", "农业发展", "汽车服务", "食品", "装饰工程", "文化传媒"]
CHECKLISTS = ["kaiban-jilin", "shuidianqi-jilin", "xiaowei-jilin", "chengnuo-jilin", "zhuxiao-jilin"]
STATUSES = ["pending", "done", "done", "done", "not_applicable", "waived"]


def applicant(rng: random.Random) -> str:
    """45% people (half of them with one of the 10 commonest surnames), 55% companies (40% in 长春市)."""
    if rng.random() < 0.45:
        surname = rng.choice(SURNAMES[:10] if rng.random() < 0.5 else SURNAMES[10:])
        return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    city = CITIES[0] if rng.random() < 0.4 else rng.choice(CITIES[1:])
    return f"{city}{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司"


def id_number(rng: random.Random, person: bool) -> str:
    if person:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        return f"2201{rng.randrange(10, 99)}{born:%Y%m%d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}"
    return "91220" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(13))


def generate(repo: Repository, count: int, seed: int = 6) -> None:
    """Bulk insert ``count`` cases (1–3 checklists, 8 item states, 4 answers, 3 audit rows each)."""
    rng = random.Random(seed)
    start = dt.datetime(2023, 1, 2, 8, 30)
    per_day = max(count // 900, 1)
    cases, lists, states, answers, audit = [], [], [], [], []
    for n in range(count):
        day, seq = divmod(n, per_day)
        at = start + dt.timedelta(days=day, minutes=seq * 3)
        stamp = at.isoformat(timespec="seconds")
        cid = f"QD-{at:%Y%m%d}-{seq + 1:04d}"
        name = applicant(rng)
        person = not name.endswith("公司")
        closed = rng.random() < 0.6
        cases.append((cid, name, id_number(rng, person), f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                      at.date().isoformat(), "closed" if closed else "open", stamp if closed else None, stamp, stamp))
        for pos, cl in enumerate(rng.sample(CHECKLISTS, rng.choice((1, 1, 2, 3)))):
            lists.append((cid, cl, "v1", pos))
        for i in range(8):
            states.append((cid, "kaiban-jilin", f"K{i:02d}", rng.choice(STATUSES), "", "李四", stamp))
        for q in ("region", "enterprise_type", "employees", "industry"):
            answers.append((cid, q, '"长春市"', stamp))
        audit += [(cid, stamp, "李四", "新建办理", "checklists", None, "kaiban-jilin")] * 3
    with repo.transaction():
        c = repo.db.conn
        c.executemany("INSERT INTO cases (id, applicant_name, id_number, phone, received_on, status, closed_at,"
                      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", cases)
        c.executemany("INSERT INTO case_checklists VALUES (?, ?, ?, ?)", lists)
        c.executemany("INSERT INTO item_states VALUES (?, ?, ?, ?, ?, ?, ?)", states)
        c.executemany("INSERT INTO answers VALUES (?, ?, ?, ?)", answers)
        c.executemany("INSERT INTO audit (case_id, at, who, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      audit)
    repo.db.execute("PRAGMA optimize")


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float, float, object]:
    result = fn()  # warm-up (not counted)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), max(times), result


def queries(repo: Repository) -> list[tuple[str, str]]:
    """(label, query) pairs; the rare ones are taken from the generated data."""
    row = repo.db.execute("SELECT id, applicant_name, id_number, phone FROM cases ORDER BY created_at LIMIT 1"
                          " OFFSET (SELECT count(*) / 3 FROM cases)").fetchone()
    return [
        ("1 字（常见）“张”", "张"),
        ("1 字（少见）“鑫”", "鑫"),
        ("2 字 “张伟”", "张伟"),
        ("3 字（极常见，约 1/5）“长春市”", "长春市"),
        ("4 字 “餐饮有限”", "餐饮有限"),
        ("完整企业/人名（罕见）", row[1]),
        ("证件号后 8 位", row[2][-8:]),
        ("电话 7 位", row[3][3:10]),
        ("案件编号日期段", row[0][:11]),
        ("完整案件编号", row[0]),
        ("无结果 “不存在的名字”", "不存在的名字"),
    ]


def bench_size(count: int, runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        repo = Repository(open_database(data))
        t0 = time.perf_counter()
        generate(repo, count)
        gen_s = time.perf_counter() - t0
        rows: list[tuple[str, float, float, float, int]] = []

        def add(label: str, fn: Callable[[], object]) -> None:
            med, lo, hi, result = measure(fn, runs)
            n = len(result) if isinstance(result, list) else int(result) if isinstance(result, int) else 0
            rows.append((label, med, lo, hi, n))

        add("列表首页（50 行，无筛选）", lambda: repo.list_cases("", 50, 0))
        add("列表总数 count_cases()（分页用）", lambda: repo.count_cases())
        add("首页 + 总数", lambda: (repo.list_cases("", 50, 0), repo.count_cases())[0])
        add("列表中间一页（offset = 总数/2）", lambda: repo.list_cases("", 50, count // 2))
        add("筛选：办理中 + 清单 shuidianqi，首页", lambda: repo.list_cases("", 50, status="open",
                                                                      checklist="shuidianqi-jilin"))
        add("筛选：受理日期一个月，首页", lambda: repo.list_cases("", 50, date_from=dt.date(2024, 3, 1),
                                                            date_to=dt.date(2024, 3, 31)))
        for label, q in queries(repo):
            add(f"搜索 {label}：首页", lambda q=q: repo.list_cases(q, 50))  # type: ignore[misc]
            add(f"搜索 {label}：总数", lambda q=q: repo.count_cases(q))  # type: ignore[misc]
        repo.close()

        def reopen(full: bool | None) -> int:
            db, report = backup.open_with_recovery(data, full_check=full)
            db.conn.close()
            return 0 if report is None else 1

        add("启动打开 open_with_recovery（默认：≤ 64 MB 时 quick_check）", lambda: reopen(None))
        add("启动打开 + 完整 quick_check", lambda: reopen(True))
        size_mb = (data / DB_NAME).stat().st_size / 1e6
        db, _ = backup.open_with_recovery(data)
        add("备份 make_backup（backup API + 副本 quick_check）", lambda: backup.make_backup(data, db, keep=2) and 0)
        db.conn.close()
    return {"count": count, "generate_s": gen_s, "size_mb": size_mb, "rows": rows}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"，内存 {kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.release()}，{cpu}，{os.cpu_count()} 核{mem}；Python {platform.python_version()}，"
            f"SQLite {sqlite3.sqlite_version}；数据库在临时目录（{tempfile.gettempdir()}）")


def report(results: list[dict[str, object]], runs: int) -> str:
    out = ["# 案件列表与搜索的性能（issue 6）", "",
           f"由 `bench/cases.py` 生成（{dt.date.today():%Y-%m-%d}）。机器：{machine()}。", "",
           f"每项为 {runs} 次运行（另有 1 次预热不计）的中位数 / 最小 / 最大值，单位毫秒；热缓存。"
           "“行数”为返回的行数或计数。目标：10 万案件时搜索 < 50 ms，列表首页 < 100 ms。", "",
           "生成的数据：每个案件 1–3 个清单、8 个事项状态、4 个回答、3 条审计记录；约 45% 为个人姓名，"
           "其中一半用最常见的 10 个姓；其余为“<市><字号><行业>有限公司”，40% 在长春市（“长春市”约命中 22%）。", ""]
    for res in results:
        out += [f"## {res['count']:,} 个案件", "",
                f"批量生成 {res['generate_s']:.1f} s，数据库 {res['size_mb']:.0f} MB。", "",
                "| 操作 | 中位数 | 最小 | 最大 | 行数 |", "|---|---:|---:|---:|---:|"]
        for label, med, lo, hi, n in res["rows"]:  # type: ignore[attr-defined]
            out.append(f"| {label} | {med:.1f} | {lo:.1f} | {hi:.1f} | {n} |")
        out.append("")
    out += ["## 怎样做到的、还差什么", "",
            "- 列表顺序 (created_at DESC, id DESC) 由覆盖索引 `cases_by_created (created_at, id, applicant_name, "
            "id_number, phone)` 直接给出：首页不排序；1–2 字的 LIKE 搜索沿该索引走，常见字很快凑满一页，"
            "罕见字则扫完整个索引（不回表），这是最慢的情形（约 25–30 ms）。",
            "- 3 字及以上走 FTS5 trigram（`cases_fts`，外部内容表，触发器同步）：先取命中的 rowid，再排序取一页；"
            "一页的清单和已办事项数只对这 50 行计算（`list_cases` 的 `WITH page AS ...`）。",
            "- `LIKE ... ESCAPE` 让 LIKE 慢一倍，所以只有查询含 `%`、`_`、`\\` 时才加 ESCAPE。",
            "- 搜索时界面若同时要首页和总数，最坏情形（罕见的 1–2 字）约为两项之和（约 55 ms）；"
            "总数可以在首页显示之后再取。",
            "- `PRAGMA quick_check` 在 10 万案件（约 300 MB）时约 0.7 s，所以启动时只在数据库 ≤ 64 MB "
            "（约 2 万案件）时做完整检查，更大时做轻量检查（读 schema 和主要表）；每天的自动备份会对副本做完整检查，"
            "检查不通过就不备份、也不淘汰旧备份。备份在 10 万案件时约 1.5 s，界面宜在首次绘制之后再做。",
            ""]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance-cases.md")
    args = parser.parse_args(argv)
    results = [bench_size(n, args.runs) for n in args.sizes]
    text = report(results, args.runs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
