"""A small study for the panel tests: a framework of five elements, two text sources, one
screenshot, a case and a few codings. Imported by tests/ui/test_panels_*.py."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.core import Project, Rect

NEWS_TEXT = "智慧城市建设推动了跨部门协同，𠮷祥服务上线。数据共享平台建成。"
POLICY_TEXT = "本规划明确政务数据共享的顶层设计与绩效考核办法。"


@dataclass
class Study:
    project: Project
    top: int        # 技术与政策驱动
    tech: int       # 技术与政策驱动/技术驱动
    policy: int     # 技术与政策驱动/政策驱动
    cooperation: int  # 组织协同
    service: int    # 服务供给
    news: int       # text source, 2021-03-05, 新闻报道, case A市
    plan: int       # text source, 2019, 政策文件, no case
    shot: int       # image source, 2015-06, 网站截图
    case: int       # A市


def make_study(folder: Path) -> Study:
    p = Project.create(folder / "study.cwb", title="智慧政府", language="zh", coder="张三")
    top = p.elements.add("技术与政策驱动").id
    tech = p.elements.add("技术驱动", parent_id=top).id
    policy = p.elements.add("政策驱动", parent_id=top).id
    cooperation = p.elements.add("组织协同").id
    service = p.elements.add("服务供给").id
    news = p.sources.add(kind="text", title="智慧城市新闻", data=b"news", text=NEWS_TEXT,
                         file_name="news.txt", date="2021-03-05", source_type="news",
                         cases=["A市"]).id
    plan = p.sources.add(kind="text", title="政务数据共享规划", data=b"plan", text=POLICY_TEXT,
                         file_name="plan.docx", date="2019", source_type="policy",
                         origin_url="http://gov.example.cn/plan").id
    shot = p.sources.add(kind="image", title="门户网站截图", data=b"png", width=800, height=600,
                         file_name="portal.png", date="2015-06", source_type="screenshot").id
    p.codings.code_text(news, 0, 4, tech)
    p.codings.code_text(news, 4, 12, cooperation, memo="协同的证据")
    p.codings.code_text(plan, 8, 12, policy)
    p.codings.code_region(shot, Rect(10, 20, 300, 100), service)
    case = p.cases.find("A市").id
    return Study(p, top, tech, policy, cooperation, service, news, plan, shot, case)
