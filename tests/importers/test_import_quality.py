"""Every import says how good its text is: figures, and a warning sentence per problem.

Each class of file is built here: a web page of 40 KB markup giving 19 characters, a PDF with a
page without text, GBK bytes read as Latin-1 (mojibake), Kangxi radicals, a folder holding kinds
no importer reads."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbench.core import Project
from workbench.importers.quality import assess_text, sentences

POLICY = "关于推进政务服务“一网通办”的实施意见。各区人民政府、市政府各部门：为深化改革，现提出如下意见。"


def _import(tmp_path: Path, name: str, data: bytes, **options):
    path = tmp_path / name
    path.write_bytes(data)
    project = Project.create(tmp_path / "p.cwb")
    report = project.import_files([path], **options)
    return project, report


def _quality(project: Project, report) -> dict:
    assert len(report.imported) == 1, report.refused
    return project.sources.get(report.imported[0].id).metadata["quality"]


def test_a_good_chinese_text_is_plainly_ok(tmp_path):
    project, report = _import(tmp_path, "policy.txt", POLICY.encode("gb18030"))
    with project:
        q = _quality(project, report)
        assert q["verdict"] == "ok" and q["problems"] == [] and report.with_warnings() == []
        assert q["characters"] == len(POLICY) and q["bytes"] == len(POLICY.encode("gb18030"))
        assert q["cjk_share"] > 0.9 and q["latin_share"] == 0
        assert q["replacement_characters"] == 0 and q["mojibake_characters"] == 0


def _page_with_little_text() -> bytes:
    style = "".join(f".c{n} {{ margin: {n}px; padding: {n % 7}px; color: #{n:06x}; }}\n"
                    for n in range(900))
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title>"
            f"<style>{style}</style></head><body><div>see www.gov.cn/x/1 now</div>"
            f"</body></html>")
    assert len(page) > 40_000
    return page.encode("utf-8")


def test_a_40_kb_page_giving_19_characters_is_imported_with_a_warning(tmp_path):
    project, report = _import(tmp_path, "news.html", _page_with_little_text())
    with project:
        q = _quality(project, report)
        assert q["visible_characters"] < 30 and q["bytes"] > 40_000
        assert q["verdict"] == "warning"
        assert [p["code"] for p in q["problems"]] == ["short-web"]
        assert report.with_warnings() == [report.imported[0]]
        said = sentences(q)
        assert len(said) == 1 and f"{q['bytes'] // 1024} KB" in said[0] and "\n" not in said[0]


def test_a_page_whose_article_was_dropped_is_found_by_its_markup():
    """The markup holds an article the stored text lacks (e.g. after an early </html>)."""
    article = "<p>" + POLICY * 20 + "</p>"
    markup = f"<html><body><div>www.gov.cn</div></body></html>{article}".encode()
    q = assess_text("www.gov.cn", kind="text", media_type="text/html", data=markup)
    assert [p["code"] for p in q["problems"]] == ["web-lost"]


def _pdf_with_an_empty_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for page in (1, 2, 3):
        if page != 2:
            c.setFont("STSong-Light", 12)
            for n in range(4):
                c.drawString(60, 760 - 20 * n, POLICY[n * 10:n * 10 + 30])
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_a_pdf_with_a_page_without_text_is_imported_with_a_warning(tmp_path):
    project, report = _import(tmp_path, "notice.pdf", _pdf_with_an_empty_page())
    with project:
        q = _quality(project, report)
        assert q["pages"] == 3 and q["pages_without_text"] == [2]
        assert q["verdict"] == "warning"
        said = " ".join(sentences(q))
        assert "2" in said and "OCR" in said


def test_gbk_read_as_latin1_is_suspected_mojibake(tmp_path):
    garbled = " ".join(w.encode("gbk").decode("latin-1") for w in ("关于", "红军", "长征", "的",
                                                                    "决定"))
    project, report = _import(tmp_path, "garbled.txt", f"第一条 {garbled}。\n".encode())
    with project:
        q = _quality(project, report)
        assert q["mojibake_codec"] == "gbk" and q["mojibake_characters"] >= 8
        said = sentences(q)
        assert len(said) == 1 and "GBK" in said[0] and "关于" in said[0]


def test_accented_latin_text_is_not_mojibake():
    q = assess_text("Größe der Fußgängerzone; déjà vu au café de la société; Ärger, Müller",
                    kind="text", media_type="text/plain")
    assert q["mojibake_characters"] == 0 and q["verdict"] == "ok"


def test_utf8_read_as_cp1252_is_suspected_too():
    # cp1252, its five undefined bytes kept as the C1 characters (as Windows does)
    garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                      for b in "关于红军长征".encode())
    q = assess_text(garbled, kind="text", media_type="application/pdf")
    assert q["mojibake_codec"] == "utf-8"


def test_kangxi_radicals_ligatures_and_replacement_characters_are_counted():
    text = "⽅案已经⼜一次修改。\n第二行\ufffd。\nthe ﬁle"
    q = assess_text(text, kind="text", media_type="application/pdf")
    assert q["compatibility_characters"] == 3 and q["replacement_characters"] == 1
    codes = {p["code"]: p for p in q["problems"]}
    assert codes["compatibility"]["example"] == "⽅" and codes["compatibility"]["plain"] == "方"
    assert codes["replacement"]["line"] == 2
    assert len(sentences(q)) == 2


def test_importer_warnings_and_guesses_are_read_when_present():
    class Document:
        kind, media_type, file_name, data = "text", "text/plain", "a.txt", POLICY.encode()
        text, blocks, metadata, ocr_pages = POLICY, [], {"date_guess_from": "file name"}, []
        warnings = ["a.txt: line 3 held a byte that is not GBK."]
        title_guess_from = "first heading"

    from workbench.importers.quality import assess

    q = assess(Document())
    assert q["verdict"] == "warning" and q["title_from"] == "first heading"
    assert q["date_from"] == "file name" and sentences(q) == Document.warnings


def test_low_ocr_confidence_and_ocr_finding_nothing_warn():
    q = assess_text("模糊的文字", kind="image", media_type="image/png", ocr_confidence=0.55)
    assert [p["code"] for p in q["problems"]] == ["ocr-unsure"]
    q = assess_text("", kind="image", media_type="image/png", metadata={"ocr": "yes"})
    assert [p["code"] for p in q["problems"]] == ["ocr-nothing"]
    q = assess_text("", kind="image", media_type="image/png")  # not recognised: nothing to say
    assert q["verdict"] == "ok"


@pytest.mark.slow
def test_an_image_whose_ocr_finds_nothing_is_imported_with_a_warning(tmp_path):
    from helpers import png_bytes

    project, report = _import(tmp_path, "blank.png", png_bytes(400, 200), ocr=True)
    with project:
        q = _quality(project, report)
        assert q["verdict"] == "warning" and q["problems"][0]["code"] == "ocr-nothing"


def test_every_file_in_a_folder_is_listed_even_kinds_no_importer_reads(tmp_path):
    folder = tmp_path / "material"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(POLICY, encoding="utf-8")
    (folder / "b.xyz").write_bytes(b"whatever")
    (folder / "sub" / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "noext").write_bytes(b"data")
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([folder])
        assert [s.file_name for s in report.imported] == ["a.txt"]
        refused = {Path(f).name: reason for f, reason in report.refused}
        refused.update({Path(f).name: reason for f, reason in report.needs_ocr})
        assert set(refused) == {"b.xyz", "c.doc", "noext"}, refused
        assert ".xyz" in refused["b.xyz"] and refused["b.xyz"].startswith("b.xyz: ")
        assert ".doc" in refused["c.doc"] or "Word" in refused["c.doc"]


def test_a_folder_of_only_unknown_kinds_is_not_reported_as_empty(tmp_path):
    folder = tmp_path / "only"
    folder.mkdir()
    (folder / "x.xyz").write_bytes(b"?")
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([folder])
        assert [Path(f).name for f, _ in report.refused] == ["x.xyz"]


def test_the_metadata_sheet_in_the_folder_is_not_refused(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "a.txt").write_text(POLICY, encoding="utf-8")
    (folder / "sheet.csv").write_text("file,title\na.txt,实施意见\n", encoding="utf-8")
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([folder], manifest=folder / "sheet.csv")
        assert report.refused == [] and [s.title for s in report.imported] == ["实施意见"]


def test_a_word_file_whose_stored_text_lost_most_of_its_runs_warns(tmp_path):
    import docx

    document = docx.Document()
    for _ in range(10):
        document.add_paragraph(POLICY)
    document.save(tmp_path / "a.docx")
    data = (tmp_path / "a.docx").read_bytes()
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    whole = "\n".join([POLICY] * 10)
    assert assess_text(whole, kind="text", media_type=media, data=data)["verdict"] == "ok"
    lost = assess_text(POLICY, kind="text", media_type=media, data=data)
    assert [p["code"] for p in lost["problems"]] == ["word-lost"]


def test_a_text_file_giving_far_fewer_characters_than_its_bytes_warns():
    q = assess_text("abc", kind="text", media_type="text/plain", data=b"x" * 4096)
    assert [p["code"] for p in q["problems"]] == ["short-plain"]
    fine = assess_text(POLICY * 30, kind="text", media_type="text/plain",
                       data=(POLICY * 30).encode("utf-8"))
    assert fine["verdict"] == "ok"


def test_an_mhtml_with_encoded_parts_is_judged_by_its_size_only():
    import base64

    picture = base64.encodebytes(bytes(range(256)) * 40).decode()
    mime = ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\n"
            "Content-Type: text/html\n\n<html><body><p>" + POLICY * 3 + "</p></body></html>\n"
            "--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n" + picture
            + "\n--b--\n").encode()
    q = assess_text(POLICY * 3, kind="text", media_type="multipart/related", data=mime)
    assert q["verdict"] == "ok", q["problems"]
    q = assess_text("www.gov.cn/a/b/c/d", kind="text", media_type="multipart/related", data=mime)
    assert [p["code"] for p in q["problems"]] == ["short-web"]
