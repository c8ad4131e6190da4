"""The pathway diagram, drawn at build time as a static SVG.

No diagram JavaScript and nothing from a CDN: a layered layout (each node one
row below its deepest predecessor) is enough for a graph of this size, and
the step-by-step list on the same page is the text alternative.
"""

from __future__ import annotations

import textwrap
from html import escape

from .graph import successors
from .models.pathway import Pathway

BOX_W, GAP_X, GAP_Y, LINE_H, PAD = 190, 24, 46, 15, 8
COLOURS = {
    "situation": ("#e8f1f8", "#1d70b8"),
    "question": ("#fff7bf", "#594d00"),
    "action": ("#ffffff", "#0b0c0c"),
    "timer": ("#fce9e9", "#942514"),
    "outcome": ("#e6f4ea", "#005a30"),
    "planned": ("#f3f2f1", "#505a5f"),
    "context": ("#f3f2f1", "#505a5f"),
}


def _depths(pathway: Pathway) -> dict[str, int]:
    nodes = {n.id: n for n in pathway.nodes}
    depth: dict[str, int] = {}
    frontier = [(e.node, 0) for e in pathway.entry_points if e.node in nodes]
    guard = len(nodes) * len(nodes) + 10
    while frontier and guard:
        guard -= 1
        node_id, d = frontier.pop()
        if depth.get(node_id, -1) >= d:
            continue
        depth[node_id] = d
        frontier.extend((child, d + 1) for child in successors(nodes[node_id]) if child in nodes)
    return depth


def diagram_size(pathway: Pathway) -> tuple[int, int]:
    """The SVG's width and height in CSS pixels: the page's <img> carries them, so nothing shifts as it loads."""
    _positions, width, height = _layout(pathway)
    return round(width), round(height)


def _layout(pathway: Pathway) -> tuple[dict[str, tuple[float, float, float]], float, float]:
    """Each node's (x, y, box height), and the drawing's width and height."""
    depth = _depths(pathway)
    stage_order = {s.id: i for i, s in enumerate(pathway.stages)}
    rows: dict[int, list] = {}
    for node in pathway.nodes:
        if node.id in depth:
            rows.setdefault(depth[node.id], []).append(node)
    for row in rows.values():
        row.sort(key=lambda n: (stage_order.get(n.stage, 99), pathway.nodes.index(n)))
    lines = {n.id: textwrap.wrap(n.title, 27)[:4] for n in pathway.nodes}
    width = max((len(r) for r in rows.values()), default=1) * (BOX_W + GAP_X) + GAP_X
    positions: dict[str, tuple[float, float, float]] = {}
    y = GAP_Y / 2
    for d in sorted(rows):
        row = rows[d]
        height = max(len(lines[n.id]) for n in row) * LINE_H + 2 * PAD
        offset = (width - len(row) * (BOX_W + GAP_X) + GAP_X) / 2
        for i, node in enumerate(row):
            positions[node.id] = (offset + i * (BOX_W + GAP_X), y, height)
        y += height + GAP_Y
    return positions, width, y


def render_svg(pathway: Pathway) -> str:
    """The diagram as a standalone SVG: shown in the page as an image, or opened on its own (zoomable on a phone).

    Each box links to its step on the pathway page (``./#step-…``: the page beside the SVG), which works
    when the SVG is opened on its own; inside the page's <img> the list below is the way in.
    """
    positions, width, total_h = _layout(pathway)
    lines = {n.id: textwrap.wrap(n.title, 27)[:4] for n in pathway.nodes}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {total_h:.0f}" '
        f'width="{width:.0f}" height="{total_h:.0f}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#505a5f"/></marker></defs>',
    ]
    nodes = {n.id: n for n in pathway.nodes}
    for node_id, (x, y0, h) in positions.items():
        for child in successors(nodes[node_id]):
            if child not in positions:
                continue
            cx, cy, _ = positions[child]
            x1, y1, x2, y2 = x + BOX_W / 2, y0 + h, cx + BOX_W / 2, cy
            if cy <= y0:  # never for an acyclic graph; drawn sideways just in case
                y2 = cy + positions[child][2]
            parts.append(
                f'<path d="M{x1:.0f},{y1:.0f} C{x1:.0f},{y1 + GAP_Y / 2:.0f} {x2:.0f},{y2 - GAP_Y / 2:.0f} '
                f'{x2:.0f},{y2:.0f}" fill="none" stroke="#505a5f" stroke-width="1.2" marker-end="url(#arrow)"/>'
            )
    for node_id, (x, y0, h) in positions.items():
        node = nodes[node_id]
        fill, stroke = COLOURS[node.kind]
        dash = ' stroke-dasharray="5 3"' if node.kind in {"planned", "context"} else ""
        parts.append(f'<a href="./#step-{escape(node_id)}"><title>{escape(node.title)}</title>')
        parts.append(
            f'<rect x="{x:.0f}" y="{y0:.0f}" width="{BOX_W}" height="{h:.0f}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"{dash}/>'
        )
        for i, text in enumerate(lines[node_id]):
            parts.append(
                f'<text x="{x + PAD:.0f}" y="{y0 + PAD + (i + 0.8) * LINE_H:.0f}" fill="#0b0c0c">{escape(text)}</text>'
            )
        parts.append("</a>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
