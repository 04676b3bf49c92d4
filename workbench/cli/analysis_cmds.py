"""Commands of content analysis: stats, cooccur, matrix, timeline, words, keywords, dictionary,
search, retrieve, autocode, topics."""
from __future__ import annotations

import sys
from contextlib import contextmanager

from ..core import ProjectLockedError, ReadOnlyError
from ..i18n import tr
from .common import opened, project_arg
from .output import CliError, emit, emit_json, table

COMMANDS = ("stats", "cooccur", "matrix", "timeline", "words", "keywords", "dictionary", "search",
            "retrieve", "autocode", "topics")


def _parser(commands, name, help_, description, func, *, json_=True):
    p = commands.add_parser(name, help=help_, description=description)
    project_arg(p)
    if json_:
        p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(func=func)
    return p


def register(commands) -> None:
    p = _parser(commands, "stats", tr("frequency table of elements"),
                tr("Count the codings of each element by source, case, source type or period."),
                cmd_stats)
    p.add_argument("--by", choices=("source", "case", "type", "period", "year", "month"),
                   default="case", help=tr("the columns of the table"))
    p.add_argument("--unit", choices=("codings", "sources", "characters", "clauses"),
                   default="codings",
                   help=tr("what is counted"))
    p.add_argument("--percent", choices=("row", "column", "total"),
                   help=tr("show percentages of the row, column or grand total"))
    p = _parser(commands, "cooccur", tr("co-occurrence of elements"),
                tr("Count pairs of codings of two elements that overlap, share a paragraph or lie "
                   "within N characters of each other."), cmd_cooccur)
    p.add_argument("--by", nargs="+", default=["overlap"], metavar="MODE",
                   help=tr("overlap, paragraph, or distance N"))
    _parser(commands, "matrix", tr("case × element matrix"),
            tr("Count the codings of each element in each case, with quotes (--json) and the "
               "cell notes."), cmd_matrix)
    p = _parser(commands, "timeline", tr("elements over time"),
                tr("Count the codings of each element by period, year or month."), cmd_timeline)
    p.add_argument("--by", choices=("period", "year", "month"), default="period",
                   help=tr("the time unit"))
    p = _parser(commands, "words", tr("word frequency"),
                tr("Count the words of the sources (Chinese is segmented with the project's "
                   "dictionary), or of the coded passages of one element."), cmd_words)
    p.add_argument("--top", type=int, default=30, metavar="N", help=tr("how many words"))
    p.add_argument("--element", metavar="NAME", help=tr("only the passages coded to this element"))
    p.add_argument("--min-length", type=int, default=2, metavar="N",
                   help=tr("the shortest word counted (characters)"))
    p.add_argument("--pos", metavar="TAGS",
                   help=tr("keep only these parts of speech, e.g. n,v (jieba tags)"))
    p = _parser(commands, "keywords", tr("keywords of a source or an element"),
                tr("Rank the keywords of one source, or of the passages coded to one element, "
                   "by TF-IDF or TextRank (segmenting with the project's dictionary)."),
                cmd_keywords)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--source", type=int, metavar="ID", help=tr("the source's id"))
    group.add_argument("--element", metavar="NAME", help=tr("the passages coded to this element"))
    p.add_argument("--method", choices=("tfidf", "textrank"), default="tfidf",
                   help=tr("how keywords are ranked"))
    p.add_argument("--top", type=int, default=20, metavar="N", help=tr("how many keywords"))
    p = _parser(commands, "retrieve", tr("coded segments with filters"),
                tr("List the passages coded to elements (and their sub-elements), filtered by "
                   "case, source type, period, date and coder, each with its context; --out "
                   "writes them as a coded dataset."), cmd_retrieve)
    p.add_argument("--element", action="append", metavar="NAME",
                   help=tr("an element (repeat for several; default: all)"))
    p.add_argument("--case", action="append", metavar="NAME", help=tr("only sources of this case"))
    p.add_argument("--type", action="append", metavar="TYPE",
                   help=tr("only sources of this type"))
    p.add_argument("--period", action="append", metavar="NAME",
                   help=tr("only sources dated in this period"))
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help=tr("only sources dated on or after DATE (YYYY[-MM[-DD]])"))
    p.add_argument("--to", dest="date_to", metavar="DATE",
                   help=tr("only sources dated on or before DATE (YYYY[-MM[-DD]])"))
    p.add_argument("--coder", action="append", metavar="NAME",
                   help=tr("only codings by this coder"))
    p.add_argument("--context", type=int, default=40, metavar="N",
                   help=tr("characters of context on each side"))
    p.add_argument("--out", metavar="FILE",
                   help=tr("write the codings to FILE.csv, .xlsx or .json"))
    p = _parser(commands, "dictionary", tr("the project's dictionary for segmentation"),
                tr("List, add or remove the terms that word segmentation keeps whole."),
                cmd_dictionary)
    p.add_argument("action", choices=("add", "remove", "list"), help=tr("what to do"))
    p.add_argument("terms", nargs="*", metavar="TERM", help=tr("the terms"))
    p = _parser(commands, "search", tr("search the text of all sources"),
                tr("Find a word or phrase in every source and show each hit in its context."),
                cmd_search)
    p.add_argument("query", metavar="QUERY", help=tr("the text to find"))
    p.add_argument("--width", type=int, default=20, metavar="N",
                   help=tr("characters of context on each side"))
    p.add_argument("--limit", type=int, metavar="N", help=tr("show at most N hits"))
    p = _parser(commands, "autocode", tr("code every hit of keywords or a pattern"),
                tr("Propose a coding for every hit of keywords or a regular expression, at the "
                   "level of the hit, its sentence or its paragraph, and code them after "
                   "confirmation."), cmd_autocode)
    p.add_argument("--element", metavar="NAME", required=True, help=tr("the element to code to"))
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--keywords", nargs="+", metavar="WORD", help=tr("words to find"))
    group.add_argument("--regex", metavar="PATTERN", help=tr("a regular expression to find"))
    p.add_argument("--unit", choices=("hit", "sentence", "paragraph", "clause"),
                   default="sentence",
                   help=tr("how much text each coding takes"))
    p.add_argument("--coder", metavar="NAME", help=tr("who codes (default: the current coder)"))
    p.add_argument("--yes", action="store_true", help=tr("code without asking"))
    p = _parser(commands, "topics", tr("topic model (LDA)"),
                tr("Find K topics in the sources with LDA over the segmented words."), cmd_topics)
    p.add_argument("-k", type=int, default=5, metavar="K", help=tr("the number of topics"))
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help=tr("the random seed (same seed, same topics)"))
    p.add_argument("--words", type=int, default=10, metavar="N", help=tr("top words per topic"))
    p.add_argument("--scan", metavar="FROM-TO",
                   help=tr("instead, compare the coherence of every K from FROM to TO"))


