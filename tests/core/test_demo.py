"""The demo project: its manifest builds into a healthy project, and the user's copy is managed."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from workbench import demo
from workbench.core import Project, ProjectLockedError
from workbench.core.frameworks import load_template


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = demo.build_demo(tmp_path_factory.mktemp("demo") / "demo.cwb")
    yield project
    project.close()


def test_sources_include_texts_images_and_metadata(built):
    sources = built.sources.list()
    images = [s for s in sources if s.kind == "image"]
    assert len(sources) >= 10 and len(images) >= 2
    assert all(s.date for s in sources)
    assert all(s.capture_time and "web.archive.org" in s.origin_url for s in images)
    assert any(s.document_number for s in sources if s.source_type == "政策文件")
    assert {s.source_type for s in sources} >= {"新闻报道", "政策文件", "网站截图", "访谈", "统计资料"}
    assert {"江临市", "东湖区"} <= {name for s in sources for name in s.cases}


def test_codings_quote_their_sources_exactly(built):
    codings = built.codings.list()
    assert len(codings) >= 35
    texts = {s.id: built.sources.text(s.id) for s in built.sources.list()}
    for coding in codings:
        if coding.is_region:
            continue
        assert coding.snippet and texts[coding.source_id][coding.start:coding.end] == coding.snippet


def test_region_codings_lie_inside_their_images(built):
    sizes = {s.id: (s.width, s.height) for s in built.sources.list(kind="image")}
    regions = [c for c in built.codings.list() if c.is_region]
    assert len(regions) >= 4 and {c.source_id for c in regions} == set(sizes)
    for coding in regions:
        width, height = sizes[coding.source_id]
        r = coding.rect
        assert r.x >= 0 and r.y >= 0 and r.width > 0 and r.height > 0
        assert r.x + r.width <= width and r.y + r.height <= height


def test_interactions_have_evidence_periods_and_both_feedbacks(built):
    periods = built.periods.list()
    assert 2 <= len(periods) <= 3
    interactions = built.interactions.list()
    assert len(interactions) >= 6
    assert all(i.evidence and i.period for i in interactions)
    keys = {t.id: t.key for t in built.interactions.types()}
    kinds = {keys[i.type_id] for i in interactions}
    assert {"positive_feedback", "negative_feedback"} <= kinds
    # A loop: A acts on B and B feeds back on A within one period.
    links = {(i.from_element_id, i.to_element_id, i.period) for i in interactions}
    assert any((b, a, p) in links for a, b, p in links)


def test_project_is_healthy_and_described(built):
    assert built.check() == []
    info = built.info()
    assert info.language == "zh" and info.research_question and info.description
    assert built.memos.list("project")
    assert {c.name for c in built.cases.list()} == {"江临市", "东湖区"}
    assert built.cases.find("江临市").attributes == {"人口(万)": "680", "行政级别": "地级市"}


def test_manifest_uses_only_template_keys():
    manifest = demo.load_manifest()
    keys = {e.key for e, _ in load_template(manifest["project"]["framework"]).walk()}
    used = {c["element"] for c in manifest["codings"]}
    used |= {i[end] for i in manifest["interactions"] for end in ("from", "to")}
    assert used <= keys


def test_english_build_names_elements_in_english(tmp_path):
    with demo.build_demo(tmp_path / "en.cwb", language="en") as project:
        names = {e.name for e in project.elements.list()}
        assert {"Organisational cooperation", "Service supply"} <= names
        assert not any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)
        assert project.info().language == "en"
        assert {p.name for p in project.periods.list()} == {"Initiation", "Integration", "Deepening"}
        assert project.check() == []


def test_a_wrong_quote_names_the_coding(tmp_path):
    folder = tmp_path / "demo"
    folder.mkdir()
    for item in demo.demo_folder().rglob("*"):
        if item.is_file() and item.suffix in (".txt", ".png", ".md"):
            target = folder / item.relative_to(demo.demo_folder())
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.read_bytes())
    text = (demo.demo_folder() / demo.MANIFEST).read_text(encoding="utf-8")
    quote = tomllib.loads(text)["codings"][0]["quote"]
    (folder / demo.MANIFEST).write_text(text.replace(quote, quote + "不存在", 1), encoding="utf-8")
    with pytest.raises(demo.DemoError, match="coding 1") as error:
        demo.build_demo(tmp_path / "bad.cwb", folder=folder)
    assert "is not in the source" in str(error.value)
    assert not (tmp_path / "bad.cwb").exists()


def test_build_refuses_an_existing_file(tmp_path):
    (tmp_path / "there.cwb").write_bytes(b"")
    with pytest.raises(Exception):
        demo.build_demo(tmp_path / "there.cwb")


def test_ensure_demo_builds_once_then_reuses_and_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setenv(demo.DATA_DIR_ENV, str(tmp_path))
    path = demo.ensure_demo()
    assert path == demo.demo_path() and path.parent.parent == tmp_path and path.is_file()
    first = path.stat().st_mtime_ns
    os.utime(path, ns=(first - 10**9, first - 10**9))  # so a rewrite cannot share the stamp
    stamped = path.stat().st_mtime_ns
    assert demo.ensure_demo() == path and path.stat().st_mtime_ns == stamped
    assert demo.ensure_demo(rebuild=True) == path and path.stat().st_mtime_ns != stamped
    assert [p.name for p in path.parent.iterdir()] == ["demo.cwb"]  # no temporary left behind
    with Project.open(path) as project:
        assert project.counts()["codings"] >= 35


def test_ensure_demo_replaces_a_damaged_file(tmp_path, monkeypatch):
    monkeypatch.setenv(demo.DATA_DIR_ENV, str(tmp_path))
    path = demo.demo_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a project")
    demo.ensure_demo()
    with Project.open(path, read_only=True) as project:
        assert project.check() == [] and project.counts()["sources"] >= 10


def test_ensure_demo_never_writes_into_the_demo_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(demo.DATA_DIR_ENV, str(tmp_path))
    before = sorted(p.name for p in demo.demo_folder().rglob("*"))
    demo.ensure_demo()
    assert sorted(p.name for p in demo.demo_folder().rglob("*")) == before


def test_screenshots_are_committed_pngs_of_a_sensible_size():
    shots = sorted((demo.demo_folder() / "screenshots").glob("*.png"))
    assert len(shots) >= 2
    from PIL import Image

    for shot in shots:
        assert shot.stat().st_size < 300_000
        with Image.open(shot) as image:
            assert 1000 <= image.width <= 1200
        assert Path(shot.with_suffix(".html")).is_file()


def test_ensure_demo_does_not_replace_a_demo_open_in_a_window(tmp_path, monkeypatch):
    monkeypatch.setenv(demo.DATA_DIR_ENV, str(tmp_path))
    path = demo.ensure_demo()
    with Project.open(path) as project:  # the window has it open for writing
        assert demo.ensure_demo() == path
        with pytest.raises(ProjectLockedError):
            demo.ensure_demo(rebuild=True)
        assert project.counts()["codings"] >= 35
    assert [p.name for p in path.parent.iterdir()] == ["demo.cwb"]
