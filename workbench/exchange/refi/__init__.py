"""REFI-QDA project exchange (.qdpx): import into a new project, export a project.

    from workbench.exchange.refi import import_qdpx, export_qdpx
    report = import_qdpx("from_nvivo.qdpx", "study.cwb")
    report = export_qdpx(project, "for_supervisor.qdpx")

Modules: ``safety`` (untrusted archive and XML), ``positions`` (UTF-16 vs code points),
``reading``/``sources_in``/``links_in`` (import), ``writing`` (export), ``report``.
"""
from .reading import import_qdpx
from .report import RefiReport, Skipped
from .safety import ArchiveRefused
from .writing import export_qdpx

__all__ = ["ArchiveRefused", "RefiReport", "Skipped", "export_qdpx", "import_qdpx"]
