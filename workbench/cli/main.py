"""The ``workbench`` command: parse the arguments, run one command, turn errors into a sentence.

``workbench`` alone, ``workbench PROJECT`` or ``workbench --screenshot OUT.png`` open the window;
any first argument that is not a command name is taken as the project to open.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from types import ModuleType

from ..i18n import LANGUAGES, set_language, system_language, tr
from .output import CliError, describe_os_error, use_utf8, warn

# Which module registers and runs each command: a command loads its own module only, so its
# start-up pays for what it uses (tests/cli/test_cli_startup.py keeps this in step with each
# module's COMMANDS). ``--help`` and a mistyped command load them all.
COMMAND_MODULES = {
    **dict.fromkeys(("new", "frameworks", "info", "check", "undo", "redo"), "project_cmds"),
    **dict.fromkeys(("import", "sources"), "source_cmds"),
    "source": "source_edit_cmds",
    **dict.fromkeys(("text", "reextract"), "text_cmds"),
    **dict.fromkeys(("elements", "element", "code", "codings"), "coding_cmds"),
    "framework": "framework_cmds",
    **dict.fromkeys(("relate", "interactions"), "relation_cmds"),
    **dict.fromkeys(("periods", "diagram", "loops"), "path_cmds"),
    **dict.fromkeys(("stats", "cooccur", "matrix", "timeline", "words", "keywords", "dictionary",
                     "search", "retrieve", "autocode", "topics"), "analysis_cmds"),
    "agencies": "agency_cmds",
    "instruments": "instrument_cmds",
    **dict.fromkeys(("export", "report"), "export_cmds"),
    **dict.fromkeys(("import-qdpx", "merge", "agreement"), "exchange_cmds"),
    **dict.fromkeys(("backup", "backups", "restore"), "backup_cmds"),
    "pack": "pack_cmds",
}
MODULE_NAMES = tuple(dict.fromkeys(COMMAND_MODULES.values()))  # in the order of --help
# Top-level options that take a value, so the scan for the first positional can skip it.
_VALUE_OPTIONS = ("--screenshot", "--view", "--language")


def command_module(name: str) -> ModuleType:
    return import_module(f"{__package__}.{name}")


def command_names() -> set[str]:
    return set(COMMAND_MODULES)


class _VersionAction(argparse._VersionAction):
    """``--version`` as argparse shows it, with the package metadata read only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .. import __version__
        self.version = f"workbench {__version__}"
        super().__call__(parser, namespace, values, option_string)


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help=tr("save a picture of the window to OUT.png and quit"))
    parser.add_argument("--view", metavar="NAME", help=tr("the view to show first: coding, framework, cases, memos or diagram"))
    parser.add_argument("--language", choices=sorted(LANGUAGES),
                        help=tr("the language of the window and messages"))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command``'s module only."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        usage="workbench [PROJECT] [--screenshot OUT.png] [--view NAME] [--language en|zh_CN]\n"
              "       workbench COMMAND PROJECT ...",
        description=tr("Case Workbench: code case-study material to a framework. Without a "
                       "command it opens the window, with PROJECT if given."),
        epilog=tr("Run “workbench COMMAND --help” to see a command's options."))
    parser.add_argument("--version", action=_VersionAction)
    _window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", prog="workbench",
                                     title=tr("commands"))
    names = MODULE_NAMES if command not in COMMAND_MODULES else (COMMAND_MODULES[command],)
    for name in names:
        command_module(name).register(commands)
    for sub in commands.choices.values():
        _bound_numbers(sub)
    return parser


_LARGEST = 2 ** 63 - 1  # SQLite's largest integer: ids, offsets and sizes never exceed it