@contextmanager
def _writable_if_possible(path: str):
    """Open for writing (caches and the search index are saved), else read-only."""
    try:
        manager = opened(path)
        project = manager.__enter__()
    except (ProjectLockedError, ReadOnlyError):  # ReadOnlyError: the file cannot be written
        manager = opened(path, read_only=True)
        project = manager.__enter__()
    try:
        yield project
    finally:
        manager.__exit__(None, None, None)


def _print_table(t, percent: str | None = None) -> None:
    values = t.percent(percent) if percent else t.cells
    rows = [(label, *row, t.row_totals[r] if t.row_totals else "")
            for r, (label, row) in enumerate(zip(t.row_labels, values))]
    rows.append((tr("Total"), *t.column_totals, t.total))
    n = len(t.column_labels)
    emit(table([tr("Element"), *t.column_labels, tr("Total")], rows,
               limits={0: 30}, numeric=range(1, n + 2)))


def cmd_stats(args) -> int:
    from ..analysis.tables import frequency
    with opened(args.project, read_only=True) as project:
        t = frequency(project, args.by, args.unit, rollup=True)  # the Word report's rule
    if args.json:
        emit_json({**t.as_dict(), "direct": t.direct,
                   "percent": t.percent(args.percent or "total")})
    else:
        _print_table(t, args.percent)
        if any(d != total for d, total in zip(t.direct, t.row_totals)):
            emit(tr("A parent element counts its own and its sub-elements' codings (a passage "
                    "coded to two of them once); the totals count each coding once."))
    return 0


def cmd_cooccur(args) -> int:
    from ..analysis.cooccur import cooccurrence
    mode, distance = args.by[0], 0
    if mode not in ("overlap", "paragraph", "distance") or len(args.by) > 2 or \
            (mode != "distance" and len(args.by) > 1):
        raise CliError(tr("Write --by overlap, --by paragraph or --by distance N."))
    if mode == "distance":
        if len(args.by) != 2 or not args.by[1].isdigit():
            raise CliError(tr("Write --by distance N with N a number of characters."))
        distance = int(args.by[1])
    with opened(args.project, read_only=True) as project:
        t = cooccurrence(project, mode, distance)
    if args.json:
        emit_json({**t.as_dict(), "pairs": [
            {"row": t.row_labels[r], "column": t.column_labels[c], "codings": [list(p) for p in v]}
            for (r, c), v in sorted(t.details.items()) if r < c]})
    else:
        _print_table(t)
    return 0


