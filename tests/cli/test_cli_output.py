"""Tables line up with Chinese text; every tr() string of the CLI is translated; output is UTF-8."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from cli_helpers import cli_env, run

import io

from workbench.cli.output import ProgressBar, char_width, clip, table, text_width

CLI = Path(__file__).resolve().parents[2] / "workbench" / "cli"


def test_widths_and_aligned_tables():
    assert text_width("abc") == 3 and text_width("城市") == 4 and text_width("𠮷") == 2
    assert text_width("e\u0301") == 1  # a combining accent takes no column
    # ASCII (controls too) takes a column a character, as each character measured alone
    ascii_text = "".join(map(chr, range(128)))
    assert text_width(ascii_text) == sum(char_width(c) for c in ascii_text) == 128
    assert clip("智慧政府建设", 7) == "智慧政…" and text_width(clip("智慧政府建设", 7)) <= 7
    lines = table(["ID", "Title", "N"], [(1, "城市研究", 3), (12, "plan", 10)],
                  numeric=(0, 2)).splitlines()
    assert len({text_width(line) for line in lines}) == 1  # every row as wide as the header
    assert lines[2].index("城") == lines[3].index("p")  # the title column starts in one place
    assert table(["A"], [("x\ny\tz",)]).splitlines()[2] == "x y z"


def test_a_capped_column_is_cut_and_the_others_align_to_it():
    lines = table(["资料", "N"], [("智慧政府建设推进数据共享", 5), ("短", 12345), (None, None)],
                  limits={0: 9}, numeric=(1,)).split("\n")
    assert lines == ["资料           N",
                     "---------  -----",
                     "智慧政府…      5",
                     "短         12345",
                     ""]


def test_progress_bar_redraws_one_line(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.update(0, 4, "")
    bar.update(2, 4, "一个很长很长的文件名" * 10 + ".docx")
    drawn = stream.getvalue().split("\r")[-1]
    assert drawn.startswith("[") and " 2/4 " in drawn and "…" in drawn
    assert text_width(drawn) == 59 and "\n" not in stream.getvalue()
    bar.finish()
    assert stream.getvalue().endswith("\r")


def _tr_strings() -> list[str]:
    found = []
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                found.append(node.args[0].value)
    return found


def test_every_cli_string_has_a_translation_with_the_same_fields():
    from workbench.i18n import catalogue as merged

    catalogue = merged("zh_CN")  # every zh_CN/*.toml: command areas keep their own files
    strings = _tr_strings()
    assert len(strings) > 50
    missing = sorted(s for s in strings if s not in catalogue)
    assert not missing, missing
    fields = re.compile(r"\{(\w+)\}")
    for text in strings:
        assert set(fields.findall(text)) == set(fields.findall(catalogue[text])), text


def test_messages_in_chinese_and_utf8_under_a_legacy_locale(project):
    chinese = run("check", project, env=cli_env(LC_ALL="zh_CN.UTF-8"))
    assert chinese.code == 0 and "没有发现问题" in chinese.out
    flag = run("--language", "zh_CN", "check", project)
    assert flag.code == 0 and "没有发现问题" in flag.out
    # PYTHONUTF8=0 under the C locale would make Python write ASCII; the CLI writes UTF-8 anyway.
    legacy = run("info", project, "--json", env=cli_env(PYTHONUTF8="0"))
    assert legacy.code == 0, legacy.err
    assert legacy.json()["title"] == "城市研究" and "城市研究" in legacy.out
