"""Reading YAML as untrusted input, keeping the line of every value.

PyYAML's own composer is recursive (a 10,000-level document overflows the
stack) and expands aliases (a "billion laughs" document exhausts memory).  We
build plain Python values straight from the parser's event stream instead:
iterative, so depth is only a counter; aliases and custom tags are refused
outright (authors never need them); duplicate keys are errors, not silent
overwrites.  Each value's position is recorded against its path so a pydantic
error location such as ``("sections", 2, "heading")`` maps back to a line.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is much faster on big corpora; the pure parser is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
# For the project's own configuration (mkdocs.yml), which is trusted and has no positions to keep.
SAFE_LOADER = _Loader
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    """A document that cannot become data; carries its position and a code."""

    def __init__(self, code: str, message: str, line: int = 1, col: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


@dataclass
class Document:
    """One file's data plus where each value sits in it."""

    path: Path
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Path_) -> tuple[int, int]:
        """Best position for a (possibly partial or union-tagged) location.

        pydantic adds union tags and model names to locations; we walk the data
        and skip any element that is not a real key or index, keeping the
        deepest position we could reach.
        """
        best = self.positions.get((), (1, 1))
        current: Any = self.data
        path: Path_ = ()
        for part in loc:
            if isinstance(current, dict) and part in current:
                current = current[part]
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                current = current[part]
            else:
                continue
            path = path + (part,)
            best = self.positions.get(path, best)
        return best


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def _scalar(event: yaml.ScalarEvent) -> Any:
    if not event.tag or event.tag == "!":
        # Text the resolver would call str, known without running it (most content is text): a quoted
        # or block scalar, or a plain one whose first character no implicit resolver is keyed on.
        resolvers = _RESOLVER.yaml_implicit_resolvers
        if not event.implicit[0] or (event.value[:1] not in resolvers and None not in resolvers):
            return event.value
    if event.tag and event.tag != "!":
        tag = event.tag
    else:
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:value":
            tag = "tag:yaml.org,2002:str"  # YAML 1.1 gives a lone "=" a tag of its own; it is text
        elif tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(
                "yaml-merge-key", "merge keys (<<) are not allowed", *_mark(event),
                hint="write the keys out in full",
            )
    if tag not in _ALLOWED_TAGS:
        raise YamlProblem(
            "yaml-tag",
            f"the tag {tag!r} is not allowed",
            *_mark(event),
            hint="remove the tag; content files hold plain text, numbers, lists and mappings",
        )
    if tag == "tag:yaml.org,2002:str":
        return event.value  # what the constructor would return; most values are text, so skip the node
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except Exception:  # noqa: BLE001 - untrusted text must never crash the loader
        # A date that does not exist (2024-13-45), a number too long to convert,
        # "!!bool maybe": keep the text, so the model reports it against its field.
        return event.value
    finally:
        # The shared constructor caches every node it builds; without this it keeps them all.
        _CONSTRUCTOR.constructed_objects.pop(node, None)
        _CONSTRUCTOR.recursive_objects.pop(node, None)
    if tag == "tag:yaml.org,2002:timestamp":
        # Dates stay dates; times of day are never content, keep the text.
        return value
    return value


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _too_large(size: int) -> YamlProblem:
    return YamlProblem(
        "file-too-large",
        f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
        hint="split the content into several files, one item per file",
    )


