"""Generate a large synthetic project through the public core API (not part of the tests).

N sources of mixed Chinese/English text built from a vocabulary of public-management terms
(deterministic with --seed), M codings across E elements with overlaps, interactions, periods,
cases, and K small PNG screenshots (Pillow) with a few region codings.

    .venv/bin/python benchmarks/generate.py OUT.cwb [--sources 1000] [--characters 20000000]
        [--codings 50000] [--elements 30] [--images 200] [--seed 1] [--scale 1]

--scale multiplies sources, characters, codings and images (elements stay as given).
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core import Project  # noqa: E402

ZH_TERMS = [
    "协同治理", "数字政府", "放管服改革", "一网通办", "数据共享", "绩效考核", "基层治理",
    "跨部门合作", "公共服务", "营商环境", "政务服务", "领导小组", "制度安排", "财政投入",
    "问责机制", "信息公开", "社会组织", "网格化管理", "社区治理", "政策执行", "府际关系",
    "地方政府", "公众参与", "技术赋能", "组织变革", "标准化建设", "审批流程", "监督检查",
]
ZH_VERBS = ["推动了", "制约了", "促进了", "影响了", "依赖于", "强化了", "改变了", "支撑了"]
ZH_TAILS = ["的持续深化。", "的整体效能。", "的实施进度。", "的协调机制。", "的基本格局。",
            "在试点地区的落地。", "与上级部门的衔接。", "的评价结果。"]
EN_TERMS = ["collaborative governance", "the data-sharing platform", "performance appraisal",
            "street-level officials", "the leading group", "inter-agency coordination",
            "service delivery", "accountability", "the one-stop portal", "fiscal transfers",
            "public participation", "the municipal bureau", "regulatory reform"]
EN_VERBS = ["strengthened", "constrained", "reshaped", "depended on", "accelerated",
            "undermined", "supported"]
EN_TAILS = ["in the pilot districts.", "after 2018.", "according to the interviewees.",
            "across the province.", "within two years.", "despite budget limits."]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.75:
        return rng.choice(ZH_TERMS) + rng.choice(ZH_VERBS) + rng.choice(ZH_TERMS) + \
            rng.choice(ZH_TAILS)
    s = f"{rng.choice(EN_TERMS)} {rng.choice(EN_VERBS)} {rng.choice(EN_TERMS)} " \
        f"{rng.choice(EN_TAILS)} "
    return s[0].upper() + s[1:]


def make_text(rng: random.Random, chars: int) -> tuple[str, list[dict]]:
    """Paragraphs of 3–10 sentences up to ``chars`` characters, and their paragraph blocks."""
    paragraphs, size = [], 0
    while size < chars:
        paragraph = "".join(sentence(rng) for _ in range(rng.randint(3, 10)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    text = "\n".join(paragraphs)[:max(1, chars)]
    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append({"kind": "paragraph", "start": start, "end": start + len(line)})
        start += len(line) + 1
    return text, blocks


def make_png(rng: random.Random, index: int) -> tuple[bytes, int, int]:
    from PIL import Image, ImageDraw
    width, height = rng.choice([(320, 240), (640, 400), (800, 600), (1024, 640)])
    image = Image.new("RGB", (width, height), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width - 20), rng.randrange(height - 10)
        draw.rectangle((x, y, x + rng.randint(10, 200), y + rng.randint(5, 40)),
                       fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw.text((10, 10), f"screenshot {index}", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue(), width, height


def generate(path: str | Path, *, sources: int = 1000, characters: int = 20_000_000,
             codings: int = 50_000, elements: int = 30, images: int = 200, seed: int = 1,
             batch: int = 50) -> Project:
    """Build the project at ``path`` (must not exist) and return it open, history cleared."""
    rng = random.Random(seed)
    p = Project.create(path, title="generated", coder="bench")
    cases = [f"案例{i}" for i in range(6)]
    with p.grouped("Build benchmark"):
        parents = [p.elements.add(f"维度{i}").id for i in range(max(1, elements // 6))]
        element_ids = list(parents)
        while len(element_ids) < elements:
            element_ids.append(p.elements.add(f"要素{len(element_ids):02d}",
                                              parent_id=rng.choice(parents)).id)
        for case in cases:
            p.cases.add(case)
        periods = [p.periods.add("起步期", "2010", "2014").id,
                   p.periods.add("发展期", "2015", "2018").id,
                   p.periods.add("深化期", "2019", "2023").id]
    per_source = max(1, characters // max(1, sources))
    lengths: dict[int, int] = {}
    for first in range(0, sources, batch):
        with p.grouped("Import benchmark"):
            for i in range(first, min(sources, first + batch)):
                size = max(200, int(per_source * rng.uniform(0.5, 1.5)))
                text, blocks = make_text(rng, size)
                # The "original file": the text as UTF-8 with a header, as a .txt would be.
                s = p.sources.add(kind="text", title=f"资料{i:05d}", file_name=f"doc{i:05d}.txt",
                                  data=f"#{i}\n{text}".encode("utf-8"), text=text, blocks=blocks,
                                  date=f"{2010 + i % 14}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  source_type=("news", "policy", "interview")[i % 3],
                                  cases=[cases[i % len(cases)]])
                lengths[s.id] = len(text)
    image_ids: dict[int, tuple[int, int]] = {}
    for first in range(0, images, batch):
        with p.grouped("Import benchmark images"):
            for k in range(first, min(images, first + batch)):
                data, w, h = make_png(rng, k)
                s = p.sources.add(kind="image", title=f"截图{k:04d}", file_name=f"shot{k:04d}.png",
                                  media_type="image/png", data=data, width=w, height=h,
                                  date=f"{2015 + k % 9}-06-01", cases=[cases[k % len(cases)]])
                image_ids[s.id] = (w, h)
    ids = sorted(lengths)
    coding_ids: list[int] = []
    chunk = 5000
    for first in range(0, codings, chunk):
        with p.grouped("Code benchmark"):
            for n in range(first, min(codings, first + chunk)):
                sid = ids[n % len(ids)] if rng.random() < 0.8 else rng.choice(ids)
                length = lengths[sid]
                # Overlaps: a quarter of codings start inside the previous one's neighbourhood.
                start = rng.randrange(0, max(1, length - 400))
                end = min(length, start + rng.randint(5, 400))
                coding_ids.append(p.codings.code_text(sid, start, max(start + 1, end),
                                                      rng.choice(element_ids)).id)
                if rng.random() < 0.25 and end - start > 10:
                    inner = rng.randrange(start, end - 5)
                    p.codings.code_text(sid, inner, min(length, inner + rng.randint(5, 200)),
                                        rng.choice(element_ids))
    with p.grouped("Code benchmark images"):
        for sid, (w, h) in image_ids.items():
            x, y = rng.randrange(w // 2), rng.randrange(h // 2)
            p.codings.code_region(sid, (x, y, w // 4, h // 4), rng.choice(element_ids))
    with p.grouped("Interactions benchmark"):
        kinds = ["promotes", "constrains", "supports", "positive feedback"]
        for n in range(min(60, elements * 2)):
            a, b = rng.sample(element_ids, 2)
            p.interactions.add(a, b, kinds[n % 4], period_id=periods[n % 3],
                               evidence=rng.sample(coding_ids, min(5, len(coding_ids))))
    p.clear_history()
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--characters", type=int, default=20_000_000, help="in all sources")
    parser.add_argument("--codings", type=int, default=50_000)
    parser.add_argument("--elements", type=int, default=30)
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    a = parser.parse_args(argv)
    out = Path(a.out)
    if out.exists():
        parser.error(f"{out} exists")
    s = a.scale
    t = time.perf_counter()
    p = generate(out, sources=max(1, int(a.sources * s)), characters=int(a.characters * s),
                 codings=int(a.codings * s), elements=a.elements, images=int(a.images * s),
                 seed=a.seed)
    counts = p.counts()
    p.close()
    print(f"generated {out} ({counts['sources']:,} sources, {counts['codings']:,} codings, "
          f"{counts['elements']} elements, {out.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
