"""Is an SVG logo a plain drawing?  Parsed as XML, checked against an allowlist.

The logo is copied into the site and shown on every page, so it is served
from the site's own origin: an SVG that can run script (opened on its own, it
is a document) or fetch from elsewhere is an attack on every reader.  A
pattern over the bytes misses what XML makes of them (a namespaced
``<x:script>``, an entity-encoded ``javascript:``), so the file is parsed
with expat, with no DTD at all (so no entity can be declared or expanded),
namespaces resolved, and every element and attribute checked against what a
drawing needs.  Anything else is refused, not cleaned: the partnership
re-exports its logo as a plain SVG, or uses a PNG.
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "symbol", "use", "pattern",
})
ATTRIBUTES = frozenset({
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "fx", "fy", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
    "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform",
    "spreadMethod", "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
    "patternUnits", "patternContentUnits", "patternTransform", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "preserveAspectRatio", "role",
    "aria-label", "aria-hidden", "focusable", "version", "visibility", "display", "vector-effect", "dx", "dy",
    "baseline-shift", "textLength", "lengthAdjust", "shape-rendering", "color",
})
# An attribute value may reference only something in the same file: url(#id).
_URL_REFERENCE = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"]*)", re.I)


class UnsafeSvg(ValueError):
    """Why the logo is not a plain drawing (shown to the author)."""


def check_svg(data: bytes) -> None:
    """Raise ``UnsafeSvg`` unless ``data`` is an SVG drawing with nothing but allowed elements and attributes."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[str] = []

    def refuse(what: str) -> None:
        raise UnsafeSvg(what)

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != SVG or local not in ELEMENTS:
            refuse(f"it has the element <{local}>{f' ({namespace})' if namespace and namespace != SVG else ''}, "
                   "which a plain drawing does not need")
        if not root:
            if local != "svg":
                refuse("its outermost element is not <svg>")
            root.append(local)
        for attr, value in attrs.items():
            attr_ns, _, attr_local = attr.rpartition(" ")
            if local == "use" and attr_local == "href" and attr_ns in ("", XLINK):
                if not value.strip().startswith("#"):
                    refuse("a <use> refers to another file")
                continue
            if attr_ns == XML and attr_local in ("space", "lang"):
                continue
            if attr_ns or attr_local not in ATTRIBUTES:
                refuse(f"it has the attribute {attr_local!r}, which a plain drawing does not need")
            for target in _URL_REFERENCE.findall(value):
                if not target.strip().startswith("#"):
                    refuse(f"the attribute {attr_local!r} refers to another file")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = lambda *args: refuse("it has a DOCTYPE (which can declare entities)")
    parser.EntityDeclHandler = lambda *args: refuse("it declares an entity")
    parser.ProcessingInstructionHandler = lambda target, data: refuse(f"it has the processing instruction <?{target}?>")
    parser.ExternalEntityRefHandler = lambda *args: refuse("it refers to an external entity")
    parser.SkippedEntityHandler = lambda *args: refuse("it uses an undeclared entity")
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UnsafeSvg(f"it is not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})") from None
    if not root:
        raise UnsafeSvg("it has no <svg> element")