def _check_text(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _too_large(len(raw))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM is harmless; editors on Windows add it.
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise YamlProblem("encoding", "the file is not valid UTF-8", line, col, hint="save the file as UTF-8") from None
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        col = at - text.rfind("\n", 0, at)
        raise YamlProblem("nul-byte", "the file contains a NUL byte", line, col, hint="the file may be binary or corrupted")
    return text.replace("\r\n", "\n")


def read_raw(path: Path) -> bytes:
    """A content file's bytes, refusing what is not a regular file of sane size."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a directory, a device or a pipe could block or never end
        raise YamlProblem("unreadable", "this is not a regular file", hint="content files are ordinary text files")
    if info.st_size > MAX_BYTES:  # refuse before reading: never load a huge file into memory
        raise _too_large(info.st_size)
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _build(text: str, doc: Document) -> Any:
    """Build the document's value from the parser's events, recording positions in ``doc``.

    Raises :class:`YamlProblem` for what the loader refuses and lets the parser's own
    ``yaml.YAMLError`` through, for :func:`parse` to locate.
    """
    # Stack entries: [container, path, pending_key, pending_key_pos, key_path_set]
    stack: list[list[Any]] = []
    documents = 0
    nodes = 0
    result: Any = None

    def place(value: Any, pos: tuple[int, int]) -> None:
        nonlocal result
        if not stack:
            result = value
            doc.positions[()] = pos
            return
        frame = stack[-1]
        container, cpath = frame[0], frame[1]
        if isinstance(container, list):
            item_path = cpath + (len(container),)
            container.append(value)
            doc.positions[item_path] = pos
            if isinstance(value, (dict, list)):
                frame_child_path[id(value)] = item_path
            return
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlProblem(
                    "yaml-complex-key", "a mapping key must be plain text", *pos, hint="use a simple word as the key"
                )
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                value = str(value)
            if value in container:
                raise YamlProblem(
                    "duplicate-key",
                    f"the key {value!r} appears twice in the same mapping",
                    *pos,
                    hint="remove or rename one of them; YAML would silently keep only the last",
                )
            frame[2] = value
            frame[3] = pos
            return
        key = frame[2]
        container[key] = value
        key_path = cpath + (key,)
        doc.positions[key_path] = frame[3]
        if isinstance(value, (dict, list)):
            frame_child_path[id(value)] = key_path
        frame[2] = _NO_KEY

    frame_child_path: dict[int, Path_] = {}
    # The parser's own get_event until it returns None: yaml.parse() wraps the same calls in a
    # Python generator that cost as much as the parsing itself on a large site.
    for event in iter(_Loader(text).get_event, None):
        if type(event) is yaml.ScalarEvent and not event.anchor and nodes < MAX_NODES:
            nodes += 1  # the common case first; anything unusual takes the full path below
            place(_scalar(event), _mark(event))
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "yaml-multiple-documents",
                    "the file holds more than one YAML document",
                    *_mark(event),
                    hint="keep one item per file; remove the extra '---'",
                )
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if getattr(event, "anchor", None) or isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                "yaml-alias",
                "anchors and aliases (&name, *name) are not allowed",
                *_mark(event),
                hint="write the value out in full; aliases can hide very large documents",
            )
        nodes += 1
        if nodes > MAX_NODES:
            raise YamlProblem(
                "too-many-values", f"the file has more than {MAX_NODES:,} values", *_mark(event),
                hint="split the content into several files",
            )
        if isinstance(event, yaml.ScalarEvent):
            place(_scalar(event), _mark(event))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag and event.tag not in _ALLOWED_TAGS and event.tag != "!":
                raise YamlProblem("yaml-tag", f"the tag {event.tag!r} is not allowed", *_mark(event))
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(*_mark(event))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            place(container, _mark(event))
            path_here = frame_child_path.pop(id(container), ())
            stack.append([container, path_here, _NO_KEY, (0, 0)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return result


def parse(path: Path, raw: bytes | None = None) -> Document:
    """Parse one YAML file into a :class:`Document` or raise :class:`YamlProblem`."""
    if raw is None:
        raw = read_raw(path)
    text = _check_text(raw)
    doc = Document(path, None)
    try:
        doc.data = _build(text, doc)
    except yaml.MarkedYAMLError as exc:
        if _is_parser_depth_limit(exc):
            raise _too_deep_before(text, exc, path) from None
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start and mark and start.line != mark.line:
            # Say where the unfinished thing began: an unclosed quote is found only
            # at the end of the file, but the author must look where it starts.
            problem += f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
            if "quoted scalar" in exc.context:
                mark = start
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(
            "yaml-syntax",
            f"YAML syntax error: {problem}",
            line,
            col,
            hint="check indentation and quoting; text containing ': ' or starting with a symbol needs quotes",
        ) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character such as U+0007): locate it.
        at = min(max(exc.position, 0), len(text))
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise YamlProblem(
            "control-character", f"the file contains the character U+{char:04X}, which YAML does not allow",
            line, col, hint="retype the text around it; it may have been pasted with hidden formatting",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"YAML syntax error: {exc}", hint="check the file's syntax") from None
    except RecursionError:  # pragma: no cover - the iterative build should prevent this
        raise YamlProblem("too-deep", "the document is nested too deeply") from None
    return doc


def _too_deep(line: int, col: int) -> YamlProblem:
    return YamlProblem(
        "too-deep",
        f"the document is nested more than {MAX_DEPTH} levels deep",
        line,
        col,
        hint="content never needs this much nesting; check the indentation",
    )


def _is_parser_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml (from PyYAML 6.0.4) stops at its own nesting limit, before emitting any event
    of a deep flow collection: its scanner reads ahead for a possible key."""
    return "nesting depth" in (exc.problem or "")


def _too_deep_before(text: str, exc: yaml.MarkedYAMLError, path: Path) -> YamlProblem:
    """Locate our own ``too-deep`` in a document the parser refused for its nesting.

    The text up to where the parser stopped is far deeper than :data:`MAX_DEPTH`, and a
    truncated document makes the parser emit its events, so the loader finds the level it
    refuses exactly where it would in a parser without a limit of its own.
    """
    mark = exc.problem_mark
    if mark is None:  # pragma: no cover - libyaml always marks it
        return _too_deep(1, 1)
    for _attempt in range(4):  # the prefix can meet the limit again just before its end
        lines = text.split("\n", mark.line)
        offset = sum(len(line) + 1 for line in lines[: mark.line]) + mark.column
        text = text[: max(offset - 1, 0)]
        try:
            _build(text, Document(path, None))
        except YamlProblem as problem:
            return problem
        except yaml.MarkedYAMLError as again:
            if not _is_parser_depth_limit(again) or again.problem_mark is None:
                break
            mark = again.problem_mark
        except yaml.YAMLError:
            break
    return _too_deep(mark.line + 1, mark.column + 1)


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()
