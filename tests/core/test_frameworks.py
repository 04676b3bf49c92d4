"""Bundled framework templates load and are complete; the loader rejects bad files clearly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.core.frameworks import (
    FrameworkError,
    FrameworkTemplate,
    InteractionTypeTemplate,
    Localized,
    TemplateElement,
    list_templates,
    load_template,
    save_template,
)
from workbench.resources import resource_path

BUNDLED = ["joined-up-government", "collaborative-env-inst-tech", "holistic-governance",
           "policy-instruments", "technology-structuration", "toe", "blank"]
TEMPLATES = list_templates()
NON_BLANK = [t for t in TEMPLATES if t.id != "blank"]
TEXT_FIELDS = ("name", "definition", "inclusion", "exclusion", "example")


def ids(templates: list[FrameworkTemplate]) -> list[str]:
    return [t.id for t in templates]


# ------------------------------------------------------------------ the bundled templates

def test_all_bundled_templates_are_listed_in_order() -> None:
    assert ids(TEMPLATES) == BUNDLED  # joined-up government first, blank last, rest by id
    assert sorted(p.stem for p in resource_path("frameworks").glob("*.toml")) == sorted(BUNDLED)


@pytest.mark.parametrize("template", TEMPLATES, ids=ids(TEMPLATES))
def test_bundled_template_metadata(template: FrameworkTemplate) -> None:
    assert template.path is not None and template.id == template.path.stem
    assert load_template(template.id) == template
    assert template.name.zh and template.name.en
    assert template.description.zh and template.description.en
    assert template.references and all(r.strip() for r in template.references)
    for kind in template.interaction_types:
        assert kind.name.zh and kind.name.en and kind.sign in (1, -1)
    assert len({k.key for k in template.interaction_types}) == len(template.interaction_types)


@pytest.mark.parametrize("template", TEMPLATES, ids=ids(TEMPLATES))
def test_elements_have_unique_keys_and_valid_colours(template: FrameworkTemplate) -> None:
    elements = [e for e, _ in template.walk()]
    keys = [e.key for e in elements]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"#[0-9A-F]{6}", e.color) for e in elements)
    top_colours = [e.color for e in template.elements]
    assert len(top_colours) == len(set(top_colours))
    # Every element, not only the top ones, gets its own colour so highlights can be told apart.
    assert len({e.color for e in elements}) == len(elements)


@pytest.mark.parametrize("template", NON_BLANK, ids=ids(NON_BLANK))
def test_every_element_is_documented_in_both_languages(template: FrameworkTemplate) -> None:
    elements = [e for e, _ in template.walk()]
    assert len(elements) >= 10
    for element in elements:
        for field in TEXT_FIELDS:
            text: Localized = getattr(element, field)
            assert text.zh.strip() and text.en.strip(), f"{element.key}.{field}"
        # The Chinese side should really be Chinese, the English side English.
        assert re.search(r"[\u4e00-\u9fff]", element.definition.zh), element.key
        assert not re.search(r"[\u4e00-\u9fff]", element.definition.en), element.key


def test_joined_up_government_has_four_elements_with_sub_elements() -> None:
    template = load_template("joined-up-government")
    assert [e.key for e in template.elements] == [
        "drivers", "cooperation", "service_supply", "incentives_accountability"]
    assert all(2 <= len(e.children) <= 4 for e in template.elements)
    drivers = template.elements[0]
    assert [c.key for c in drivers.children] == ["technology", "policy"]
    assert {k.key for k in template.interaction_types} >= {
        "drives", "supports", "positive_feedback", "negative_feedback"}


def test_blank_template_has_no_elements() -> None:
    blank = load_template("blank")
    assert blank.elements == () and list(blank.walk()) == []
    assert blank.interaction_types


# ------------------------------------------------------------------ API behaviour

def test_localized_get_picks_language_and_falls_back() -> None:
    text = Localized(zh="组织协同", en="Organisational cooperation")
    assert [text.get(x) for x in ("zh", "zh_CN", "zh-Hans", "ZH-TW")] == ["组织协同"] * 4
    assert text.get("en") == text.get("de") == text.get("") == "Organisational cooperation"
    assert Localized(zh="只有中文").get("en") == "只有中文"
    assert Localized(en="English only").get("zh_CN") == "English only"


def test_walk_is_depth_first_with_parents() -> None:
    template = load_template("joined-up-government")
    pairs = [(e.key, p.key if p else None) for e, p in template.walk()]
    assert pairs[:7] == [
        ("drivers", None), ("technology", "drivers"),
        ("digital_infrastructure", "technology"), ("data_sharing_platform", "technology"),
        ("policy", "drivers"), ("planning", "policy"), ("rules_standards", "policy")]
    assert pairs[7] == ("cooperation", None)


def tricky_template() -> FrameworkTemplate:
    leaf = TemplateElement(key="leaf.3", name=Localized(zh="𠮷野家", en='a "quoted" \\ name'),
                           color="#000000", definition=Localized(zh="第一行\n第二行\t制表"))
    middle = TemplateElement(key="middle", name=Localized(en="Only English"), color="#ABCDEF",
                             children=(leaf,))
    top = TemplateElement(key="top-1", name=Localized(zh="顶层", en="Top"), color="#123456",
                          example=Localized(zh="“引号”", en="‘quotes’ and # not a comment"),
                          children=(middle,))
    return FrameworkTemplate(
        id="my-framework", name=Localized(zh="我的框架", en="My framework"),
        description=Localized(zh="说明", en="A description = with [brackets]"),
        references=("Someone 2020. A \"book\".",), elements=(top,),
        interaction_types=(InteractionTypeTemplate("hurts", Localized("削弱", "hurts"), -1),))


@pytest.mark.parametrize("template", [*TEMPLATES, tricky_template()],
                         ids=[*ids(TEMPLATES), "tricky"])
def test_save_then_load_round_trips(template: FrameworkTemplate, tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    save_template(template, path)
    again = load_template(path)
    assert again == template and again.path == path
    save_template(again, tmp_path / "second.toml")
    assert (tmp_path / "second.toml").read_bytes() == path.read_bytes()  # stable output


def test_saved_file_uses_the_bundled_layout(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    save_template(tricky_template(), path)
    text = path.read_text(encoding="utf-8")
    assert 'name = { zh = "顶层", en = "Top" }' in text
    assert "\n  [[elements.children]]\n" in text
    assert "\n    [[elements.children.children]]\n" in text
    assert not list(tmp_path.glob("*.tmp"))


def test_load_by_string_path(tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    save_template(load_template("toe"), path)
    assert load_template(str(path)) == load_template("toe")


# ------------------------------------------------------------------ errors

def write(tmp_path: Path, text: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = '[name]\nzh = "框架"\nen = "Framework"\n'


def error_for(path: Path) -> str:
    with pytest.raises(FrameworkError) as info:
        load_template(path)
    return str(info.value)


def test_unknown_bundled_id() -> None:
    with pytest.raises(FrameworkError, match="no bundled framework named 'nonsense'.*"
                                             "`workbench frameworks` lists them"):
        load_template("nonsense")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[[elements]]\nkey = "a"\nname = { zh = "甲" en = "A" }\n')
    message = error_for(path)
    assert str(path) in message and "line 7" in message and "not valid TOML" in message


def test_missing_file(tmp_path: Path) -> None:
    assert str(tmp_path / "gone.toml") in error_for(tmp_path / "gone.toml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(MINIMAL.encode("gbk"))
    assert "UTF-8" in error_for(path)


@pytest.mark.parametrize("text, expected", [
    ('id = "x"\n', "has no name"),
    ('[name]\nzh = ""\nen = ""\n', "framework name is empty"),
    (MINIMAL + '[[elements]]\nkey = "a"\ncolor = "#111111"\n', "element 'a' has no name"),
    (MINIMAL + '[[elements]]\nname = "甲"\n', "needs a key"),
    (MINIMAL + '[[elements]]\nkey = "a"\nname = "甲"\n[[elements.children]]\nkey = "a"\n'
     'name = "乙"\n', "key 'a' is used twice"),
    (MINIMAL + '[[elements]]\nkey = "a"\nname = "甲"\ncolor = "red"\n', "not of the form #RRGGBB"),
    (MINIMAL + '[[elements]]\nkey = "a"\nname = "甲"\ncolor = "#12345"\n', "#RRGGBB"),
    (MINIMAL + '[[elements]]\nkey = "a"\nname = "甲"\ndefintion = "x"\n', "unknown field(s) defintion"),
    (MINIMAL + '[[elements]]\nkey = "a"\nname = { zh = "甲", fr = "A" }\n', "unknown field(s) fr"),
    (MINIMAL + '[[interaction_types]]\nkey = "p"\nzh = "促进"\nsign = "?"\n', "use \"+\" or \"-\""),
    ('version = 2\n' + MINIMAL, "newer than this workbench"),
    ('references = "one"\n' + MINIMAL, "references must be a list of strings"),
])
def test_invalid_content_is_explained(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    message = error_for(path)
    assert str(path) in message and expected in message


def test_lenient_forms_are_accepted_and_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '[description]\nzh = "说明"\n'
                 'references = ["Ansell & Gash 2008"]\n'
                 + '[[elements]]\nkey = "a"\nname = "甲"\ncolor = "#abc"\n'
                 + '[[elements]]\nkey = "b"\nname = { en = "B" }\ncolor = " #a1b2c3 "\n'
                 + '[[elements]]\nkey = "c"\nname = { zh = "丙" }\n')
    template = load_template(path)
    assert template.id == "user"  # no id: the file name stands in
    assert template.references == ("Ansell & Gash 2008",)  # written under [description]
    assert [e.color for e in template.elements] == ["#AABBCC", "#A1B2C3", "#009E73"]
    assert template.elements[0].name == Localized(zh="甲", en="甲")
