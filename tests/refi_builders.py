"""Small REFI-QDA files with the quirks of each tool's real exports, built here so the exchange
tests run without the public samples in ../shared/refi/samples (CI has those and reads them too).

What each builder copies from its tool (seen in the samples, see ../shared/refi/samples/SOURCES.txt):
* NVivo for Windows: positions in UTF-16 units (astral emoji count twice), plain text as UTF-8
  with a BOM (not counted) and CRLF (the CR counts), folder "Sources/", the original .docx as
  richTextPath, an extra ``xmlns:xsd``, empty ``<Description/>``, a code that is not codable.
* NVivo for Mac: folder "sources/" with a stray ``.root`` file, texts of one newline, deep codes.
* MAXQDA: upper-case GUIDs, plainTextPath only, coloured codes with long descriptions, no
  codings, Sets of sources, LF without BOM.
* ATLAS.ti 8 (the spec's Annex A.2): "Project.qde" capitalised, the hierarchy flattened into
  names such as "Coke::diet Coke", a built-in "ATLAS.ti" user, Notes, a Link, Sets of codes,
  ``relative:///`` media, picture and PDF files missing from the archive.
* ATLAS.ti 23: a blank project (Users only); a project with nested codes and no sources.
* Taguette: a flat .qdc codebook ending in an empty ``<Sets/>`` (not valid against Codebook.xsd).
* Any tool: ``bare_paths`` writes plainTextPath without the ``internal://`` prefix.
"""
from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

NS = 'xmlns="urn:QDA-XML:project:1.0"'
SCHEMA_LOCATION = ('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
                   '"urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/'
                   'v1.0/Project.xsd"')


