"""import reports each file's status and text quality; text prints what was stored; reextract
reads it again from the stored original."""
from __future__ import annotations

from pathlib import Path

from cli_helpers import TEXT, assert_one_sentence_error, run

from workbench.core import Project


def _short_page(path: Path, line: str = "www.gov.cn/a/b/c") -> Path:
    style = "".join(f".c{n} {{ margin: {n}px; padding: 1px; }}\n" for n in range(1500))
    path.write_text(f"<html><head><style>{style}</style></head><body><div>{line}"
                    f"</div></body></html>", encoding="utf-8")
    return path


def test_import_json_gives_every_file_its_status_and_figures(project, files):
    page = _short_page(files["folder"] / "news.html")
    (files["folder"] / "odd.xyz").write_bytes(b"?")
    result = run("import", project, files["folder"], "--json")
    assert result.code == 0, result.err
    report = result.json()
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name["news.html"]["status"] == "warning"
    assert by_name["报告.txt"]["status"] == "imported"
    assert by_name["odd.xyz"]["status"] == "refused"
    assert by_name["broken.docx"]["status"] == "refused"
    assert "odd.xyz" in by_name["odd.xyz"]["reason"]
    news = next(i for i in report["imported"] if i["file_name"] == page.name)
    assert news["quality"]["verdict"] == "warning" and news["quality"]["bytes"] > 40_000
    assert len(news["warnings"]) == 1 and "web page" in news["warnings"][0]
    text = next(i for i in report["imported"] if i["file_name"] == "报告.txt")
    assert text["quality"]["characters"] == len(TEXT) and text["warnings"] == []

    human = run("import", project, _short_page(files["folder"].parent / "again.html",
                                                        "www.gov.cn/x/y"))
    assert "Imported with warnings" in human.out and "again.html" in human.out
    assert "(1 with warnings)" in human.out


def test_text_prints_the_stored_text_and_its_figures(project, files):
    with Project.open(project) as p:
        source = p.import_files([files["txt"]]).imported[0]
    plain = run("text", project, "--source", source.id)
    assert plain.code == 0 and plain.out == TEXT + "\n"
    data = run("text", project, "--source", source.id, "--json").json()
    assert data["text"] == TEXT and data["encoding"] == "utf-8" and data["pages"] == []
    assert data["quality"]["characters"] == len(TEXT) and data["quality"]["verdict"] == "ok"
    assert data["quality"]["measured"] == "import" and data["warnings"] == []
    assert {"title_guess_from", "date_guess_from"} <= set(data)


def test_text_of_a_source_imported_before_the_figures_measures_them_now(project, files):
    with Project.open(project) as p:
        source = p.import_files([files["txt"]]).imported[0]
        p.sources.replace_text(source.id, TEXT, [], metadata={"quality": None})
    data = run("text", project, "--source", source.id, "--json").json()
    assert data["quality"]["measured"] == "now" and data["quality"]["characters"] == len(TEXT)


def test_text_of_a_missing_source_or_project_is_one_sentence(project, tmp_path):
    assert_one_sentence_error(run("text", project, "--source", 42), "42")
    assert_one_sentence_error(run("text", tmp_path / "none.cwb", "--source", 1), "none.cwb")


def test_reextract_keeps_codings_and_dry_run_changes_nothing(project, files):
    with Project.open(project) as p:
        source = p.import_files([files["txt"]]).imported[0]
        p.sources.replace_text(source.id, "旧的封面\n" + TEXT, [])  # as an old importer stored it
        element = p.elements.add("数据共享")
        start = ("旧的封面\n" + TEXT).index("一网通办")
        coding = p.codings.code_text(source.id, start, start + 4, element.id)
    dry = run("reextract", project, "--source", source.id, "--dry-run", "--json")
    assert dry.code == 0, dry.err
    assert dry.json()["sources"][0]["status"] == "changed"
    assert run("text", project, "--source", source.id).out.startswith("旧的封面")
    done = run("reextract", project, "--all")
    assert done.code == 0, done.err
    assert "1 coded passage(s) kept" in done.out
    with Project.open(project, read_only=True) as p:
        assert p.sources.text(source.id) == TEXT
        moved = p.codings.get(coding.id)
        assert TEXT[moved.start:moved.end] == "一网通办"
    assert_one_sentence_error(run("reextract", project, "--source", 99), "99")