def whole_number(text: str) -> int:
    """``type=int`` for every option, with a sentence for a number nothing can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("“{value}” is not a whole number.", value=text)) from None
    if abs(value) > _LARGEST:
        raise argparse.ArgumentTypeError(tr(
            "{value} is too large; ids, offsets and sizes are at most {largest}.",
            value=text if len(text) <= 30 else text[:27] + "…", largest=_LARGEST))
    return value


def _bound_numbers(parser: argparse.ArgumentParser) -> None:
    # The command modules declare ``type=int``; one place bounds them all.
    for action in parser._actions:
        if action.type is int:
            action.type = whole_number


def build_window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench", description=tr("Open the window, with PROJECT if given."),
        epilog=tr("Run “workbench --help” for the commands."))
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("project", metavar="PROJECT", nargs="?",
                        help=tr("the project file to open"))
    _window_options(parser)
    return parser


def first_positional(argv: Sequence[str]) -> tuple[str | None, str | None]:
    """The first argument that is not an option (or an option's value), and the top-level
    --language if one comes before it."""
    language, index = None, 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            return (argv[index + 1] if index + 1 < len(argv) else None), language
        if arg.startswith("--language="):
            language = arg.split("=", 1)[1]
        elif arg in _VALUE_OPTIONS:
            if arg == "--language" and index + 1 < len(argv):
                language = argv[index + 1]
            index += 1
        elif not arg.startswith("-") or arg == "-":
            return arg, language
        index += 1
    return None, language


def open_window(project: str | None, screenshot: str | None, view: str | None,
                language: str | None) -> int:
    try:
        from ..ui.app import main as window_main
    except ImportError as exc:
        warn(tr("The window cannot be started in this installation ({error}).", error=exc))
        return 1
    return int(window_main(project=project, screenshot=screenshot, view=view,
                           language=language) or 0)


def run(argv: Sequence[str]) -> int:
    first, language = first_positional(argv)
    set_language(language if language in LANGUAGES else system_language())
    if first is not None and first not in command_names():
        if not Path(first).suffix and not Path(first).exists():  # a mistyped command, not a file
            import difflib
            close = difflib.get_close_matches(first, sorted(command_names()), n=1)
            build_parser().error(
                tr("“{name}” is neither a command nor a project file; did you mean “{match}”?",
                   name=first, match=close[0]) if close else
                tr("“{name}” is neither a command nor a project file; “workbench --help” lists "
                   "the commands.", name=first))
        args = build_window_parser().parse_args(argv)
        return open_window(args.project, args.screenshot, args.view, args.language)
    if first is None and not {"-h", "--help"} & set(argv):  # the window, or --version
        args = build_window_parser().parse_args(argv)
        return open_window(args.project, args.screenshot, args.view, args.language)
    args = build_parser(first).parse_args(argv)
    if args.command is None:
        return open_window(None, args.screenshot, args.view, args.language)
    return int(args.func(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``workbench`` script; returns (and exits with) the status."""
    use_utf8()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        status = run(argv)
    except SystemExit as exit_:  # argparse: --help/--version (0) and usage errors (2)
        status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except CliError as exc:
        warn(str(exc))
        status = 1
    except BrokenPipeError:  # e.g. `workbench codings … | head`: the reader has gone
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        warn(tr("Stopped."))
        status = 130
    except OSError as exc:
        warn(describe_os_error(exc))
        status = 1
    except OverflowError:  # a number too large for what it was given to
        warn(tr("A number given is too large; ids, offsets and sizes are at most "
                "9223372036854775807."))
        status = 1
    except Exception as exc:  # never a traceback for the user; WORKBENCH_DEBUG=1 shows it
        if _one_sentence_error(exc):
            warn(str(exc))
            status = 1
        elif str(exc).startswith("Could not decode to UTF-8"):  # a reader without the retry
            warn(tr("The project holds text that is not valid UTF-8 (it was edited outside Case "
                    "Workbench); run “workbench check --repair” on it."))
            status = 1
        elif getattr(exc, "sqlite_errorcode", 0) & 0xFF in (5, 6):  # SQLite's lock, still held
            warn(tr("The project is open elsewhere and busy (another window or program is "
                    "writing to it); nothing was changed here. Try again in a moment."))
            status = 1
        elif os.environ.get("WORKBENCH_DEBUG"):
            raise
        else:
            warn(tr("Something went wrong inside the workbench ({error}); nothing more was "
                    "changed. Please report this.", error=f"{type(exc).__name__}: {exc}"))
            status = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    return status


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at devnull so that does not complain.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _one_sentence_error(exc: Exception) -> bool:
    """The project's own errors, a refused import (a bad manifest) and a bad framework file
    are said in their one sentence. Their modules are looked up, not imported: an error of a
    module that was never loaded cannot have been raised."""
    for module, name in (("workbench.core.errors", "WorkbenchError"),
                         ("workbench.importers.document", "ImportRefused"),
                         ("workbench.core.frameworks", "FrameworkError")):
        kind = getattr(sys.modules.get(module), name, None)
        if kind is not None and isinstance(exc, kind):
            return True
    return False