def guid(label: str, upper: bool = False) -> str:
    """A stable GUID per label (the same label gives the same GUID in every builder)."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, "refi-builders/" + label))
    return value.upper() if upper else value


def utf16(text: str, index: int) -> int:
    """The UTF-16 position of code point ``index``, as NVivo counts it."""
    return len(text[:index].encode("utf-16-le")) // 2


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------- NVivo
# Two texts with astral emoji before the coded words, so code points and UTF-16 units differ.
NVIVO_TEXTS = {
    "comments": "😀😀 Oltás hírek\r\nElső megjegyzés: a vakcina működik 👍 jól.\r\n"
                "Második 🙂 sor: kétkedő vélemény, sok 😡 kérdés.\r\n",
    "replies": "Válasz 🙂🙂: elfogadó hozzáállás.\r\n𠮷 Harmadik sor 😀 vége.\r\n",
}
NVIVO_WORDS = {  # coded words: (text, word, code label, user)
    "comments": [("vakcina", "zöld", "Gergo"), ("kétkedő", "sárga", "floriansipos"),
                 ("kérdés", "piros", "Gergo"), ("Oltás", "COVID", "Gergo")],
    "replies": [("elfogadó", "zöld", "floriansipos"), ("Harmadik", "Nem COVID", "Gergo"),
                ("vége", "sárga", "floriansipos")],
}
NVIVO_CODINGS = sum(len(words) for words in NVIVO_WORDS.values())


def nvivo_qdpx(path: Path, *, bare_paths: bool = False) -> Path:
    """NVivo for Windows 12.6: UTF-16 positions, BOM + CRLF text, "Sources/", .docx originals."""
    prefix = "" if bare_paths else "internal://"
    users = {name: guid("nvivo-user-" + name) for name in ("Gergo", "floriansipos")}
    codes = {label: guid("nvivo-code-" + label) for label in
             ("1. Oltás típusa", "COVID", "Nem COVID", "2. Attitűd", "piros", "sárga", "zöld",
              "Attituderoots")}
    code = lambda label, inner="": (  # noqa: E731
        f'<Code guid="{codes[label]}" name="{label}" isCodable="true"><Description />'
        f'{inner}</Code>')
    codebook = (code("1. Oltás típusa", code("COVID") + code("Nem COVID")) +
                f'<Code guid="{codes["Attituderoots"]}" name="Attituderoots" '
                f'isCodable="false">' +
                code("2. Attitűd", code("piros") + code("sárga") + code("zöld")) + "</Code>")
    members: dict[str, bytes | str] = {}
    sources = []
    for name, text in NVIVO_TEXTS.items():
        source = guid("nvivo-source-" + name)
        selections = []
        for number, (word, label, user) in enumerate(NVIVO_WORDS[name]):
            start = text.index(word)
            selections.append(
                f'<PlainTextSelection guid="{guid(f"nvivo-sel-{name}-{number}")}" name="{word}" '
                f'startPosition="{utf16(text, start)}" '
                f'endPosition="{utf16(text, start + len(word))}" creatingUser="{users[user]}">'
                f'<Description /><Coding guid="{guid(f"nvivo-coding-{name}-{number}")}" '
                f'creatingUser="{users[user]}"><CodeRef targetGUID="{codes[label]}" /></Coding>'
                f'</PlainTextSelection>')
        sources.append(f'<TextSource guid="{source}" name="{name}" '
                       f'richTextPath="{prefix}{source}.docx" plainTextPath="{prefix}{source}.txt" '
                       f'creatingUser="{users["Gergo"]}"><Description />{"".join(selections)}'
                       f'</TextSource>')
        members[f"Sources/{source}.docx"] = _docx(text)
        members[f"Sources/{source}.txt"] = b"\xef\xbb\xbf" + text.encode("utf-8")
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\r\n<Project '
           f'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="Untitled" '
           f'origin="NVivo for Windows 12.6" basePath="" {NS}><Users>' +
           "".join(f'<User guid="{g}" name="{n}" />' for n, g in users.items()) +
           f'</Users><CodeBook><Codes>{codebook}</Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    return _zip(path, {"project.qde": qde, **members})


def nvivo_mac_qdpx(path: Path) -> Path:
    """NVivo for Mac 15: "sources/" with ``.root``, texts of one newline, codes seven deep."""
    nested = ""
    for level in range(7, 0, -1):
        nested = (f'<Code guid="{guid(f"mac-code-{level}")}" name="Level {level}" '
                  f'isCodable="true">{nested}</Code>')
    sources, members = [], {"sources/.root": b""}
    for number in range(2):
        source = guid(f"mac-source-{number}")
        sources.append(f'<TextSource guid="{source}" name="{source}" '
                       f'plainTextPath="internal://{source}.txt"/>')
        members[f"sources/{source}.txt"] = b"\n"
    qde = (f'<?xml version="1.0" encoding="UTF-8" standalone="no" ?><Project basePath="" '
           f'name="qc project" origin="NVivo for Mac 15.0.0" {NS} {SCHEMA_LOCATION}>'
           f'<Users><User guid="{guid("mac-user")}" name="qc"/></Users>'
           f'<CodeBook><Codes>{nested}</Codes></CodeBook>'
           f'<Sources>{"".join(sources)}</Sources></Project>')
    return _zip(path, {**members, "project.qde": qde})


# --------------------------------------------------------------------------------- MAXQDA
MAXQDA_SETS = {"ICLS 2024": ["paper 1", "paper 2"], "ICLS 2025": ["paper 3"]}


def maxqda_qdpx(path: Path, *, bare_paths: bool = False) -> Path:
    """MAXQDA 24: upper-case GUIDs, "sources/", coloured codes, no codings, Sets of sources."""
    prefix = "" if bare_paths else "internal://"
    user = guid("maxqda-user", upper=True)
    themes = "".join(
        f'<Code color="#ef8256" guid="{guid(f"maxqda-code-{n}", upper=True)}" '
        f'name="THEME - {n}" isCodable="true"><Description>Apply this code when a study '
        f'uses idea {n}. ' + "It is long. " * 20 + '</Description></Code>'
        for n in range(4))
    codebook = (f'<Code color="#ef8256" guid="{guid("maxqda-top", upper=True)}" '
                f'name="Additional Themes" isCodable="true"><Description>Themes.</Description>'
                f'{themes}</Code>')
    sources, members, set_members = [], {}, {}
    for set_name, titles in MAXQDA_SETS.items():
        for title in titles:
            source = guid("maxqda-source-" + title, upper=True)
            set_members.setdefault(set_name, []).append(source)
            sources.append(f'<TextSource modifyingUser="{user}" guid="{source}" '
                           f'creatingUser="{user}" creationDateTime="2024-10-18T23:23:46Z" '
                           f'name="{title}" plainTextPath="{prefix}{source}.txt"/>')
            members[f"sources/{source}.txt"] = f"{title}\nLearning sciences text.\n".encode()
    sets = "".join(f'<Set guid="{guid("maxqda-set-" + name, upper=True)}" name="{name}">' +
                   "".join(f'<MemberSource targetGUID="{m}"/>' for m in ms) + "</Set>"
                   for name, ms in set_members.items())
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project {SCHEMA_LOCATION} {NS} '
           f'origin="MAXQDA 24 (Release 24.7.0)" name="themes">\n'
           f'<Users><User guid="{user}" name="johnb"/></Users>\n'
           f'<CodeBook><Codes>{codebook}</Codes></CodeBook>\n'
           f'<Sources>{"".join(sources)}</Sources>\n<Sets>{sets}</Sets>\n</Project>')
    return _zip(path, {**members, "project.qde": qde})


# ------------------------------------------------------------------------------- ATLAS.ti
ATLAS_TEXT = "Coke for breakfast.\nDiet Coke at lunch, cornflakes at night.\n"


def atlas_qdpx(path: Path, *, bare_paths: bool = False) -> Path:
    """ATLAS.ti 8.4 (the spec's example): "A::B" names, Notes, a Link, Sets, missing media."""
    prefix = "" if bare_paths else "internal://"
    g = lambda label: guid("atlas-" + label, upper=True)  # noqa: E731
    builtin, friedrich = "C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B", g("user")
    codes = {name: g("code-" + name) for name in
             ("Coke::full-fat Coke", "Coke::diet Coke", "Coke", "Feelings", "happiness")}
    codebook = "".join(f'<Code color="#F00082" isCodable="true" name="{name}" guid="{cg}">'
                       + ("<Description>thoughts about breakfast foods</Description>"
                          if name == "Feelings" else "") + "</Code>"
                       for name, cg in codes.items())

    def selection(label, word, code):
        start = ATLAS_TEXT.index(word)
        return (f'<PlainTextSelection guid="{g("sel-" + label)}" name="{word}" '
                f'startPosition="{start}" endPosition="{start + len(word)}" '
                f'creatingUser="{friedrich}"><Coding guid="{g("coding-" + label)}" '
                f'creatingUser="{friedrich}"><CodeRef targetGUID="{codes[code]}"/></Coding>'
                f'</PlainTextSelection>')

    text_guid = g("text")
    picture = (f'<PictureSource path="{prefix}{g("jpg")}.jpg" guid="{g("picture")}" '
               f'name="cornflakes-n-milk.jpg"><PictureSelection firstX="267" firstY="1" '
               f'secondX="400" secondY="90" guid="{g("picsel")}"><Coding guid="{g("piccoding")}">'
               f'<CodeRef targetGUID="{codes["happiness"]}"/></Coding></PictureSelection>'
               f'</PictureSource>')
    pdf = (f'<PDFSource path="{prefix}{g("pdf")}.pdf" guid="{g("pdfsource")}" '
           f'name="Passion for Nutrition.pdf"><Representation plainTextPath='
           f'"{prefix}{g("pdftext")}.txt" guid="{g("representation")}"/></PDFSource>')
    media = "".join(f'<{tag} path="relative:///{g(tag)}.{ext}" guid="{g(tag + "-source")}" '
                    f'name="Breakfast.{ext}"/>' for tag, ext in
                    (("AudioSource", "m4a"), ("VideoSource", "mp4")))
    sources = (f'<TextSource plainTextPath="{prefix}{text_guid}.txt" guid="{g("source")}" '
               f'name="1960s Coca Cola commercial">'
               f'{selection("diet", "Diet Coke", "Coke::diet Coke")}'
               f'{selection("coke", "Coke", "Coke::full-fat Coke")}'
               f'{selection("corn", "cornflakes", "Feelings")}</TextSource>'
               f'{picture}{pdf}{media}')
    note = (f'<Note guid="{g("note")}" name="Research Plan" creatingUser="{friedrich}">'
            f'<PlainTextContent>day to day log</PlainTextContent></Note>')
    link = (f'<Link direction="OneWay" color="#000000" originGUID="{codes["Feelings"]}" '
            f'name="Memo-Quotation Relation" targetGUID="{codes["happiness"]}" '
            f'guid="{g("link")}"/>')
    sets = (f'<Set guid="{g("set-people")}" name="Mabel"><MemberSource targetGUID='
            f'"{g("source")}"/></Set><Set guid="{g("set-codes")}" name="drinks"><MemberCode '
            f'targetGUID="{codes["Coke::diet Coke"]}"/></Set>')
    qde = (f'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<Project {NS} '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="ATLAS.ti 8.4.0 573 , '
           f'macOS Version 10.14.3" creatingUserGUID="{friedrich}" name="TestProject" '
           f'basePath="/Users/someone/Library/QDA-XML/Exports">\n'
           f'<Users><User guid="{builtin}" name="ATLAS.ti"/><User guid="{friedrich}" '
           f'name="Friedrich Markgraf"/></Users>\n<CodeBook><Codes>{codebook}</Codes></CodeBook>'
           f'\n<Sources>{sources}</Sources>\n<Notes>{note}</Notes>\n<Links>{link}</Links>\n'
           f'<Sets>{sets}</Sets>\n</Project>')
    # The spec's archive has an empty Sources/ folder: picture, PDF and media are missing.
    return _zip(path, {"Project.qde": qde, "Sources/": b"",
                       f"Sources/{text_guid}.txt": ATLAS_TEXT.encode()})


def atlas23_qdpx(path: Path, *, blank: bool = False) -> Path:
    """ATLAS.ti 23 for Windows: Users only (``blank``), or a nested codebook and no sources."""
    users = ('<Users><User guid="088B08AC-D5CD-4ADB-8B71-B4F3459C177F" name="Enric" />'
             '<User guid="C32A2BD5-537F-4838-8B17-DF9EFBAFDF4B" name="ATLAS.ti" /></Users>')
    codes = "" if blank else (
        f'<CodeBook><Codes><Code guid="{guid("a23-top", True)}" name="Commits" isCodable="true">'
        f'<Code guid="{guid("a23-1", True)}" name="2022-05-10T02:05:59Z 19e4dce" '
        f'isCodable="true" /><Code guid="{guid("a23-2", True)}" name="2022-02-11T10:39:25Z '
        f'cdbfd92" isCodable="true" /></Code></Codes></CodeBook>')
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project {SCHEMA_LOCATION} '
           f'origin="ATLAS.ti for Windows 23.2.3.27778" name="atlas-project" {NS}>\n'
           f'{users}{codes}</Project>')
    return _zip(path, {"project.qde": qde})


