"""A command loads only what it needs: the table of which module runs each command matches the
modules, and the modules a start-up imports are counted (how fast: benchmarks/bench_cli.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_helpers import cli_env

from workbench.cli import main as cli_main


def test_each_command_is_run_by_the_module_the_table_names():
    for name in cli_main.MODULE_NAMES:
        module = cli_main.command_module(name)
        assert {c for c, m in cli_main.COMMAND_MODULES.items() if m == name} == \
            set(module.COMMANDS), name


def _loaded_by(*argv: str) -> set[str]:
    """The workbench modules (and heavy libraries) loaded by ``workbench argv`` in a fresh
    process, the command run as the entry point runs it."""
    script = ("import json, sys\nfrom workbench.cli.main import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
              "sys.stdout.flush()\n"
              "print('\\nMODULES', json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True,
                          env=cli_env(), timeout=120)
    line = done.stderr.decode().rsplit("MODULES ", 1)[1]
    return set(json.loads(line))


def test_version_loads_neither_the_project_api_nor_any_command():
    loaded = _loaded_by("--version")
    assert not {m for m in loaded if m.startswith(("workbench.core", "workbench.importers",
                                                   "workbench.analysis", "workbench.exporters",
                                                   "workbench.exchange"))}
    assert not {m for m in loaded if m.endswith("_cmds")}
    assert "tomllib" not in loaded  # English needs no catalogue


@pytest.mark.parametrize("argv, own", [
    (["search", "missing.cwb", "数据"], "workbench.cli.analysis_cmds"),
    (["info", "missing.cwb"], "workbench.cli.project_cmds"),
])
def test_a_command_loads_its_own_module_and_no_importer(argv, own):
    loaded = _loaded_by(*argv)
    assert {m for m in loaded if m.endswith("_cmds")} == {own}
    assert not {m for m in loaded if m.startswith("workbench.importers")}
    assert not {"PySide6", "lxml", "docx", "openpyxl", "matplotlib", "jieba",
                "importlib.metadata"} & loaded


@pytest.mark.parametrize("argv", [["retrieve", "--json"], ["cooccur"], ["codings", "--json"],
                                  ["search", "数据"]])
def test_a_listing_command_loads_no_exporter_importer_or_qt(project, argv):
    # A real project, so the command runs through (a missing file stops before its work)
    loaded = _loaded_by(argv[0], str(project), *argv[1:])
    assert {m for m in loaded if m.endswith("_cmds")} == \
        {f"workbench.cli.{cli_main.COMMAND_MODULES[argv[0]]}"}
    assert not {m for m in loaded if m.startswith(("workbench.exporters", "workbench.importers",
                                                   "workbench.exchange", "workbench.ui"))}
    assert not {"PySide6", "logging", "importlib.metadata"} & loaded
    assert "subprocess" not in loaded  # only macOS asks a program where the file is mounted
    # A file never backed up has no line of copies to look into when opened for writing (as
    # search opens it, to bring its index up to date): no name-based ids are made.
    assert "uuid" not in loaded
    # Nor what only building a demo or reading a TOML file (a framework, agency names) needs.
    assert not {"tomllib", "workbench.demo"} & loaded
