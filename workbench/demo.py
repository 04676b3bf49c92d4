"""The demo project a researcher lands in at first launch: a fictional city's smart-government case.

Everything readable lives in ``projects/demo/`` (sources, screenshots, and ``demo.toml``, the
manifest: project details, cases, periods, sources, codings, interactions and memos). This module
turns the manifest into a real project file with the public core API only, so building the demo
also exercises that API end to end:

    build_demo(path, language="zh")   # a new project file at ``path``
    ensure_demo()                     # the user's copy in their data folder, built when needed

Text codings name their passage by quoting it; the offsets are found by searching the source's
stored text, so a quote that is not (or not exactly once) in its source stops the build with an
error naming the coding. That is how the manifest is checked (tests/core/test_demo.py).
No Qt here: the window, the command line and the tests all call it.
"""
from __future__ import annotations

import os
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core import Project, ProjectLockedError, Rect, WorkbenchError
from workbench.core.store import CURRENT_VERSION
from workbench.i18n import tr
from workbench.data_folder import DATA_DIR_ENV, data_dir  # noqa: F401 - the demo's API too
from workbench.resources import project_root, resource_path

MANIFEST = "demo.toml"


class DemoError(WorkbenchError):
    """The demo manifest or its files are wrong; the message names the entry."""


# ----------------------------------------------------------------------------------- where

# The demos: the case study a researcher lands in, and a small policy corpus coded to policy
# instruments (projects/policy-demo) that shows the method of policy-text studies.
DEMO_FOLDERS = {"case": "demo", "policy": "policy-demo"}


def demo_folder(kind: str = "case") -> Path:
    """``projects/<demo>`` in a source checkout; the bundled copy (resources/<demo>) otherwise."""
    folder = project_root() / "projects" / DEMO_FOLDERS[kind]
    if (folder / MANIFEST).is_file():
        return folder
    return resource_path(DEMO_FOLDERS[kind])


def demo_path(kind: str = "case") -> Path:
    """Where the user's own copy of a demo lives (they may change it; rebuild restores it)."""
    return data_dir() / "demo" / ("demo.cwb" if kind == "case" else f"{DEMO_FOLDERS[kind]}.cwb")


# ----------------------------------------------------------------------------------- ensure