def cmd_matrix(args) -> int:
    from ..analysis.tables import case_matrix
    with opened(args.project, read_only=True) as project:
        m = case_matrix(project)
    t = m.table
    if args.json:
        emit_json({**t.as_dict(), "cells_detail": [
            {"case": t.row_labels[r], "element": t.column_labels[c], "count": t.cells[r][c],
             "quotes": m.quotes.get((r, c), []), "note": m.notes.get((r, c), "")}
            for r in range(len(t.row_labels)) for c in range(len(t.column_labels))]})
        return 0
    rows = [(label, *row, t.row_totals[r]) for r, (label, row) in enumerate(zip(t.row_labels,
                                                                                 t.cells))]
    rows.append((tr("Total"), *t.column_totals, t.total))
    emit(table([tr("Case"), *t.column_labels, tr("Total")], rows, limits={0: 30},
               numeric=range(1, len(t.column_labels) + 2)))
    return 0


def cmd_timeline(args) -> int:
    from ..analysis.tables import timeline
    with opened(args.project, read_only=True) as project:
        t = timeline(project, args.by)
    if args.json:
        emit_json(t.as_dict())
    else:
        _print_table(t)
    return 0


def cmd_words(args) -> int:
    from ..analysis.words import word_frequency
    pos = tuple(p.strip() for p in args.pos.split(",") if p.strip()) if args.pos else None
    with _writable_if_possible(args.project) as project:
        element = project.elements.find(args.element).id if args.element else None
        rows = word_frequency(project, element_id=element, top=args.top,
                              min_length=args.min_length, pos=pos)
    if args.json:
        emit_json([{"word": r.word, "count": r.count, "sources": r.sources} for r in rows])
    else:
        emit(table([tr("Word"), tr("Count"), tr("Sources")],
                   [(r.word, r.count, r.sources) for r in rows], numeric=(1, 2)))
    return 0


def cmd_keywords(args) -> int:
    from ..analysis.words import keywords
    if args.top < 1:
        raise CliError(tr("The number of keywords must be at least 1."))
    with opened(args.project, read_only=True) as project:
        if args.element:
            found = keywords(project, element_id=project.elements.find(args.element).id,
                             method=args.method, top=args.top)
        else:
            project.sources.get(args.source)  # a clear error for an unknown id
            found = keywords(project, source_id=args.source, method=args.method, top=args.top)
    if args.json:
        emit_json([{"word": w, "weight": weight} for w, weight in found])
    elif not found:
        emit(tr("No keywords were found."))
    else:
        emit(table([tr("Word"), tr("Weight")], [(w, f"{weight:.4f}") for w, weight in found],
                   numeric=(1,)))
    return 0


def _check_date(value: str | None) -> str | None:
    import re
    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise CliError(tr("Write dates as YYYY, YYYY-MM or YYYY-MM-DD, not “{date}”.",
                          date=value))
    return value or None


def cmd_retrieve(args) -> int:
    from ..analysis.retrieval import retrieve
    date_from, date_to = _check_date(args.date_from), _check_date(args.date_to)
    with opened(args.project, read_only=True) as project:
        element_ids = [project.elements.find(name).id for name in args.element] \
            if args.element else None
        texts: dict[int, str] = {}  # read once, for the context and the clauses
        rows = retrieve(project, element_ids=element_ids, cases=args.case,
                        source_types=args.type, periods=args.period, date_from=date_from,
                        date_to=date_to, coders=args.coder, context=max(0, args.context),
                        texts=texts)
        if args.out:
            from ..exporters.dataset import export_dataset  # only then: it loads logging, csv

            target = export_dataset(project, args.out, codings=[r.coding_id for r in rows])
        from ..analysis.clauses import ClauseIndex

        # where each passage stands, and how many clauses in all
        index = ClauseIndex(project, texts)
        clauses = [index.cite(r.source_id, r.start, r.end) for r in rows]
        units = {(r.source_id, c) for r, c in zip(rows, clauses) if c}
    if args.json:
        emit_json([{**r.as_dict(), "clause": c} for r, c in zip(rows, clauses)])
    elif not rows:
        emit(tr("No coded passages match."))
    else:
        emit(table([tr("Source"), tr("Date"), tr("Element"), tr("Passage")],
                   [(r.source_title + (f", {c}" if c else ""), r.date or "", r.element,
                     f"…{r.left}【{r.quote}】{r.right}…" if r.start is not None
                     else tr("[image region]")) for r, c in zip(rows, clauses)],
                   limits={0: 24, 2: 24}))
        if units:
            emit(tr("{count} coded passages in {clauses} clauses.", count=len(rows),
                    clauses=len(units)))
    if args.out and not args.json:
        emit(tr("Wrote {count} codings to {path}.", count=len(rows), path=target))
    return 0


