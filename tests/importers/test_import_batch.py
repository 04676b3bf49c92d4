"""Importing a batch into a project: every good file goes in, each bad one gets one sentence."""
import docx

from helpers import png_bytes
from workbench.core import Project
from workbench.core.progress import Progress

SIMPLIFIED = "江临市政务服务中心推进“一网通办”改革，群众办事最多跑一次，数据共享平台已接入四十二个部门。"
TRADITIONAL = "臺灣地區的數位政府發展經驗顯示，跨機關資料共享需要明確的法規與信任機制。"


def _docx(path, text):
    document = docx.Document()
    document.add_heading("政策文件", level=1)
    document.add_paragraph(text)
    document.save(path)


def test_a_corrupt_docx_in_a_batch_of_five(tmp_path):
    folder = tmp_path / "material"
    folder.mkdir()
    _docx(folder / "1-policy.docx", SIMPLIFIED)
    (folder / "2-broken.docx").write_bytes(b"PK\x03\x04 this is not really a docx")
    (folder / "3-news.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (folder / "4-taiwan.txt").write_bytes(TRADITIONAL.encode("big5"))
    (folder / "5-portal.png").write_bytes(png_bytes(300, 200))
    with Project.create(tmp_path / "p.cwb") as p:
        seen = []
        report = p.import_files([folder], case="江临市", source_type="news",
                                progress=Progress(lambda done, total, name: seen.append(done)))
        assert len(report.imported) == 4
        assert len(report.refused) == 1
        file, reason = report.refused[0]
        assert file.endswith("2-broken.docx")
        assert "2-broken.docx" in reason and "\n" not in reason and "Traceback" not in reason
        assert seen[-1] == 5
        texts = {s.file_name: p.sources.text(s.id) for s in p.sources.list(kind="text")}
        assert SIMPLIFIED in texts["1-policy.docx"]
        assert texts["3-news.txt"] == SIMPLIFIED  # GB18030 decoded right
        assert texts["4-taiwan.txt"] == TRADITIONAL  # Big5 decoded right
        image = p.sources.list(kind="image")[0]
        assert (image.width, image.height) == (300, 200)
        assert all(s.cases == ("江临市",) and s.source_type == "新闻报道" for s in p.sources.list())


def test_the_same_bytes_are_not_imported_twice(tmp_path):
    (tmp_path / "a.txt").write_text("数据共享平台上线运行。", encoding="utf-8")
    (tmp_path / "copy-of-a.txt").write_text("数据共享平台上线运行。", encoding="utf-8")
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([tmp_path / "a.txt", tmp_path / "copy-of-a.txt"])
        assert len(report.imported) == 1
        assert report.duplicates == [(str(tmp_path / "copy-of-a.txt"), "a")]
        again = p.import_files([tmp_path / "a.txt"])
        assert again.imported == [] and len(again.duplicates) == 1


def test_cancelling_stops_between_files_and_keeps_what_was_done(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"第{n}份材料：政务服务改革。", encoding="utf-8")
    progress = Progress()
    progress._on_update = lambda done, total, name: progress.cancel() if done == 2 else None
    with Project.create(tmp_path / "p.cwb") as p:
        report = p.import_files([tmp_path], progress=progress)
        assert report.cancelled and len(report.imported) == 2
        assert len(p.sources.list()) == 2
