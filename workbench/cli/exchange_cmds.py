"""Commands of this area are being written; the module is registered so that adding them
touches only this file."""
from __future__ import annotations

COMMANDS: tuple[str, ...] = ()


def register(commands) -> None:
    """Add this module's subcommands to the parser (none yet)."""
