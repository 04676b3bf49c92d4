"""Issuing agencies and the spellings that mean the same agency (简称 → 全称).

Policy documents name their agencies as they please (国家发展改革委, 国家发改委, 发改委); the
joint-issuance network and its tables must count one agency once. The researcher's own list lives
in the project (undoable, travels with the file); a shipped list of common short names
(``resources/agencies/aliases.toml``) fills in below it.
"""
from __future__ import annotations

import re
from functools import cache

from ..i18n import tr
from ..resources import resource_path
from .errors import InvalidInputError
from .part import Part, check_name

_SEPARATORS = re.compile(r"[\s、，,;；/]+")


@cache
def shipped_aliases() -> dict[str, str]:
    import tomllib  # loaded when first used: the listing commands start without it

    path = resource_path("agencies", "aliases.toml")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {str(k).strip(): str(v).strip() for k, v in data.get("aliases", {}).items()}


def split_agencies(text: str) -> list[str]:
    """"国家发展改革委 教育部、科技部" → three names (spaces, 、 ，, ; and / separate)."""
    return [p for p in (part.strip() for part in _SEPARATORS.split(text or "")) if len(p) >= 2]


class Agencies(Part):
    def aliases(self) -> dict[str, str]:
        """The project's own list: spelling → the name it stands for."""
        return {r["alias"]: r["canonical"] for r in self._db.query(
            "SELECT alias, canonical FROM agency_aliases ORDER BY alias")}

    def set_alias(self, alias: str, canonical: str) -> None:
        """Count ``alias`` as ``canonical`` from now on (replacing an earlier choice)."""
        alias = check_name(alias, "agency")
        canonical = check_name(canonical, "agency")
        if alias == canonical:
            raise InvalidInputError(tr("“{name}” cannot stand for itself; name the full name "
                                       "it stands for.", name=alias))
        with self._operation("Merge agency names"):
            row = self._db.scalar("SELECT id FROM agency_aliases WHERE alias = ?", (alias,))
            if row is None:
                self._db.insert("agency_aliases", {"alias": alias, "canonical": canonical})
            else:
                self._db.update("agency_aliases", row, {"canonical": canonical})

    def remove_alias(self, alias: str) -> None:
        with self._operation("Merge agency names"):
            row = self._db.scalar("SELECT id FROM agency_aliases WHERE alias = ?",
                                  (alias.strip(),))
            if row is None:
                raise InvalidInputError(tr("“{name}” is not in the list of agency names.",
                                           name=alias))
            self._db.delete("agency_aliases", row)

    def canonical(self, name: str, own: dict[str, str] | None = None) -> str:
        """The name an agency is counted under: the researcher's list decides (followed through
        a chain a → b → c, never round a loop); a name it does not cover goes through the
        shipped list once, and the researcher's list is then asked about the result."""
        own = self.aliases() if own is None else own
        name = name.strip()
        if name not in own:
            name = shipped_aliases().get(name, name)
        seen = set()
        while name in own and name not in seen:
            seen.add(name)
            name = own[name]
        return name

    def of_source(self, source, own: dict[str, str] | None = None) -> list[str]:
        """A source's issuing agencies, each under its counted name, in order, once each."""
        names = split_agencies(source.agency)
        own = self.aliases() if own is None else own
        return list(dict.fromkeys(self.canonical(n, own) for n in names))
