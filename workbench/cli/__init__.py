"""The ``workbench`` command line: prints, never draws. Calls only the public API of
``workbench.core``; the entry point is :func:`workbench.cli.main.main`."""
