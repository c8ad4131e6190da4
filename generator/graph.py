"""Proving the pathway graph: every node reachable, no dead ends, no cycles.

Cheap for a graph of this size, and it is what lets the walker and the
overview trust the data: any path a user can take ends in an outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .diagnostics import Report
from .models.pathway import Node, Pathway
from .yaml_source import Document

TERMINAL_KINDS = {"outcome", "planned", "context"}


def successors(node: Node) -> list[str]:
    if node.kind == "question":
        return [option.next for option in node.options]
    return [node.next] if node.next else []


def check(pathway: Pathway, rel: Path, doc: Document | None) -> Report:
    report = Report()
    index = {node.id: i for i, node in enumerate(pathway.nodes)}
    nodes = {node.id: node for node in pathway.nodes}
    stages = {stage.id for stage in pathway.stages}

    def pos(*loc: str | int) -> tuple[int, int]:
        return doc.position(loc) if doc else (1, 1)

    seen: set[str] = set()
    for i, node in enumerate(pathway.nodes):
        if node.id in seen:
            report.add(rel, *pos("nodes", i, "id"), "duplicate-id", f"the node id '{node.id}' is used twice")
        seen.add(node.id)
        if node.stage not in stages:
            report.add(rel, *pos("nodes", i, "stage"), "unknown-stage", f"the node '{node.id}' names the stage '{node.stage}', which is not defined")
        if node.kind == "question":
            for j, option in enumerate(node.options):
                if option.next not in nodes:
                    report.add(rel, *pos("nodes", i, "options", j, "next"), "unknown-node",
                               f"the option '{option.id}' of '{node.id}' leads to '{option.next}', which is not a node")
        elif node.next is not None and node.next not in nodes:
            report.add(rel, *pos("nodes", i, "next"), "unknown-node", f"'{node.id}' leads to '{node.next}', which is not a node")
        elif node.next is None and node.kind not in TERMINAL_KINDS:
            report.add(rel, *pos("nodes", i, "id"), "dead-end",
                       f"the {node.kind} '{node.id}' has no next step and is not an outcome",
                       "give it 'next:' or make it kind: outcome")
    for j, entry in enumerate(pathway.entry_points):
        if entry.node not in nodes:
            report.add(rel, *pos("entry_points", j, "node"), "unknown-node", f"the entry point '{entry.id}' starts at '{entry.node}', which is not a node")

    _check_reachable(pathway, nodes, index, rel, pos, report)
    for cycle in _cycles(pathway, nodes):
        first = cycle[0]
        report.add(rel, *pos("nodes", index[first], "id"), "pathway-cycle",
                   "the pathway loops back on itself: " + " → ".join(cycle + [first]),
                   "a pathway moves forward; end the loop in an outcome")
    return report


def _check_reachable(pathway: Pathway, nodes: dict[str, Node], index: dict[str, int], rel: Path,
                     pos: Callable[..., tuple[int, int]], report: Report) -> None:
    """Unreachable nodes, one error per cause (generator.diagnostics).

    While a link leads to a node that does not exist, reachability means nothing (the link was surely
    meant for one of the nodes it leaves unreachable): those nodes are counted under the first broken
    link's error.  Otherwise each unreachable node that no other unreachable node leads to is reported,
    and the nodes after it are counted under it.
    """
    reachable = _reachable(pathway, nodes)
    unreachable = [node_id for node_id in index if node_id not in reachable]
    if not unreachable:
        return
    broken = next((d for d in report.items if d.code == "unknown-node"), None)
    if broken is not None:
        for node_id in unreachable:
            report.defer(rel, rel, *pos("nodes", index[node_id], "id"), "reachability", f"the node '{node_id}'",
                         root_at=(broken.line, broken.col, broken.code))
        return
    for root, after in _unreachable_roots(unreachable, nodes):
        line, col = pos("nodes", index[root], "id")
        report.add(rel, line, col, "unreachable-node", f"no entry point leads to the node '{root}'",
                   "link to it from a question option or a 'next', or remove it")
        for node_id in after:
            report.defer(rel, rel, *pos("nodes", index[node_id], "id"), "after", f"the node '{node_id}'",
                         root_at=(line, col, "unreachable-node"))


def _unreachable_roots(unreachable: list[str], nodes: dict[str, Node]) -> list[tuple[str, list[str]]]:
    """Each unreachable node no other unreachable node leads to (in file order), with the nodes after it.

    A loop of unreachable nodes that nothing leads into has no such node: its first node stands for it.
    """
    cut_off = set(unreachable)
    led_to = {child for node_id in unreachable for child in successors(nodes[node_id]) if child != node_id}
    covered: set[str] = set()
    found: list[tuple[str, list[str]]] = []
    candidates = [n for n in unreachable if n not in led_to] + [n for n in unreachable if n in led_to]
    for root in candidates:
        if root in covered:
            continue
        after: list[str] = []
        stack = [root]
        covered.add(root)
        while stack:
            for child in successors(nodes[stack.pop()]):
                if child in cut_off and child not in covered:
                    covered.add(child)
                    after.append(child)
                    stack.append(child)
        found.append((root, sorted(after, key=unreachable.index)))
    return sorted(found, key=lambda pair: unreachable.index(pair[0]))


def _reachable(pathway: Pathway, nodes: dict[str, Node]) -> set[str]:
    stack = [e.node for e in pathway.entry_points if e.node in nodes]
    seen: set[str] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(n for n in successors(nodes[current]) if n in nodes)
    return seen


def _cycles(pathway: Pathway, nodes: dict[str, Node]) -> list[list[str]]:
    """Each cycle once, found by an iterative depth-first search."""
    colour: dict[str, int] = {}
    found: list[list[str]] = []
    for start in nodes:
        if colour.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(successors(nodes[start])))]
        path = [start]
        colour[start] = 1
        while stack:
            current, children = stack[-1]
            advanced = False
            for child in children:
                if child not in nodes:
                    continue
                state = colour.get(child, 0)
                if state == 1:
                    found.append(path[path.index(child):])
                elif state == 0:
                    colour[child] = 1
                    path.append(child)
                    stack.append((child, iter(successors(nodes[child]))))
                    advanced = True
                    break
            if not advanced:
                colour[current] = 2
                stack.pop()
                path.pop()
    return found


def all_paths(pathway: Pathway, limit: int = 10_000) -> list[list[tuple[str, str | None]]]:
    """Every route from every entry point to a terminal node, as (node, option) pairs."""
    nodes = {node.id: node for node in pathway.nodes}
    routes: list[list[tuple[str, str | None]]] = []
    for entry in pathway.entry_points:
        stack: list[list[tuple[str, str | None]]] = [[(entry.node, None)]]
        while stack and len(routes) < limit:
            route = stack.pop()
            node = nodes[route[-1][0]]
            if any(step[0] == node.id for step in route[:-1]):
                continue  # a cycle; check() reports it
            if node.kind == "question":
                for option in reversed(node.options):
                    stack.append(route[:-1] + [(node.id, option.id), (option.next, None)])
            elif node.next:
                stack.append(route + [(node.next, None)])
            else:
                routes.append(route)
    return routes
