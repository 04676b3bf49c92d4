"""Import and text recognition, as the main window does them (a mixin of ``MainActions``).

An import from the File menu asks its options first (import_options.py: OCR, a metadata sheet,
the case/type/date of every file), runs as a background job with progress and Cancel, and ends
with the report (import_report.py), whose scanned files can be imported again with OCR.

Recognising the text of images already in the project: the originals are read on the GUI thread,
the OCR runs on the worker thread without touching the project (the core is used by one thread
at a time), and the text is written on the GUI thread when the job is done, as one undo step.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog

from ..core import Change, WorkbenchError
from ..core.model import ImportReport
from ..core.progress import Progress
from ..i18n import tr
from .import_options import ImportOptions, ImportOptionsDialog
from .import_report import ImportReportDialog, summary_text
from .jobs import Job

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("workbench.ui")


def importable_extensions() -> list[str]:
    try:  # the importers know what they read; the file dialog only offers it as a filter
        from ..importers.registry import SUPPORTED_EXTENSIONS
        return sorted(SUPPORTED_EXTENSIONS)
    except Exception:
        return [".docx", ".txt", ".md", ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"]


@dataclass
class Recognised:
    """What a text-recognition job found: (source id, text, line blocks) per image."""

    texts: list[tuple[int, str, list[dict[str, Any]]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per image not read
    cancelled: bool = False


def recognise_images(images: list[tuple[int, str, bytes]], progress: Progress) -> Recognised:
    """OCR of (source id, name, image bytes) on the worker thread; never touches the project.
    One image: the progress counts its tiles; several: images, with the tiles in the message."""
    from ..importers import ocr
    from ..importers.document import ImportRefused

    found = Recognised()
    single = len(images) == 1
    if not single:
        progress.start(len(images), images[0][1])
    for source_id, name, data in images:
        if progress.cancelled:
            found.cancelled = True
            break
        try:
            lines = ocr.recognise(data, progress=progress if single else progress.child(name),
                                  file_name=name)
        except ocr.OcrCancelled:
            found.cancelled = True
            break
        except ocr.OcrUnavailable:
            raise  # the same for every image: said once
        except ImportRefused as exc:
            found.refused.append(str(exc))
            continue
        text, ranges = ocr.lines_to_text(lines)
        blocks = [{"kind": "ocr-line", "start": start, "end": end, "level": 1,
                   "box": list(line.box)} for line, (start, end) in zip(lines, ranges)]
        found.texts.append((source_id, text, blocks))
        if not single:
            progress.step(name)
    return found


class ImportActions:
    """Import and OCR actions of the main window (mixed into MainWindow via MainActions)."""

    # ----- import --------------------------------------------------------------------------
    def can_import(self: "MainWindow", quiet: bool = False) -> bool:
        if self.project is None:
            message = tr("Open or create a project first; files are imported into the open "
                         "project.")
        elif self.project.read_only:
            message = tr("This project is open read-only; files cannot be imported into it.")
        elif self.job is not None:
            message = tr("Please wait until the current import has finished.")
        else:
            return True
        if not quiet:
            self.tell(message)
        return False

    def import_files_dialog(self: "MainWindow") -> None:
        if not self.can_import():
            return
        patterns = " ".join(f"*{ext}" for ext in importable_extensions())
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("Import files"), self._dialog_folder(),
            f"{tr('Documents and screenshots')} ({patterns});;{tr('All files (*)')}")
        options = self.ask_import_options(paths) if paths else None
        if options is not None:
            self.import_paths(paths, options)

    def import_folder_dialog(self: "MainWindow") -> None:
        if not self.can_import():
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Import folder"), self._dialog_folder())
        options = self.ask_import_options([folder]) if folder else None
        if options is not None:
            self.import_paths([folder], options)

    def ask_import_options(self: "MainWindow", paths: list[str]) -> ImportOptions | None:
        """OCR, metadata sheet, case/type/date for the batch; None when the user cancelled."""
        if self.project is None:
            return None
        dialog = ImportOptionsDialog(self.project, [str(p) for p in paths], self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.options()
        finally:
            dialog.deleteLater()

    def import_paths(self: "MainWindow", paths: list[str | os.PathLike],
                     options: ImportOptions | None = None) -> Job | None:
        """Import files and folders on a worker thread; a report dialog follows."""
        paths = [str(p) for p in paths if str(p)]
        if not paths or not self.can_import():
            return None
        project, options = self.project, options or ImportOptions()
        arguments = options.arguments()
        title = tr("Importing and recognising text…") if options.ocr else tr("Importing files…")
        return self._start_job(
            title, lambda progress: project.import_files(paths, progress=progress, **arguments),
            lambda report: self._import_done(report, options))

    def _import_done(self: "MainWindow", report: ImportReport,
                     options: ImportOptions | None = None) -> None:
        if report.imported and self.viewer.current_source_id() is None:
            first = report.imported[0].id
            self._call_part(self.parts["sources"], "select_source", first)
            self.activate_source(first)
        self.statusBar().showMessage(summary_text(report), 10000)
        self.show_import_report(report, options)

    def show_import_report(self: "MainWindow", report: ImportReport,
                           options: ImportOptions | None = None) -> None:
        dialog = ImportReportDialog(report, self)
        self.last_import_report = dialog
        try:
            dialog.exec()
            scans = dialog.scanned_files() if dialog.ocr_requested else []
        finally:
            dialog.deleteLater()
        if scans:  # the same batch options, now with text recognition
            self.import_paths(scans, replace(options or ImportOptions(), ocr=True))

    # ----- re-extracting the text of sources imported before a fix ------------------------
    def recognise_pdf_pages(self: "MainWindow", source_ids: list[int]) -> Job | None:
        """Re-extract these PDFs recognising their pages without text (scanned pages) by OCR."""
        return self.reextract_texts(source_ids, ocr=True)

    def reextract_texts(self: "MainWindow", source_ids: list[int], *,
                        ocr: bool = False) -> Job | None:
        """Read the text of text sources again from their stored originals, in the background,
        as one undo step; a source whose coded passages would move is left as it was. With
        ``ocr``, PDF pages without text are recognised too."""
        project = self.project
        if project is None or not source_ids:
            return None
        if project.read_only:
            self.tell(tr("This project is open read-only; texts cannot be re-extracted in it."))
            return None
        if self.job is not None:
            self.tell(tr("Please wait until the current import has finished."))
            return None
        from ..importers.reextract import reextract

        ids = [int(i) for i in source_ids]
        return self._start_job(
            tr("Recognising text (OCR)…") if ocr else tr("Re-extracting text…"),
            lambda progress: reextract(project, ids, ocr=ocr, progress=progress),
            self._reextracted, cancellable=False)

    def _reextracted(self: "MainWindow", results: list) -> None:
        self.last_reextract = results
        changed = sum(r.status == "changed" for r in results)
        self.statusBar().showMessage(
            tr("Text re-extracted: {changed} changed, {same} unchanged, {refused} left as they "
               "were.", changed=changed, same=sum(r.status == "same" for r in results),
               refused=sum(r.status in ("refused", "skipped") for r in results)), 10000)
        # The job held its change back (the whole window was refreshed when it ended); say it
        # again by name, so the viewer shows a re-extracted text instead of the old one.
        self._apply_change(Change("Re-extract text", frozenset({"sources", "source_texts",
                                                                "codings"})))
        problems = [r.sentence for r in results if r.status in ("refused", "skipped")]
        if problems:  # what went well is in the status bar; what did not must be read
            self.tell("\n".join(problems))

    # ----- recognising the text of images already in the project ---------------------------
    def recognise_text(self: "MainWindow", source_id: int) -> Job | None:
        return self.recognise_texts([source_id])

    def recognise_current_text(self: "MainWindow") -> Job | None:
        """The menu item: recognise the text of the image shown in the viewer."""
        source_id = self.viewer.current_source_id()
        if source_id is None:
            self.statusBar().showMessage(tr("Choose a source on the left to read and code it."),
                                         5000)
            return None
        return self.recognise_text(source_id)

    def recognise_texts(self: "MainWindow", source_ids: list[int]) -> Job | None:
        """Recognise the text of image sources (OCR) in the background; see the module doc."""
        project = self.project
        if project is None or project.read_only or self.job is not None:
            if project is not None and project.read_only:
                self.tell(tr("This project is open read-only; text cannot be recognised in it."))
            return None
        images: list[tuple[int, str, bytes]] = []
        with self._reported():
            for source_id in source_ids:
                source = project.sources.get(int(source_id))
                if source.kind == "image":
                    images.append((source.id, source.file_name or source.title,
                                   project.sources.original(source.id)))
        if not images:
            self.statusBar().showMessage(tr("Only images get their text from text recognition."),
                                         5000)
            return None
        return self._start_job(tr("Recognising text (OCR)…"),
                               lambda progress: recognise_images(images, progress),
                               self._text_recognised)

    def _text_recognised(self: "MainWindow", found: Recognised) -> None:
        project = self.project
        if project is None:
            return
        problems = list(found.refused)
        written: list[int] = []
        with self._reported(), project.grouped("Recognise text"):
            for source_id, text, blocks in found.texts:
                if not text.strip():
                    problems.append(tr("No text was found in “{title}”.",
                                       title=project.sources.get(source_id).title))
                    continue
                try:  # a refusal comes before any write: the others still go in
                    project.sources.set_recognised_text(source_id, text, blocks)
                    written.append(source_id)
                except WorkbenchError as exc:
                    problems.append(str(exc))
        if found.cancelled:
            message = tr("Text recognition was cancelled; {count} images got their text.",
                         count=len(written))
        else:
            message = tr("Text recognised in {count} images.", count=len(written))
        self.statusBar().showMessage(message, 8000)
        if len(written) == 1 and self.viewer.current_source_id() != written[0]:
            self._call_part(self.parts["sources"], "select_source", written[0])
            self.activate_source(written[0])
        if problems:
            self.tell("\n".join(problems))
