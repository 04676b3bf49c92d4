"""import and sources: a mixed batch with a refusal, duplicates, the JSON report and listing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import TEXT, assert_one_sentence_error, cli_env, run

SOURCE_FIELDS = {"id", "guid", "title", "file_name", "kind", "media_type", "source_type", "date",
                 "cases", "origin_url", "capture_time", "text_length", "width", "height",
                 "coding_count"}


def test_import_mixed_files_then_duplicates_then_list(project, files):
    result = run("import", project, files["txt"], files["docx"], files["png"], files["broken"],
                 "--case", "A市", "--type", "news", "--date", "2020-05-01", "--coder", "张三")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "broken.docx" in result.out  # the refusal is reported with its reason
    assert "Imported 3, duplicates 0, refused 1." in result.out

    again = run("import", project, files["txt"], "--json")
    assert again.code == 0, again.err
    report = again.json()
    assert report["imported"] == [] and report["refused"] == []
    assert len(report["duplicates"]) == 1
    assert report["duplicates"][0]["file"].endswith("报告.txt")
    assert report["duplicates"][0]["existing_title"]

    listed = run("sources", project, "--json")
    assert listed.code == 0, listed.err
    sources = listed.json()
    assert len(sources) == 3 and all(set(s) == SOURCE_FIELDS for s in sources)
    by_kind = {s["kind"]: s for s in sources}
    text = next(s for s in sources if s["file_name"] == "报告.txt")
    assert text["text_length"] == len(TEXT)
    assert (text["width"], text["height"]) == (None, None)
    image = by_kind["image"]
    assert (image["width"], image["height"], image["text_length"]) == (200, 100, None)
    for source in sources:
        assert source["cases"] == ["A市"] and source["date"] == "2020-05-01"
        assert source["source_type"] and source["coding_count"] == 0
    human = run("sources", project)
    assert "报告" in human.out and "200×100" in human.out


def test_import_json_report_and_all_refused(project, files, tmp_path):
    first = run("import", project, files["docx"], files["broken"], "--json")
    assert first.code == 0
    report = first.json()
    assert [s["file_name"] for s in report["imported"]] == ["plan.docx"]
    assert {"id", "title", "file_name"} <= set(report["imported"][0])
    assert len(report["refused"]) == 1 and report["refused"][0]["file"].endswith("broken.docx")
    assert report["refused"][0]["reason"]

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    refused = run("import", project, files["broken"], empty)
    assert refused.code == 1 and "Traceback" not in refused.err
    assert "refused 2" in refused.out and "empty.txt" in refused.out


def test_import_errors(project, files, tmp_path):
    missing = run("import", project, tmp_path / "nowhere.docx")
    assert missing.code == 1 and "nowhere.docx" in missing.out and "refused 1" in missing.out
    (tmp_path / "empty").mkdir()
    assert_one_sentence_error(run("import", project, tmp_path / "empty"), "No files")
    bad_date = run("import", project, files["txt"], "--date", "May 2020")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err
    assert run("sources", project, "--json").json() == []


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_progress_bar_only_on_a_terminal(project, files):
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "workbench", "import", str(project),
                               str(files["txt"]), str(files["docx"])],
                              stdout=subprocess.PIPE, stderr=secondary, env=cli_env(),
                              timeout=60)
        os.close(secondary)
        secondary = None
        drawn = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO once the terminal's other end is closed (Linux)
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if secondary is not None:
            os.close(secondary)
        os.close(primary)
    assert proc.returncode == 0
    assert b"2/2" in drawn and b"\r" in drawn
    assert b"2/2" not in proc.stdout and b"Imported 2" in proc.stdout


def test_import_with_a_manifest_and_a_scan_needing_ocr(tmp_path):
    from importers.test_import_pdf import scan_pdf

    project = tmp_path / "m.cwb"
    assert run("new", str(project)).code == 0
    (tmp_path / "notice.txt").write_text("关于推进一网通办的通知。", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(scan_pdf(1))
    sheet = tmp_path / "list.csv"
    sheet.write_text("文件名,标题,日期\nnotice.txt,一网通办通知,2019-03-01\n", encoding="utf-8")
    result = run("import", str(project), str(tmp_path / "notice.txt"), str(tmp_path / "scan.pdf"),
                 "--manifest", str(sheet), "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [s["title"] for s in report["imported"]] == ["一网通办通知"]
    assert [Path(s["file"]).name for s in report["needs_ocr"]] == ["scan.pdf"]
    bad = run("import", str(project), str(tmp_path / "notice.txt"), "--manifest",
              str(tmp_path / "missing.csv"))
    assert_one_sentence_error(bad, "missing.csv")