def ensure_demo(rebuild: bool = False, language: str = "zh", kind: str = "case") -> Path:
    """Build the demo into ``demo_path()`` when it is missing, unreadable, of another file-format
    version, or when ``rebuild`` is asked for; otherwise leave the user's copy alone.

    The new file is built beside the old one and moved over it in one step, so a crash never
    leaves half a demo. ``language`` applies only when a build happens. Raises
    ``ProjectLockedError`` when a rebuild is asked while the demo is open for writing.
    """
    target = demo_path(kind)
    usable = _usable(target)
    if usable and not rebuild:
        return target
    if usable:
        Project.open(target).close()  # ProjectLockedError if a window still has it open
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.stem}-{uuid.uuid4().hex[:8]}.cwb.tmp")
    try:
        build_demo(temporary, language, demo_folder(kind)).close()
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def _usable(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with Project.open(path, read_only=True) as project:
            return project.schema_version() == CURRENT_VERSION
    except ProjectLockedError:
        return True  # open for writing in a window: it exists and opened fine there
    except (WorkbenchError, OSError):
        return False  # damaged, or older/newer format: rebuild rather than migrate a demo


# ----------------------------------------------------------------------------------- build

def load_manifest(folder: Path | None = None) -> dict[str, Any]:
    path = (folder or demo_folder()) / MANIFEST
    with path.open("rb") as handle:
        return tomllib.load(handle)


def build_demo(path: Path, language: str = "zh", folder: Path | None = None) -> Project:
    """Create the demo project at ``path`` (which must not exist) and return it open.

    ``language`` ("zh" or "en") names the framework's elements, the periods, cases and memos;
    the sources are what they are (Chinese and English)."""
    folder = folder or demo_folder()
    manifest = load_manifest(folder)
    info = manifest["project"]
    project = Project.create(Path(path), title=_loc(info["title"], language), language=language,
                             framework=info["framework"], coder=_loc(info["coder"], language))
    try:
        _Builder(project, folder, language).build(manifest)
        project.clear_history()  # Ctrl+Z in a fresh demo must not start taking it apart
    except BaseException:
        project.close()
        Path(path).unlink(missing_ok=True)
        raise
    return project


def _loc(value: Any, language: str) -> Any:
    """A ``{zh = …, en = …}`` table gives the text of ``language``; anything else is itself."""
    if isinstance(value, dict) and set(value) <= {"zh", "en"}:
        first, other = ("zh", "en") if language.startswith("zh") else ("en", "zh")
        return value.get(first) or value.get(other, "")
    return value


class _Builder:
    def __init__(self, project: Project, folder: Path, language: str):
        self.p, self.folder, self.lang = project, folder, language
        self.elements = {e.template_key: e.id for e in project.elements.list() if e.template_key}
        self.cases: dict[str, str] = {}  # manifest key -> case name
        self.periods: dict[str, int] = {}
        self.sources: dict[str, int] = {}  # file name -> source id
        self.codings: list[int] = []
        self.labels: dict[str, int] = {}
        self.interactions: list[int] = []

    def build(self, manifest: dict[str, Any]) -> None:
        info = manifest["project"]
        self.p.update_info(description=self.t(info.get("description", "")),
                           research_question=self.t(info.get("research_question", "")))
        self.add_cases(manifest.get("attributes", []), manifest.get("cases", []))
        for period in manifest.get("periods", []):
            self.periods[period["key"]] = self.p.periods.add(
                self.t(period["name"]), period.get("start"), period.get("end")).id
        for kind, step in (("elements", self.add_element), ("sources", self.add_source),
                           ("codings", self.add_coding),
                           ("interactions", self.add_interaction), ("memos", self.add_memo)):
            for number, entry in enumerate(manifest.get(kind, []), 1):
                self.guard(kind, number, step, entry)

    def t(self, value: Any) -> Any:
        return _loc(value, self.lang)

    def guard(self, kind: str, number: int, step, entry: dict[str, Any]) -> None:
        """Run ``step(entry)``; a failure is reported naming the manifest entry."""
        # The importers load here, when the demo is built: data_dir() is asked by every
        # command that opens a project, and must not load them.
        from workbench.importers import ImportRefused

        try:
            step(entry)
        except DemoError as exc:
            raise DemoError(_failed(kind, number, entry, str(exc))) from None
        except (WorkbenchError, ImportRefused, KeyError, OSError) as exc:
            detail = (tr("the field {field} is missing", field=exc) if isinstance(exc, KeyError)
                      else str(exc))
            raise DemoError(_failed(kind, number, entry, detail)) from exc

    def element(self, key: str) -> int:
        if key not in self.elements:
            raise DemoError(tr("the framework has no element with the key {key}", key=repr(key)))
        return self.elements[key]

    def add_element(self, entry: dict[str, Any]) -> None:
        """An element beside the framework's (e.g. a second dimension); ``parent`` is a key."""
        parent = self.element(entry["parent"]) if entry.get("parent") else None
        element = self.p.elements.add(self.t(entry["name"]), parent_id=parent,
                                      color=entry.get("color"))
        self.elements[entry["key"]] = element.id

    def add_cases(self, attributes: list[dict], cases: list[dict]) -> None:
        names = {}
        for attribute in attributes:
            names[attribute["key"]] = self.t(attribute["name"])
            self.p.cases.add_attribute(names[attribute["key"]], attribute.get("kind", "text"))
        for case in cases:
            name = self.t(case["name"])
            self.cases[case["key"]] = name
            self.p.cases.add(name, self.t(case.get("description", "")))
            for key, value in case.get("values", {}).items():
                self.p.cases.set_value(name, names[key], self.t(value))

    def add_source(self, entry: dict[str, Any]) -> None:
        from workbench.importers import read_file

        path = self.folder / entry["file"]
        document = read_file(path)  # as a user's import reads it
        unknown = [c for c in entry.get("cases", []) if c not in self.cases]
        if unknown:
            raise DemoError(tr("there is no case with the key {key}", key=repr(unknown[0])))
        source = self.p.sources.add(
            kind=document.kind, title=entry.get("title") or document.title, data=document.data,
            file_name=document.file_name, media_type=document.media_type, text=document.text,
            blocks=document.blocks, encoding=document.encoding, metadata=document.metadata,
            date=entry.get("date") or document.date, source_type=entry.get("type"),
            cases=[self.cases[c] for c in entry.get("cases", [])],
            origin_url=entry.get("origin_url", ""), agency=entry.get("agency", ""),
            document_number=entry.get("document_number", ""),
            capture_time=entry.get("capture_time"), notes=self.t(entry.get("notes", "")),
            width=document.width, height=document.height)
        for name, value in entry.get("attributes", {}).items():
            self.p.sources.set_attribute(name, {source.id: self.t(value)})
        self.sources[path.name] = source.id

    def add_coding(self, entry: dict[str, Any]) -> None:
        name = entry["source"]
        if name not in self.sources:
            raise DemoError(tr("there is no source with the file name {name}", name=repr(name)))
        source_id, element_id = self.sources[name], self.element(entry["element"])
        memo = self.t(entry.get("memo", ""))
        if "rect" in entry:
            coding = self.p.codings.code_region(source_id, Rect(*entry["rect"]), element_id,
                                                memo=memo)
        else:
            start = _find(self.p.sources.text(source_id), entry["quote"], entry.get("occurrence"))
            coding = self.p.codings.code_text(source_id, start, start + len(entry["quote"]),
                                              element_id, memo=memo)
        self.codings.append(coding.id)
        if "label" in entry:
            if entry["label"] in self.labels:
                raise DemoError(tr("the label {label} is used twice", label=repr(entry["label"])))
            self.labels[entry["label"]] = coding.id

    def coding(self, ref: str | int) -> int:
        if isinstance(ref, int) and 1 <= ref <= len(self.codings):
            return self.codings[ref - 1]
        if ref in self.labels:
            return self.labels[ref]
        raise DemoError(tr("the evidence {ref} is no coding label (or number) of the manifest",
                           ref=repr(ref)))

    def add_interaction(self, entry: dict[str, Any]) -> None:
        period = entry.get("period")
        if period is not None and period not in self.periods:
            raise DemoError(tr("there is no period with the key {key}", key=repr(period)))
        kind = self.p.interactions.find_type(entry["type"])  # a typo must not make a new type
        interaction = self.p.interactions.add(
            self.element(entry["from"]), self.element(entry["to"]), kind.name,
            sign=entry.get("sign"), period_id=self.periods.get(period),
            note=self.t(entry.get("note", "")),
            evidence=[self.coding(ref) for ref in entry.get("evidence", [])])
        self.interactions.append(interaction.id)

    def add_memo(self, entry: dict[str, Any]) -> None:
        kind, _, ref = entry["target"].partition(":")
        targets = {"element": lambda: self.element(ref), "coding": lambda: self.coding(ref),
                   "case": lambda: self.p.cases.find(self.cases[ref]).id,
                   "source": lambda: self.sources[ref],
                   "interaction": lambda: self.interactions[int(ref) - 1], "project": lambda: None}
        if kind not in targets:
            raise DemoError(tr("a memo cannot be attached to {target}",
                               target=repr(entry["target"])))
        try:
            target_id = targets[kind]()
        except (KeyError, IndexError, ValueError):
            raise DemoError(_NO_TARGET[kind](repr(ref))) from None
        self.p.memos.add(kind, target_id, title=self.t(entry.get("title", "")),
                         body=self.t(entry.get("body", "")))


def _failed(kind: str, number: int, entry: dict[str, Any], detail: str) -> str:
    """"In demo.toml, coding 3 (label): <detail>": one whole sentence per kind of entry."""
    if kind == "sources":
        return tr("In {manifest}, source {number} ({file}): {detail}", manifest=MANIFEST,
                  number=number, file=entry.get("file"), detail=detail)
    if kind == "codings":
        return tr("In {manifest}, coding {number} ({label}): {detail}", manifest=MANIFEST,
                  number=number, label=entry.get("label", ""), detail=detail)
    if kind == "interactions":
        return tr("In {manifest}, interaction {number}: {detail}", manifest=MANIFEST,
                  number=number, detail=detail)
    return tr("In {manifest}, memo {number} ({target}): {detail}", manifest=MANIFEST,
              number=number, target=entry.get("target"), detail=detail)


# "there is no <kind> '<ref>'", one whole clause per kind of memo target whose look-up can fail
# this way (an unknown element or coding is reported by ``element``/``coding`` themselves).
_NO_TARGET: dict[str, Callable[[str], str]] = {
    "case": lambda ref: tr("there is no case {ref}", ref=ref),
    "source": lambda ref: tr("there is no source {ref}", ref=ref),
    "interaction": lambda ref: tr("there is no interaction {ref}", ref=ref),
}


def _find(text: str, quote: str, occurrence: int | None) -> int:
    """Offset (code points) of ``quote`` in ``text``: its only occurrence, or the n-th (1-based)."""
    if not quote:
        raise DemoError(tr("the quote is empty"))
    starts, at = [], text.find(quote)
    while at >= 0:
        starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        raise DemoError(tr("the quote “{quote}” is not in the source's text", quote=quote))
    if occurrence is None:
        if len(starts) > 1:
            raise DemoError(tr("the quote “{quote}” occurs {count} times; add occurrence = n to "
                               "say which", quote=quote, count=len(starts)))
        return starts[0]
    if not 1 <= occurrence <= len(starts):
        raise DemoError(tr("the quote “{quote}” occurs {count} times, not {occurrence}",
                           quote=quote, count=len(starts), occurrence=occurrence))
    return starts[occurrence - 1]
