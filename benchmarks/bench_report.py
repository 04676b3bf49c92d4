"""How long the Word report and the dataset export take on a large study (not part of the tests).

A generated project in a temporary folder: 200 dated sources (news, policy documents, interviews;
every fifth one with PDF pages) in 5 cases, 16 elements under 4 parents, 3 periods, 10,000 text
codings and 24 interactions with evidence. Timed:

    report   write_report(all sections) → .docx (codebook, frequency tables, 10,000 quotations,
             interactions, path diagram + small multiples + bar chart at 300 dpi)
    xlsx     export_dataset(codings) → .xlsx (10,000 rows)
    csv      export_dataset(codings) → .csv

    .venv/bin/python benchmarks/bench_report.py
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core import Project, TextBlock  # noqa: E402
from workbench.exporters.dataset import export_dataset  # noqa: E402
from workbench.exporters.report import write_report  # noqa: E402

SOURCES, CODINGS, PARENTS, CHILDREN = 200, 10_000, 4, 3
TARGETS_S = {"report": 10.0, "xlsx": 5.0, "csv": 2.0}
SENTENCES = ["政府部门之间的协同治理需要稳定的制度安排。", "数据共享平台于二〇一八年正式上线运行。",
             "跨部门合作在基层实践中面临激励不足的问题。", "市级领导小组负责统筹协调各项改革任务。",
             "绩效考核办法明确了各部门的职责边界。", "The platform links 42 departments, officials say. "]
TYPES = ["新闻报道", "政策文件", "访谈", "网站截图"]
CASES = ["江临市", "东湖区", "西山区", "南港区", "北城区"]


def build(path: Path) -> Project:
    rng = random.Random(7)
    p = Project.create(path, title="大型研究：智慧政府的动态路径", coder="张三")
    p.update_info(research_question="要素之间如何相互作用？")
    elements = []
    for i in range(PARENTS):
        parent = p.elements.add(f"维度{i + 1}", definition="上位要素的定义。" * 3).id
        elements.append(parent)
        for j in range(CHILDREN):
            elements.append(p.elements.add(f"要素{i + 1}.{j + 1}", parent_id=parent,
                                           definition="要素的定义。" * 4, inclusion="纳入。",
                                           exclusion="排除。", example="示例。").id)
    for name, start, end in (("起步期", "2015", "2017"), ("整合期", "2018", "2020"),
                             ("深化期", "2021", "2023")):
        p.periods.add(name, start, end)
    per_source = CODINGS // SOURCES
    coding_ids = []
    with p.grouped("Import source"):
        for s in range(SOURCES):
            text = "".join(rng.choice(SENTENCES) for _ in range(per_source * 2))
            blocks = ([TextBlock("page", 0, len(text) // 2, level=1),
                       TextBlock("page", len(text) // 2 + 1, len(text), level=2)]
                      if s % 5 == 0 else [])
            source = p.sources.add(
                kind="text", title=f"资料{s + 1:03d}", data=f"{s}{text}".encode(), text=text,
                blocks=blocks, date=f"{2015 + s % 9}-{1 + s % 12:02d}-15",
                source_type=TYPES[s % 3], cases=[CASES[s % len(CASES)]])
            for k in range(per_source):
                start = k * 40
                coding_ids.append(p.codings.code_text(source.id, start, start + 30,
                                                      rng.choice(elements)).id)
    periods = [x.id for x in p.periods.list()]
    kinds = ["promotes", "constrains", "supports", "positive feedback"]
    for n in range(24):
        a, b = rng.sample(elements[:PARENTS * (CHILDREN + 1)], 2)
        p.interactions.add(a, b, kinds[n % 4], period_id=periods[n % 3],
                           evidence=rng.sample(coding_ids, 5))
    return p


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        project = build(root / "big.cwb")
        print(f"built {project.counts()['codings']} codings in "
              f"{time.perf_counter() - started:.1f} s")
        results = {
            "report": timed(lambda: write_report(project, root / "report.docx")),
            "xlsx": timed(lambda: export_dataset(project, root / "codings.xlsx")),
            "csv": timed(lambda: export_dataset(project, root / "codings.csv")),
        }
        size = (root / "report.docx").stat().st_size
        project.close()
    print(f"{'step':8} {'figure':>9} {'target':>8} {'ratio':>7}")
    for name, seconds in results.items():
        target = TARGETS_S[name]
        print(f"{name:8} {seconds:8.2f}s {target:7.1f}s {seconds / target:7.2f}")
    print(f"report size {size / 1e6:.1f} MB")
    return 0 if all(results[k] <= TARGETS_S[k] for k in results) else 1


if __name__ == "__main__":
    sys.exit(main())
