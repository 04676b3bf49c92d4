"""``Project``: one study, one file. The API the window, the command line and scripts all use.

    with Project.create("city.cwb", title="智慧政府", framework="joined-up-government") as p:
        report = p.import_files(["news/"])
        coding = p.codings.code_text(source_id, 10, 42, element_id)
        p.undo()

Every method that changes something is one committed, undoable operation and notifies
``subscribe``d listeners with a :class:`Change` naming the tables it touched.
"""
from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..i18n import tr
from . import store
from .agencies import Agencies
from .backups import Backups
from .cases import Cases
from .coders import Coders
from .codings import Codings
from .diagrams import Diagrams
from .dictionary import Dictionary
from .element_keywords import ElementKeywords
from .elements import Elements
from .errors import InvalidInputError, ProjectFileError
from .interactions import Interactions
from .matrix_notes import MatrixNotes
from .memos import Memos
from .model import Change, ImportReport, ProjectInfo
from .part import check_name
from .periods import Periods
from .search import Search
from .sources import Sources

PROJECT_SUFFIX = ".cwb"
_INFO_FIELDS = ("title", "description", "research_question", "language")


class Project:
    # Set by open() (workbench/core/trust.py): why a file asked for writing is read-only (the
    # file or folder is not writable, or it failed a check), and the sync-folder/network warning.
    read_only_reason: str | None = None
    check_failed: bool = False
    location_warning: str | None = None

    def __init__(self, db: store.Database, backup: Path | None = None):
        self._db = db
        self.backup_made = backup  # set when opening migrated an older file (the copy's path)
        self._listeners: list[Callable[[Change], None]] = []
        self.coders = Coders(self)
        self.elements = Elements(self)
        self.sources = Sources(self)
        self.cases = Cases(self)
        self.codings = Codings(self)
        self.periods = Periods(self)
        self.interactions = Interactions(self)
        self.memos = Memos(self)
        self.diagrams = Diagrams(self)
        self.dictionary = Dictionary(self)
        self.matrix_notes = MatrixNotes(self)
        self.search = Search(self)
        self.element_keywords = ElementKeywords(self)
        self.agencies = Agencies(self)  # issuing agencies' spellings (policy documents)
        self.backups = Backups(self)  # rolling backups in the user's data folder

    # ----- lifecycle -----------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, *, title: str = "", language: str = "zh",
               framework: str | None = None, coder: str | None = None) -> "Project":
        """Make a new project file. ``framework`` is a bundled template id or a .toml path."""
        path = Path(path)
        if path.exists():
            raise ProjectFileError(
                tr("{path} already exists; choose another name or open it.", path=path))
        if not path.parent.is_dir():
            raise ProjectFileError(tr("The folder {folder} does not exist.", folder=path.parent))
        template = None
        if framework:
            from .frameworks import load_template
            template = load_template(framework)  # fail before creating anything
        try:
            path.touch(exist_ok=False)
        except OSError as exc:
            raise ProjectFileError(tr("{path} cannot be created ({reason}).",
                                      path=path, reason=exc.strerror)) from None
        try:
            db = store.Database.connect(path, create=True)
            store.initialise(db)
            project = cls(db)
            project._seed(title or path.stem, language, coder or _login_name(), template)
        except BaseException:
            try:
                db.close()  # type: ignore[possibly-undefined]
            except Exception:
                pass
            path.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: str | os.PathLike, *, read_only: bool = False) -> "Project":
        """Open ``path``; a file or folder that cannot be written, or a file that fails its
        checks, opens read-only with ``read_only_reason`` saying why (see core/trust.py)."""
        from .trust import open_checked
        opening = open_checked(Path(path), read_only)
        project = cls(opening.db, opening.backup)
        project.read_only_reason = opening.read_only_reason
        project.check_failed = opening.check_failed
        project.location_warning = opening.location_warning
        if not project.read_only:  # a copy found at a new place starts its own backups here
            project.backups.note_opened()
        return project

    @property
    def closed(self) -> bool:
        return self._db.conn is None

    def close(self) -> None:
        wrote = self._db.conn is not None and not self._db.read_only
        self._db.close()
        if wrote:  # this machine left the file sound: the next open needs no quick_check
            from .trust import remember
            remember(self.path)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    def _seed(self, title: str, language: str, coder: str, template) -> None:
        # Direct inserts, not undoable: undoing past a project's creation makes no sense.
        db = self._db
        with db.transaction():
            store.seed_rows(db, title=title, language=language, coder=check_name(coder, "coder"),
                            framework=template.id if template else "")
        if template is not None:
            self.elements.apply_template(template, language)
            self.clear_history()  # the starting framework is not an undoable step

    # ----- change notification and undo ---------------------------------------------------
    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    @contextmanager
    def _operation(self, label: str, batch: str | None = None) -> Iterator[store.StepResult]:
        outermost = self._db._depth == 0
        with self._db.operation(label, batch) as step:
            yield step
        if outermost and step.tables:
            self._notify(Change(label, frozenset(step.tables), "do"))

    def grouped(self, label: str):
        """Group several changes into one atomic, undoable step, e.g. in-vivo coding (add an
        element, code the selection) or filling cases from a sheet. ``label`` is a fixed English
        phrase that the window translates for its Undo menu item."""
        return self._operation(label)

    def undo(self) -> Change:
        """Undo the newest operation (a whole import batch counts as one)."""
        result = self._db.undo()
        self._texts_changed(result.tables)
        change = Change(result.label, frozenset(result.tables), "undo")
        self._notify(change)
        return change

    def redo(self) -> Change:
        result = self._db.redo()
        self._texts_changed(result.tables)
        change = Change(result.label, frozenset(result.tables), "redo")
        self._notify(change)
        return change

    def _texts_changed(self, tables) -> None:
        """A re-extracted text undone or redone: the codings' cached text is stale (it is keyed
        by the original's sha256, which a re-extraction keeps)."""
        if "source_texts" in tables:
            self.codings._forget_cached()

    def clear_history(self) -> None:
        """Forget every undo and redo step (for a freshly built file such as the demo)."""
        self._db.clear_history()

    def undo_label(self) -> str | None:
        """What ``undo()`` would undo, e.g. "Code passage"; None when there is nothing."""
        return self._db.history_label("undo")

    def redo_label(self) -> str | None:
        return self._db.history_label("redo")

    # ----- the study itself ---------------------------------------------------------------
    def info(self) -> ProjectInfo:
        row = self._db.one(
            "SELECT p.*, c.name AS coder FROM project_info p "
            "LEFT JOIN coders c ON c.id = p.current_coder_id WHERE p.id = 1")
        return ProjectInfo(row["guid"], row["title"], row["description"],
                           row["research_question"], row["language"], row["framework"],
                           row["created"], row["coder"] or "")

    def update_info(self, **fields: str) -> ProjectInfo:
        unknown = set(fields) - set(_INFO_FIELDS)
        if unknown:
            raise InvalidInputError(
                tr("A project has no field {fields}.", fields=", ".join(sorted(unknown))))
        if "language" in fields and fields["language"] not in ("zh", "en"):
            raise InvalidInputError(tr("The project language must be zh or en."))
        with self._operation("Edit project details"):
            self._db.update("project_info", 1, fields)
        return self.info()

    @property
    def language(self) -> str:
        return self.info().language

    def counts(self) -> dict[str, int]:
        return store.counts(self._db)

    def schema_version(self) -> int:
        return store.schema_version(self._db)

    def file_size(self) -> int:
        return self.path.stat().st_size

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and the project's own invariants."""
        return store.check(self._db)

    def diagnose(self) -> list:
        """The project doctor's findings (``store.findings.Finding``); [] = healthy."""
        from .doctor import diagnose
        return diagnose(self)

    def repair(self, findings=None):
        """Back up, then repair what can be repaired safely; see :mod:`workbench.core.doctor`."""
        from .doctor import repair
        return repair(self, findings)

    def import_files(self, paths: Iterable[str | os.PathLike], **options: Any) -> ImportReport:
        """Import files and folders; see :func:`workbench.importers.batch.import_files`."""
        from ..importers.batch import import_files
        return import_files(self, paths, **options)

    def space_usage(self) -> dict:
        """Bytes of the file by what they hold; see :func:`store.health.space_usage`."""
        from .store.health import space_usage
        return space_usage(self._db)


def _login_name() -> str:
    try:
        return getpass.getuser() or "coder"
    except Exception:  # no login name in some containers and services
        return "coder"