def cmd_dictionary(args) -> int:
    if args.action != "list" and not args.terms:
        raise CliError(tr("Name at least one term to add or remove."))
    with opened(args.project, read_only=args.action == "list") as project:
        if args.action == "add":
            project.dictionary.add(*args.terms)
        elif args.action == "remove":
            project.dictionary.remove(*args.terms)
        terms = project.dictionary.terms()
    if args.json:
        emit_json(terms)
    elif args.action == "list":
        emit("\n".join(terms) if terms else tr("The project's dictionary is empty."))
    else:
        emit(tr("Terms in the dictionary: {count}.", count=len(terms)))
    return 0


def cmd_search(args) -> int:
    with _writable_if_possible(args.project) as project:
        lines = project.search.kwic(args.query, width=args.width, limit=args.limit)
    if args.json:
        emit_json([{"source_id": k.source_id, "title": k.title, "date": k.date, "start": k.start,
                    "end": k.end, "left": k.left, "hit": k.hit, "right": k.right}
                   for k in lines])
        return 0
    if not lines:
        emit(tr("“{query}” was not found.", query=args.query))
        return 0
    emit(table([tr("Source"), tr("Date"), tr("Start"), tr("Left"), tr("Hit"), tr("Right")],
               [(k.title, k.date, k.start, k.left, k.hit, k.right) for k in lines],
               limits={0: 24}, numeric=(2, 3)))
    return 0


def cmd_autocode(args) -> int:
    from ..analysis.autocode import apply, propose
    with opened(args.project) as project:
        element = project.elements.find(args.element)
        proposals = propose(project, keywords=args.keywords or (), regex=args.regex,
                            unit=args.unit)
        if args.json:
            emit_json([{"source_id": p.source_id, "source": p.source_title, "start": p.start,
                        "end": p.end, "text": p.text} for p in proposals])
        else:
            emit(table([tr("Source"), tr("Start"), tr("End"), tr("Passage")],
                       [(p.source_title, p.start, p.end, p.text) for p in proposals],
                       limits={0: 24, 3: 60}, numeric=(1, 2)))
        if not proposals:
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                sys.stderr.write(tr("Nothing was coded; add --yes to code these passages.") + "\n")
                return 0
            answer = input(tr("Code these {count} passages to “{element}”? [y/N] ",
                              count=len(proposals), element=element.path))
            if answer.strip().lower() not in ("y", "yes", "是"):
                emit(tr("Nothing was coded."))
                return 0
        apply(project, proposals, element.id, coder=args.coder)
    if not args.json:
        emit(tr("Coded {count} passages to “{element}” (one undo step).",
                count=len(proposals), element=element.path))
    return 0


def cmd_topics(args) -> int:
    from ..analysis.topics import lda, scan
    if args.k < 1:
        raise CliError(tr("The number of topics must be at least 1."))
    if args.scan:
        low, _, high = args.scan.partition("-")
        if not (low.isdigit() and high.isdigit() and 1 <= int(low) <= int(high)):
            raise CliError(tr("Write --scan FROM-TO, e.g. --scan 3-10."))
        with _writable_if_possible(args.project) as project:
            scores = scan(project, range(int(low), int(high) + 1), seed=args.seed,
                          top_words=args.words)
        if args.json:
            emit_json([{"k": k, "coherence": round(c, 4)} for k, c in scores])
        else:
            emit(table([tr("Topics"), tr("Coherence (UMass)")],
                       [(k, f"{c:.3f}") for k, c in scores], numeric=(0, 1)))
        return 0
    with _writable_if_possible(args.project) as project:
        model = lda(project, args.k, seed=args.seed, top_words=args.words)
    if args.json:
        emit_json(model.as_dict())
        return 0
    emit(table([tr("Topic"), tr("Share"), tr("Top words")],
               [(t.index + 1, f"{t.share:.1%}", " ".join(t.words)) for t in model.topics],
               numeric=(0, 1)))
    emit(tr("Coherence (UMass): {score}", score=f"{model.coherence:.3f}"))
    return 0