# -------------------------------------------------------------------------------- Taguette
TAGUETTE_CODES = ["interesting", "political", "economic"]


def taguette_qdc(path: Path) -> Path:
    """Taguette 1.4.1: three flat codes, upper-case uuid5 GUIDs, an empty ``<Sets/>`` at the end
    (invalid against Codebook.xsd, which real Taguette files are: importers forgive it)."""
    codes = "".join(f'<Code guid="{guid("taguette-" + n, upper=True)}" name="{n}" '
                    f'isCodable="true"/>' for n in TAGUETTE_CODES)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:'
                    f'codebook:1.0" origin="Taguette 1.4.1"><Codes>{codes}</Codes><Sets/>'
                    '</CodeBook>', encoding="utf-8")
    return path


BUILDERS = {
    "nvivo-win": nvivo_qdpx, "nvivo-mac": nvivo_mac_qdpx, "maxqda": maxqda_qdpx,
    "atlas8": atlas_qdpx, "atlas23": atlas23_qdpx,
    "atlas23-blank": lambda path: atlas23_qdpx(path, blank=True), "taguette": taguette_qdc,
}


def build(name: str, folder: Path) -> Path:
    """The file of builder ``name`` in ``folder`` (.qdc for Taguette, else .qdpx)."""
    suffix = ".qdc" if name == "taguette" else ".qdpx"
    return BUILDERS[name](folder / f"{name}{suffix}")
