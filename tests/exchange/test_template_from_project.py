"""A project's framework saved as a template and applied to a new project gives the same tree."""
import pytest

from workbench.core import InvalidInputError, Project
from workbench.core.frameworks import load_template, save_template
from workbench.exchange.template_from_project import template_from_project


def _tree(p: Project) -> list[tuple]:
    return [(e.path, e.color, e.definition, e.inclusion, e.exclusion, e.example)
            for e in p.elements.list()]


@pytest.fixture
def source(tmp_path):
    p = Project.create(tmp_path / "source.cwb", language="zh", framework="toe", coder="alice")
    first = p.elements.list()[0]
    p.elements.update(first.id, definition="第一行；\n第二行：含“引号”与 \\ 反斜杠", example="例：𠮷")
    top = p.elements.add("自建要素", color="#123ABC", definition="自己加的")
    p.elements.add("Inter-agency Coordination", parent_id=top.id, inclusion="English too")
    p.elements.add("自建子要素", parent_id=top.id)
    p.interactions.add_type("倒逼", sign="-")
    yield p
    p.close()


def test_round_trip_through_a_toml_file(source, tmp_path):
    template = template_from_project(source, "my-toe", "我的 TOE", "My TOE", "改编自 TOE")
    path = tmp_path / "my-toe.toml"
    save_template(template, path)
    loaded = load_template(path)
    assert loaded == template
    assert loaded.name.get("zh") == "我的 TOE" and loaded.description.zh == "改编自 TOE"
    keys = [item.key for item, _parent in loaded.walk()]
    assert len(keys) == len(set(keys)) == len(source.elements.list())
    assert "technology" in keys and "inter-agency-coordination" in keys

    with Project.create(tmp_path / "target.cwb", language="zh", coder="bob") as target:
        target.elements.apply_template(loaded, "zh")
        assert _tree(target) == _tree(source)
        names = {kind.name for kind in target.interactions.types()}
        assert {"倒逼", "抑制"} <= names


def test_texts_go_into_the_project_language_only(tmp_path):
    with Project.create(tmp_path / "en.cwb", language="en", coder="c") as p:
        p.elements.add("Trust", definition="Belief in others")
        template = template_from_project(p, "trust", "", "Trust framework")
        element = template.elements[0]
        assert element.name.en == "Trust" and element.name.zh == ""
        assert element.definition.en == "Belief in others" and element.definition.zh == ""
        promotes = next(k for k in template.interaction_types if k.key == "promotes")
        assert promotes.name.zh == "促进" and promotes.name.en == "promotes"


def test_a_bad_id_or_no_name_is_refused(source):
    with pytest.raises(InvalidInputError):
        template_from_project(source, "我的框架", "我的", "Mine")
    with pytest.raises(InvalidInputError):
        template_from_project(source, "-bad", "我的", "Mine")
    with pytest.raises(InvalidInputError):
        template_from_project(source, "ok", " ", "")
