"""Generic walks over content models, defined once for every stage that needs one.

``walk`` visits every value inside a loaded item (validation's reference and text checks, the
renderer's list of [sic] marks, the locality profile's address checks); ``models_in`` lists the
model classes a field's annotation can hold (the loader's field names, the pruned local-facts
walk); ``sections`` visits a guide's sections and their nested subsections (the exporter's
citation index, the link titles, the validator's section ids and anchors).  They depend only on
pydantic, so load, validate, locality and render can share them without importing one another.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

if TYPE_CHECKING:  # a type only: walk and models are one layer, independent of each other
    from .models.guide import Guide, Section


def walk(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield (location, value) for every value inside a model, depth first.

    Iterative: a recursive ``yield from`` passes every value up through each
    enclosing generator, which made this walk the validator's largest cost.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [(loc, value)]
    while stack:
        loc, value = stack.pop()
        yield loc, value
        if isinstance(value, BaseModel):
            cls = type(value)
            names = FIELDS_LAST_FIRST.get(cls) or FIELDS_LAST_FIRST.setdefault(cls, tuple(reversed(cls.model_fields)))
            stack.extend([(loc + (name,), getattr(value, name)) for name in names])
        elif isinstance(value, (list, tuple)):
            stack.extend([(loc + (index,), value[index]) for index in range(len(value) - 1, -1, -1)])


# Field names per model class, last first (the walk's stack pops them in order).
FIELDS_LAST_FIRST: dict[type, tuple[str, ...]] = {}


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (``list[Step | Quote]`` → ``Step``, ``Quote``), at any depth."""
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.append(current)
        stack.extend(getattr(current, "__args__", ()) or ())
        stack.extend(getattr(current, "__metadata__", ()) or ())
        origin = getattr(current, "__origin__", None)
        if origin is not None and origin is not current:
            stack.append(origin)
    return found


class SectionAt(NamedTuple):
    """One section of a guide, where it sits in the guide's file and how deep (0: a top-level section)."""

    loc: tuple[str | int, ...]
    section: Section
    depth: int


def sections(guide: Guide) -> Iterator[SectionAt]:
    """Every section of a guide with its subsections, in page order (each section before its subsections).

    The page order is the order the guide template writes them, so the first section with an id is
    the one a link to that id reaches.
    """
    stack: list[SectionAt] = [SectionAt(("sections", i), s, 0) for i, s in reversed(list(enumerate(guide.sections)))]
    while stack:
        here = stack.pop()
        yield here
        subs = here.section.subsections
        stack.extend(SectionAt((*here.loc, "subsections", i), subs[i], here.depth + 1) for i in range(len(subs) - 1, -1, -1))
