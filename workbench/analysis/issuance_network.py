"""The joint-issuance network (联合发文网络): which agencies issue policy documents together.

Agencies are the nodes (weighted by the documents each issued); two agencies that sign one
document together are joined by an edge weighted by how many documents they co-signed. The table
a thesis reports per agency: documents issued, documents issued jointly, partners (degree),
joint documents summed over partners (weighted degree) and betweenness centrality. Spellings are
merged through the project's agency list (``project.agencies``) before anything is counted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path


@dataclass(frozen=True)
class AgencyRow:
    agency: str
    documents: int        # documents it issued (alone or jointly)
    joint_documents: int  # of which jointly with at least one other agency
    partners: int         # degree: distinct co-issuing agencies
    weighted_degree: int  # co-issued documents summed over partners
    betweenness: float    # normalised betweenness centrality (0–1)


@dataclass
class IssuanceNetwork:
    documents: dict[str, int]                 # agency -> documents issued
    joint: dict[str, int]                     # agency -> documents issued jointly
    edges: dict[tuple[str, str], int]         # (a, b) with a < b -> documents co-issued
    sources: dict[tuple[str, str], list[int]]  # (a, b) -> the source ids behind the edge

    def graph(self):
        """A networkx Graph with ``documents`` on nodes and ``weight`` on edges."""
        import networkx as nx

        graph = nx.Graph()
        for agency, count in self.documents.items():
            graph.add_node(agency, documents=count, joint_documents=self.joint.get(agency, 0))
        for (a, b), weight in self.edges.items():
            graph.add_edge(a, b, weight=weight)
        return graph

    def table(self) -> list[AgencyRow]:
        """One row per agency, most documents first (then by name)."""
        import networkx as nx

        graph = self.graph()
        between = nx.betweenness_centrality(graph, normalized=True) if len(graph) > 2 else {}
        rows = [AgencyRow(agency, count, self.joint.get(agency, 0), graph.degree(agency),
                          int(graph.degree(agency, weight="weight")),
                          round(between.get(agency, 0.0), 4))
                for agency, count in self.documents.items()]
        return sorted(rows, key=lambda r: (-r.documents, -r.weighted_degree, r.agency))

    def matrix(self) -> tuple[list[str], list[list[int]]]:
        """The adjacency matrix (co-issued documents; the diagonal: documents issued)."""
        names = [row.agency for row in self.table()]
        index = {name: i for i, name in enumerate(names)}
        cells = [[0] * len(names) for _ in names]
        for name, count in self.documents.items():
            cells[index[name]][index[name]] = count
        for (a, b), weight in self.edges.items():
            cells[index[a]][index[b]] = cells[index[b]][index[a]] = weight
        return names, cells


def build_network(project, *, period: str | None = None) -> IssuanceNetwork:
    """The network of the project's sources that name their agencies (``source.agency``),
    optionally only those dated in ``period`` (a period's name)."""
    chosen = None
    if period is not None:
        chosen = project.periods.find(period)
    own = project.agencies.aliases()
    documents: Counter[str] = Counter()
    joint: Counter[str] = Counter()
    edges: Counter[tuple[str, str]] = Counter()
    behind: dict[tuple[str, str], list[int]] = {}
    for source in project.sources.list():
        if chosen is not None:
            found = project.periods.period_of(source.date)
            if found is None or found.id != chosen.id:
                continue
        agencies = project.agencies.of_source(source, own)
        documents.update(agencies)
        if len(agencies) > 1:
            joint.update(agencies)
        for a, b in combinations(sorted(agencies), 2):
            edges[(a, b)] += 1
            behind.setdefault((a, b), []).append(source.id)
    return IssuanceNetwork(dict(documents), dict(joint), dict(edges), behind)


def write_network(network: IssuanceNetwork, out: Path) -> Path:
    """GraphML or GEXF (for Gephi), or the adjacency matrix and the agency table as XLSX."""
    suffix = out.suffix.lower()
    if suffix in (".graphml", ".gexf"):
        import networkx as nx

        graph = network.graph()
        if suffix == ".graphml":
            nx.write_graphml(graph, out)
        else:
            nx.write_gexf(graph, out)
        return out
    if suffix == ".xlsx":
        return _write_xlsx(network, out)
    raise ValueError(suffix)


def _write_xlsx(network: IssuanceNetwork, out: Path) -> Path:
    from openpyxl import Workbook

    from ..i18n import tr

    book = Workbook()
    sheet = book.active
    sheet.title = tr("Agencies")[:31]
    sheet.append([tr("Agency"), tr("Documents"), tr("Joint documents"), tr("Partners"),
                  tr("Weighted degree"), tr("Betweenness")])
    for row in network.table():
        sheet.append([row.agency, row.documents, row.joint_documents, row.partners,
                      row.weighted_degree, row.betweenness])
    names, cells = network.matrix()
    matrix = book.create_sheet(tr("Adjacency matrix")[:31])
    matrix.append(["", *names])
    for name, values in zip(names, cells):
        matrix.append([name, *values])
    book.save(out)
    return out
