"""Exchange files damaged by hypothesis: REFI-QDA projects (.qdpx) and codebooks (.qdc) read
into a new project as ``workbench import`` does, codebooks (.qdc, .xlsx, .csv) read into an open
project as ``workbench framework --import`` does, and manifests (.csv, .xlsx) given to
``Project.import_files`` as ``workbench add --manifest`` does.

Each example either completes (the new or changed project passes ``check()``, every text whole)
or raises one of the project's own errors whose sentence names the file, and then no project file
is left behind (new projects) or the open project's counts are unchanged (codebooks, manifests).
"""
from __future__ import annotations

import uuid

import pytest
from hypothesis import given

from fuzz import seeds
from fuzz.fuzzkit import assert_one_sentence, check_new_project, examples, refusal_of
from fuzz.mutations import damaged
from workbench.core import Project
from workbench.exchange.codebook import import_codebook
from workbench.exchange.refi import import_qdpx

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _new_project_from(tmp_path, data: bytes, suffix: str, outcomes: dict) -> None:
    """import_qdpx into a new file: complete, or one sentence and no file left."""
    path = tmp_path / f"交换{suffix}"
    path.write_bytes(data)
    out = tmp_path / f"{uuid.uuid4().hex}.cwb"
    report, refusal = refusal_of(lambda: import_qdpx(path, out))
    if refusal is None:
        check_new_project(out)
        for skipped in report.skipped:
            assert skipped.reason.strip() and "Traceback" not in skipped.reason
        out.unlink()
        outcomes["imported"] = outcomes.get("imported", 0) + 1
        return
    assert_one_sentence(refusal, path.name)
    assert not out.exists(), "a refused import left a project file behind"
    outcomes["refused"] = outcomes.get("refused", 0) + 1
    # The next import of a valid file still works (nothing global was left half-done).
    valid = tmp_path / "valid.qdpx"
    valid.write_bytes(seeds.qdpx_seeds()[1])
    import_qdpx(valid, out)
    check_new_project(out)
    out.unlink()


def test_seed_projects_import(tmp_path):
    outcomes: dict = {}
    for data in seeds.qdpx_seeds():
        _new_project_from(tmp_path, data, ".qdpx", outcomes)
    for data in seeds.qdc_seeds():
        _new_project_from(tmp_path, data, ".qdc", outcomes)
    assert outcomes == {"imported": len(seeds.qdpx_seeds()) + len(seeds.qdc_seeds())}


def test_fuzzed_qdpx(tmp_path):
    outcomes: dict = {}

    @examples(200)
    @given(damaged(seeds.qdpx_seeds(), zipped=True))
    def run(data: bytes) -> None:
        _new_project_from(tmp_path, data, ".qdpx", outcomes)

    run()
    print(f"outcomes: {outcomes}")


def test_fuzzed_qdc_as_new_project(tmp_path):
    outcomes: dict = {}

    @examples(200)
    @given(damaged(seeds.qdc_seeds(), markup=True))
    def run(data: bytes) -> None:
        _new_project_from(tmp_path, data, ".qdc", outcomes)

    run()
    print(f"outcomes: {outcomes}")


@pytest.fixture
def framework(tmp_path):
    project = Project.create(tmp_path / "framework.cwb", title="fuzz", coder="fuzzer")
    project.elements.add("技术赋能", color="#4E79A7")
    yield project
    project.close()


def _codebook_into(project: Project, tmp_path, data: bytes, suffix: str, outcomes: dict) -> None:
    path = tmp_path / f"编码本{suffix}"
    path.write_bytes(data)
    before = project.counts()
    report, refusal = refusal_of(lambda: import_codebook(project, path))
    if refusal is None:
        for skipped in report.skipped:
            assert skipped.strip() and "Traceback" not in skipped
        outcomes["imported"] = outcomes.get("imported", 0) + 1
    else:
        assert_one_sentence(refusal, path.name)
        assert project.counts() == before, "a refused codebook changed the project"
        outcomes["refused"] = outcomes.get("refused", 0) + 1
    assert project.check() == []


@pytest.mark.parametrize("suffix, count", [(".qdc", 200), (".xlsx", 150), (".csv", 200)])
def test_fuzzed_codebook_into_a_project(framework, tmp_path, suffix, count):
    corpus = [seeds.codebook_project_files()[suffix]]
    if suffix == ".qdc":
        corpus = seeds.qdc_seeds()
    outcomes: dict = {}

    @examples(count)
    @given(damaged(corpus, markup=suffix == ".qdc", zipped=suffix == ".xlsx"))
    def run(data: bytes) -> None:
        _codebook_into(framework, tmp_path, data, suffix, outcomes)

    run()
    print(f"outcomes: {outcomes}")
    assert outcomes.get("imported", 0) >= 1


@pytest.mark.parametrize("suffix, count", [(".csv", 200), (".xlsx", 150)])
def test_fuzzed_manifest(framework, tmp_path, suffix, count):
    outcomes: dict = {}

    @examples(count)
    @given(damaged(seeds.manifest_seeds()[suffix], zipped=suffix == ".xlsx"))
    def run(data: bytes) -> None:
        manifest = tmp_path / f"清单{suffix}"
        manifest.write_bytes(data)
        document = tmp_path / "通知.txt"
        document.write_text(f"通知正文 {uuid.uuid4().hex}。", encoding="utf-8")
        before = framework.counts()
        report, refusal = refusal_of(
            lambda: framework.import_files([document], manifest=manifest))
        if refusal is None:
            assert len(report.imported) == 1, report.refused
            for note in report.notes:
                assert note.strip() and "\n" not in note and "Traceback" not in note
            outcomes["imported"] = outcomes.get("imported", 0) + 1
        else:
            assert_one_sentence(refusal, manifest.name)
            assert framework.counts() == before
            outcomes["refused"] = outcomes.get("refused", 0) + 1
        assert framework.check() == []

    run()
    print(f"outcomes: {outcomes}")
    assert outcomes.get("imported", 0) >= 1
