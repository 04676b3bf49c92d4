"""How fast the analysis side is on a thesis-sized corpus (not part of the tests).

Generates, in a temporary project, SOURCES Chinese sources of about 20,000 characters each (20 M
characters at --scale 1) in 4 cases and 3 periods, with 50,000 codings over 30 elements, then
prints figure / target / ratio for:

    words first    word frequency with an empty cache, against a bare ``jieba.lcut`` loop over the
                   same texts (target: at most 1.3 × the bare loop)
    words cached   the same again, from the project's segmentation cache (< 1 s)
    search + KWIC  full-text search with keyword-in-context lines (< 200 ms; the trigram index
                   is built once beforehand and that time is printed too); for frequent words
                   the Search view's way: every hit counted, lines for the first 2,000 only,
                   and the next page on "Show more"
    each table     frequency by source/case/type/period, co-occurrence by overlap/paragraph/
                   distance, the case × element matrix, a timeline and coverage (< 1 s each)

    .venv/bin/python benchmarks/bench_analysis.py [--scale 0.25] [--codings 50000]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core import Project  # noqa: E402

SENTENCES = [
    "政府部门之间的协同治理需要稳定的制度安排。", "数据共享平台于二〇一八年正式上线运行。",
    "跨部门合作在基层实践中面临激励不足的问题。", "市级领导小组负责统筹协调各项改革任务。",
    "𠮷祥街道率先试点一网通办服务模式。", "绩效考核办法明确了各部门的职责边界。",
    "互联网+政务服务推动审批流程再造。", "深化放管服改革，优化营商环境。",
    "The platform connects 42 agencies and publishes open data every week.",
    "群众办事只需跑一次，企业开办时间压缩到三个工作日。", "信息资源共享目录每季度更新一次。",
    "技术赋能与组织变革相互促进，形成正反馈。", "问责机制不健全制约了数据开放的深度。",
]


RARE = "江临市大数据管理局发布年度报告。"  # about 1 sentence in 200: a realistic KWIC query
POOL = "数据政务服务平台治理协同部门改革创新制度技术组织信息资源共享开放标准安全监管考核绩效市场企业群众" \
       "社会基层街道社区乡镇县区城市省级国家发展规划建设运行管理系统工程项目资金投入效率质量"


def _text(rng: random.Random, chars: int) -> str:
    """Paragraphs of stock sentences, with random two- and three-character words mixed in so
    the vocabulary (and the size of each source's cached counts) is that of real text."""
    out, size, paragraph = [], 0, []
    while size < chars:
        roll = rng.random()
        sentence = RARE if roll < 0.005 else rng.choice(SENTENCES)
        if roll > 0.6:
            word = "".join(rng.choice(POOL) for _ in range(rng.randint(2, 3)))
            sentence = word + "，" + sentence
        paragraph.append(sentence)
        size += len(sentence)
        if len(paragraph) >= rng.randint(4, 9):
            out.append("".join(paragraph))
            paragraph = []
            size += 1
    out.append("".join(paragraph))
    return "\n".join(out)


def build(path: Path, sources: int, chars: int, codings: int, seed: int = 7) -> Project:
    rng = random.Random(seed)
    p = Project.create(path, coder="bench")
    with p.grouped("Build benchmark"):
        elements = [p.elements.add(f"要素{i:02d}").id for i in range(30)]
        for i in range(4):
            p.cases.add(f"案例{i}")
        p.periods.add("起步期", "2010", "2014")
        p.periods.add("发展期", "2015", "2018")
        p.periods.add("深化期", "2019", "2023")
    texts = {}
    with p.grouped("Import benchmark"):
        for i in range(sources):
            text = _text(rng, chars)
            lines, start, blocks = text.split("\n"), 0, []
            for line in lines:
                blocks.append({"kind": "paragraph", "start": start, "end": start + len(line)})
                start += len(line) + 1
            s = p.sources.add(kind="text", title=f"资料{i:04d}", data=f"{i}".encode(), text=text,
                              blocks=blocks, date=f"{2010 + i % 14}-{1 + i % 12:02d}-01",
                              source_type=("news", "policy", "interview")[i % 3],
                              cases=[f"案例{i % 4}"])
            texts[s.id] = text
    ids = sorted(texts)
    with p.grouped("Code benchmark"):
        for n in range(codings):
            sid = ids[n % len(ids)]
            length = len(texts[sid])
            start = rng.randrange(0, max(1, length - 60))
            p.codings.code_text(sid, start, start + rng.randint(5, 60), rng.choice(elements))
    p.clear_history()
    return p


def _time(fn, repeat: int = 1, before=None):
    """Best of ``repeat`` runs as (wall seconds, CPU seconds), and the last result. CPU time is
    printed too because a shared machine makes wall time noisy; on a quiet one they agree."""
    best, result = (float("inf"), float("inf")), None
    for _ in range(repeat):
        if before:
            before()
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, (time.perf_counter() - w, time.process_time() - c))
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.25,
                        help="1 = 1,000 sources × 20,000 characters (default 0.25: 250 sources)")
    parser.add_argument("--codings", type=int, default=50_000)
    parser.add_argument("--search-only", action="store_true",
                        help="only the full-text search measures (quick at --scale 1)")
    args = parser.parse_args()
    import jieba

    from workbench.analysis import words
    from workbench.analysis.cooccur import cooccurrence
    from workbench.analysis.corpus import load
    from workbench.analysis.tables import case_matrix, coverage, frequency, timeline

    sources = max(10, int(1000 * args.scale))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        p = build(Path(folder) / "bench.cwb", sources, 20_000, args.codings)
        texts = p.dictionary.texts()
        print(f"built {sources} sources, {sum(map(len, texts.values())):,} characters, "
              f"{args.codings:,} codings in {time.perf_counter() - t0:.1f} s")
        p.dictionary.add("一网通办", "互联网+政务服务", "放管服")
        if not args.search_only:
            jieba.setLogLevel(60)
            jieba.initialize()
            words.tokenizer(tuple(p.dictionary.terms()))  # load the dictionary outside timing
            bare, _ = _time(lambda: [jieba.lcut(t) for t in texts.values()], 2)
            clear = lambda: p._db.conn.execute("DELETE FROM segment_cache")  # noqa: E731
            first, _ = _time(lambda: words.word_frequency(p), 2, before=clear)
            rows.append(("words: bare jieba.lcut loop", bare, None))
            rows.append(("words: first run (target 1.3 × bare)", first, 1.3 * bare[1]))
            cached, _ = _time(lambda: words.word_frequency(p), 3)
            rows.append(("words: cached run", cached, 1.0))
        built, _ = _time(lambda: p.search.find("不存在的查询词"))
        rows.append(("search: build trigram index (once)", built, None))
        found, lines = _time(lambda: p.search.kwic("大数据管理局", limit=None), 3)
        rows.append((f"search + KWIC ({len(lines)} hits)", found, 0.2))
        found, lines = _time(lambda: p.search.kwic("数据开放的深度", limit=None), 3)
        rows.append((f"search + KWIC, 1 sentence in 13 ({len(lines)} hits)", found, 0.2))
        found, lines = _time(lambda: p.search.kwic("一网通办", limit=1000), 3)
        rows.append((f"search + KWIC, frequent word (first {len(lines)})", found, 0.2))
        # What the Search view does: count every hit, build KWIC lines for the first 2,000
        # only; "Show more" builds the next page from the few sources it lies in.
        for term in ("一网通办", "数据"):
            found, result = _time(lambda: p.search.kwic_result(term, first=2000,
                                                               order="date"), 3)
            rows.append((f"search + KWIC page, {term} (2,000 of {result.total:,})", found, 0.2))
            found, _ = _time(lambda: result.lines(2000, 4000), 3)
            rows.append(("  next page (Show more: hits 2,001-4,000)", found, 0.2))
        found, lines = _time(lambda: p.search.kwic("数据", limit=None), 1)
        rows.append((f"search + KWIC, all lines of 数据 ({len(lines):,}, old way)", found, None))
        if args.search_only:
            p.close()
            rows_out(rows)
            return
        loaded, corpus = _time(lambda: load(p), 3)
        rows.append(("load all codings once", loaded, 1.0))
        for by in ("source", "case", "type", "period"):
            rows.append((f"table: frequency by {by}", _time(lambda: frequency(p, by), 3)[0], 1.0))
        rows.append(("table: frequency by case, characters",
                     _time(lambda: frequency(p, "case", "characters"), 3)[0], 1.0))
        for mode in ("overlap", "paragraph", "distance"):
            rows.append((f"table: co-occurrence by {mode}",
                         _time(lambda: cooccurrence(p, mode, 50), 3)[0], 1.0))
        rows.append(("table: case × element matrix", _time(lambda: case_matrix(p), 3)[0], 1.0))
        rows.append(("table: timeline by year", _time(lambda: timeline(p, "year"), 3)[0], 1.0))
        rows.append(("table: coverage", _time(lambda: coverage(p), 3)[0], 1.0))
        p.close()
    rows_out(rows)


def rows_out(rows) -> None:
    print(f"{'measure':<48}{'wall':>9}{'cpu':>9}{'target':>9}{'ratio':>7}   (ratio = cpu/target)")
    for name, (wall, cpu), target in rows:
        t = f"{target:.3f}s" if target else "-"
        r = f"{cpu / target:.2f}" if target else "-"
        print(f"{name:<48}{wall:>8.3f}s{cpu:>8.3f}s{t:>9}{r:>7}")


if __name__ == "__main__":
    main()
