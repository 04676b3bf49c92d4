"""`workbench source PROJECT N`: edit a source's details and settle guessed dates from the CLI."""
from __future__ import annotations

from cli_helpers import assert_one_sentence_error, run

from workbench.core import Project


def _guessed(path, tmp_path, names):
    """Sources whose dates the importer guessed from their file names."""
    files = []
    for name in names:
        f = tmp_path / name
        f.write_text(f"关于推进一网通办的通知\n{name}的正文。", encoding="utf-8")
        files.append(f)
    with Project.open(path) as p:
        report = p.import_files(files)
        ids = [s.id for s in report.imported]
        guesses = {i: p.sources.get(i).metadata.get("date_guess") for i in ids}
    return ids, guesses


def test_edit_the_details_of_a_source(coded_project):
    path, text_id = coded_project["path"], coded_project["text_id"]
    done = run("source", path, text_id, "--title", "关于深化改革的通知", "--date", "2022-03",
               "--type", "policy", "--agency", "江临市人民政府办公室",
               "--number", "江府办发〔2022〕43号", "--case", "江临市", "--case", "东湖区", "--json")
    assert done.code == 0, done.err
    row = done.json()
    assert row["title"] == "关于深化改革的通知" and row["date"] == "2022-03"
    assert row["agency"] == "江临市人民政府办公室" and row["document_number"] == "江府办发〔2022〕43号"
    assert sorted(row["cases"]) == ["东湖区", "江临市"]
    with Project.open(path) as p:
        assert p.undo_label() == "Edit source details"
        p.undo()  # the whole command is one step
        assert p.sources.get(text_id).title != "关于深化改革的通知"
        assert not p.sources.get(text_id).cases
    shown = run("source", path, text_id)
    assert shown.code == 0 and "Title" in shown.out


def test_guessed_dates_are_confirmed_or_rejected(project, tmp_path):
    ids, guesses = _guessed(project, tmp_path, ["20230317通知.txt", "2021-06-01报道.txt"])
    assert all(guesses.values()), guesses
    accepted = run("source", project, ids[0], "--accept-guess", "--json")
    assert accepted.code == 0, accepted.err
    assert accepted.json()["date"] == guesses[ids[0]]
    rejected = run("source", project, ids[1], "--reject-guess", "--json")
    assert rejected.json()["date"] is None and rejected.json()["date_guess"] is None
    again = run("source", project, ids[1], "--accept-guess")
    assert_one_sentence_error(again, "no guessed date")


def test_every_guessed_date_at_once(project, tmp_path):
    ids, guesses = _guessed(project, tmp_path, ["20190101a.txt", "20200202b.txt"])
    done = run("source", project, "--all-guessed", "--accept-guess", "--json")
    assert done.code == 0, done.err
    assert {r["id"]: r["date"] for r in done.json()} == guesses


def test_bad_requests_are_one_sentence(coded_project):
    path = coded_project["path"]
    assert_one_sentence_error(run("source", path, 999, "--title", "x"), "999")
    assert_one_sentence_error(run("source", path, coded_project["text_id"], "--date", "2022-13"))
    assert_one_sentence_error(run("source", path, "--accept-guess"), "--all-guessed")
    huge = run("source", path, "99999999999999999999")
    assert huge.code == 2 and "Traceback" not in huge.err


def test_source_attributes_are_set_and_cleared(coded_project):
    path, text_id = coded_project["path"], coded_project["text_id"]
    done = run("source", path, text_id, "--attribute", "效力级别=地方规范性文件",
               "--attribute", "时效性=现行有效", "--json")
    assert done.code == 0, done.err
    assert done.json()["attributes"] == {"效力级别": "地方规范性文件", "时效性": "现行有效"}
    cleared = run("source", path, text_id, "--attribute", "时效性=", "--json")
    assert cleared.json()["attributes"] == {"效力级别": "地方规范性文件"}
    assert_one_sentence_error(run("source", path, text_id, "--attribute", "no-equals"),
                              "NAME=VALUE")
