"""The exchange commands through the real entry point: import-qdpx, merge, agreement."""
from __future__ import annotations

import shutil

import pytest
from cli_helpers import TEXT, assert_one_sentence_error, run

import refi_builders
from helpers import shared_file
from workbench.core import Project


def _two_coders(tmp_path):
    p = Project.create(tmp_path / "base.cwb", coder="lead")
    element = p.elements.add("协同")
    p.elements.add("空")
    source = p.sources.add(kind="text", title="t", data=TEXT.encode(), text=TEXT)
    p.close()
    shutil.copy(tmp_path / "base.cwb", tmp_path / "bo.cwb")
    shutil.copy(tmp_path / "base.cwb", tmp_path / "ann.cwb")
    for name, (start, end) in (("ann", (0, 6)), ("bo", (2, 8))):
        with Project.open(tmp_path / f"{name}.cwb") as q:
            q.codings.code_text(source.id, start, end, element.id, coder=name.title())
    return tmp_path / "ann.cwb", tmp_path / "bo.cwb"


def test_import_qdpx_json(tmp_path):
    result = run("import-qdpx", shared_file("refi", "samples", "nvivo12.6-win_oltas0517.qdpx"),
                 "--out", tmp_path / "n.cwb", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["done"]["codings"] == 303 and data["done"]["codes"] == 152
    assert set(data["schemes"].values()) == {"UTF-16 units"}


def test_import_qdpx_json_of_a_built_nvivo_file(tmp_path):
    result = run("import-qdpx", refi_builders.nvivo_qdpx(tmp_path / "n.qdpx"), "--out",
                 tmp_path / "n.cwb", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["done"]["codings"] == refi_builders.NVIVO_CODINGS and data["done"]["codes"] == 8
    assert set(data["schemes"].values()) == {"UTF-16 units"}


@pytest.mark.parametrize("built", [False, True], ids=["sample", "built"])
def test_import_qdpx_text_lists_what_was_left_out(tmp_path, built):
    archive = (refi_builders.atlas_qdpx(tmp_path / "a.qdpx") if built else
               shared_file("refi", "samples", "atlasti8.4-mac_spec-annexA2_TestProject.qdpx"))
    result = run("import-qdpx", archive, "--out", tmp_path / "a")
    assert result.code == 0, result.err
    assert (tmp_path / "a.cwb").exists()
    assert "Left out" in result.out and "not in the archive" in result.out


def test_import_qdpx_refuses_in_one_sentence(tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    assert_one_sentence_error(run("import-qdpx", bad, "--out", tmp_path / "x.cwb"),
                              "not a readable .qdpx")
    assert not (tmp_path / "x.cwb").exists()
    (tmp_path / "exists.cwb").write_bytes(b"")
    codebook = refi_builders.taguette_qdc(tmp_path / "t.qdc")
    assert_one_sentence_error(run("import-qdpx", codebook,
                                  "--out", tmp_path / "exists.cwb"), "already exists")


def test_merge_and_agreement(tmp_path):
    ann, bo = _two_coders(tmp_path)
    merged = tmp_path / "m.cwb"
    result = run("merge", ann, bo, "--out", merged, "--json")
    assert result.code == 0, result.err
    assert result.json()["added"]["codings"] == 2
    result = run("agreement", merged, "--coders", "Ann,Bo", "--json")
    assert result.code == 0, result.err
    data = result.json()
    rows = {r["path"]: r for r in data["elements"]}
    assert rows["协同"]["counts"]["both"] == 4
    assert rows["空"]["kappa"] is None  # undefined, written as null
    result = run("agreement", merged, "--unit", "segment", "--overlap", "0.5")
    assert result.code == 0, result.err
    assert "kappa" in result.out and "—" in result.out


def test_agreement_errors_are_one_sentence(tmp_path):
    ann, _bo = _two_coders(tmp_path)
    assert_one_sentence_error(run("agreement", ann, "--coders", "Ann,Nobody"), "Nobody")
    assert_one_sentence_error(run("agreement", ann, "--overlap", "2"), "overlap")
    assert_one_sentence_error(run("merge", ann, "--out", tmp_path / "m.cwb"), "at least two")


def test_export_format_qdpx_and_new_from_qdpx_round_trip(tmp_path):
    from cli_helpers import run as run_cli

    from workbench.core import Project

    first = tmp_path / "a.cwb"
    with Project.create(first, title="交换") as p:
        element = p.elements.add("数据共享")
        source = p.sources.add(kind="text", title="新闻", data="数据共享平台上线。".encode(),
                               text="数据共享平台上线。")
        p.codings.code_text(source.id, 0, 4, element.id)
    exported = run_cli("export", first, "--format", "qdpx", "--out", tmp_path / "a.qdpx")
    assert exported.code == 0, exported.err
    created = run_cli("new", tmp_path / "b.cwb", "--from", tmp_path / "a.qdpx", "--json")
    assert created.code == 0, created.err
    with Project.open(tmp_path / "b.cwb", read_only=True) as p:
        [coding] = p.codings.list()
        assert (coding.snippet, coding.element_name) == ("数据共享", "数据共享")
