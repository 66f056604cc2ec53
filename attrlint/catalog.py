"""The Genesys Cloud operations catalog: which (method, path) pairs exist and what they take.

The data is `schemas/catalog.json`, generated from the official SDKs by
`scripts/build_catalog.py` (its `catalog_document` describes the layout), plus one JSON Schema
per request body in `schemas/bodies/`. This module is on every run's start-up path, so it
imports only the standard library, parses the catalog once per process, and builds the rest
on first use: the path trie one first segment (`/conversations`, `/users`, ...) at a time,
`Operation` objects per row, name indexes, body schemas, the near-miss index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.memo import remember
from attrlint.resources import data_dir
from attrlint.unknown import has_unknown

__all__ = ["Catalog", "Operation", "PathMatch"]


class Operation(NamedTuple):
    """One API operation: an HTTP method on a path template, as the official SDKs define it."""

    method: str
    path: str
    python_name: str
    js_name: str | None
    api_class: str
    body_model: str | None
    body_required: bool
    response_model: str | None
    deprecated: bool
    public: bool
    summary: str


class PathMatch(NamedTuple):
    """A path template that a concrete path fits, with the values that filled its placeholders."""

    template: str
    params: dict[str, str]
    operations: Mapping[str, Operation]


# The row layout catalog.json must have: `Operation`'s fields (see scripts/build_catalog.py).
_SEPARATOR = "|"

# Trie nodes are plain lists (thousands of node objects would cost start-up time):
# [literal children {segment: node}, placeholder children {"{name}": node},
#  {method: catalog row} at the end of a template, its PathMatch parts once built]
_LITERALS, _PLACEHOLDERS, _ROWS, _LEAF = range(4)

# nearest(): a query segment aligned with a template segment scores in [0, 1]; a segment
# skipped on either side costs a penalty; the total is divided by the query's length.
_SYNONYM_SCORE = 0.9  # synonym or singular/plural
_TYPO_RATIO = 0.75  # difflib ratio from which two words count as a typo of each other
_TYPO_WEIGHT = 0.8
_WORD_IN_ID_SLOT = 0.6  # an unknown word where the template has a placeholder (may be an ID)
_API_WORD_IN_ID_SLOT = 0.3  # a word of the API (`voice`, `participants`) in a placeholder
_SKIP_TEMPLATE_LITERAL = 0.6
_SKIP_TEMPLATE_PLACEHOLDER = 0.4
_SKIP_TEMPLATE_TRAILING = 0.15  # `.../{participantId}` is close to `.../{participantId}/attributes`
_SKIP_QUERY = 0.6
_METHOD_BONUS = 0.05
_MAX_LENGTH_DIFFERENCE = 2
_WALK_CACHE_SIZE = 4096
_UNKNOWN = "\x00unknown"  # a segment filled in at send time, in a walk's shape


@cache
def _near_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the `/api/vN` prefix, an ID-like segment), compiled when nearest() first runs.

    ID-like: template-style placeholders ({id} :id <id> $ID ${ID} {{id}}, also URL-encoded)
    and anything with a digit (UUIDs, numbers).
    """
    return (lazy_re(r"/api/v\d+(?=/|$)"), lazy_re(r"\{.*\}|%7B.*%7D|:\w+|<.*>|\$\{?\w+\}?|.*\d.*", re.IGNORECASE))


def _strip_url(path: str) -> str:
    """The path of a path or URL, without query string and fragment."""
    scheme = path.find("://")
    if scheme != -1:  # a full URL: drop scheme and host (urllib would cost an import and µs)
        start = path.find("/", scheme + 3)
        path = path[start:] if start != -1 else ""
    if "?" in path:
        path = path.partition("?")[0]
    if "#" in path:
        path = path.partition("#")[0]
    return path


def camel_case(python_name: str) -> str:
    """The JS SDK's name for a Python SDK method (`patch_a_b` -> `patchAB`)."""
    first, *rest = python_name.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def _schema_stem(model: str) -> str:
    """File stem of a body schema; the same rule as `schema_stem` in scripts/build_catalog.py."""
    return re.sub(r"[^A-Za-z0-9]+", "_", model).strip("_")


def _word_scores(word: str, literals: Mapping[str, object]) -> dict[str, float]:
    """Literal segments a query word may stand for, with scores (see Catalog.nearest()).

    A word that is itself one of the API's literals is taken as meant: it is not compared
    with the others for typos, which also keeps the common case cheap.
    """
    from attrlint.knowledge import Knowledge  # the hand-kept words (`voice` -> `calls`)

    lowered = word.lower()
    synonym = Knowledge.load().synonyms.get(lowered)
    forms = [lowered + "s", lowered.removesuffix("s"), *([synonym] if synonym else [])]
    scores = {form: _SYNONYM_SCORE for form in forms if form in literals}
    if lowered in literals:
        scores[lowered] = 0.95
    if word in literals:
        scores[word] = 1.0
        return scores
    from difflib import SequenceMatcher  # only near-miss suggestions need it

    matchers = [(SequenceMatcher(None, b=candidate), len(candidate)) for candidate in (lowered, synonym) if candidate]
    for literal in literals:
        best = 0.0
        for matcher, size in matchers:
            # Cheap bounds first, as difflib.get_close_matches does.
            if 2 * min(size, len(literal)) < _TYPO_RATIO * (size + len(literal)):
                continue
            matcher.set_seq1(literal)
            if matcher.quick_ratio() >= _TYPO_RATIO:
                best = max(best, matcher.ratio())
        if best >= _TYPO_RATIO:
            scores[literal] = max(scores.get(literal, 0.0), _TYPO_WEIGHT * best)
    return scores


class Catalog:
    """All operations of the pinned SDK version, with path matching and near-miss suggestions."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Wrap a parsed catalog.json document (use `Catalog.load()` for the shipped one)."""
        if tuple(document["fields"]) != Operation._fields:
            raise ValueError(f"catalog.json rows are {document['fields']}, expected {Operation._fields}")
        self._rows: list[str] = document["operations"]
        self._prefix: str = document["prefix"]
        self._classes: list[str] = document["classes"]
        self._sections: dict[str, list[int]] = document["sections"]
        self._subtries: dict[str, list[Any]] = {}
        self._literals: dict[str, set[str]] = {}  # first segment -> the literal segments under it
        self._walks: dict[tuple[str | None, ...], list[tuple[list[Any], tuple[int, ...]]]] = {}
        self._operations: list[Operation | None] = [None] * len(self._rows)
        self._near_index: _NearIndex | None = None
        self._word_cache: dict[str, dict[str, float]] = {}
        self._bodies: dict[str, dict[str, Any] | None] = {}  # model -> schema

    @classmethod
    @cache
    def load(cls) -> Catalog:
        """The catalog shipped with attrlint, parsed once per process."""
        path = data_dir("schemas") / "catalog.json"
        return cls(json.loads(path.read_bytes()))

    def __len__(self) -> int:
        """Number of operations (unique method + path pairs)."""
        return len(self._rows)

    def __iter__(self) -> Iterator[Operation]:
        """Every operation, ordered by path segments then method."""
        return (self._operation(row) for row in range(len(self._rows)))

    def templates(self) -> Iterator[str]:
        """Every distinct path template, ordered by segments."""
        previous = None
        for line in self._rows:
            rest = line.split(_SEPARATOR, 2)[1]
            if rest != previous:
                previous = rest
                yield self._prefix + rest

    def _operation(self, row: int) -> Operation:
        """The Operation of catalog row `row`, built on first use."""
        operation = self._operations[row]
        if operation is None:
            (
                method,
                rest,
                python_name,
                js_name,
                class_index,
                body_model,
                body_required,
                response_model,
                deprecated,
                public,
                summary,
            ) = self._rows[row].split(_SEPARATOR)
            operation = Operation(
                method=method,
                path=self._prefix + rest,
                python_name=python_name,
                js_name=camel_case(python_name) if js_name == "*" else js_name or None,
                api_class=self._classes[int(class_index)],
                body_model=body_model or None,
                body_required=body_required == "1",
                response_model=response_model or None,
                deprecated=deprecated == "1",
                public=public == "1",
                summary=summary,
            )
            self._operations[row] = operation
        return operation

    # ------------------------------------------------------------------------------ matching

    def _subtrie(self, first: str) -> list[Any] | None:
        """The trie node of first segment `first` (built on first use), None if no such API."""
        node = self._subtries.get(first)
        if node is None:
            bounds = self._sections.get(first)
            if bounds is None:
                return None
            node = self._subtries[first] = [{}, {}, None, None]
            literals = self._literals[first] = {first}  # the first one too: it tells walks apart
            # Rows are sorted by segments: a row with the previous row's path reuses its leaf,
            # and a new path resumes from the deepest node it shares with the previous path.
            trail = [node]
            previous: list[str] = []
            previous_rest = None
            leaf = node
            for row in range(*bounds):
                method, rest, _ = self._rows[row].split(_SEPARATOR, 2)
                if rest != previous_rest:
                    previous_rest = rest
                    segments = rest.split("/")[2:]
                    shared = 0
                    for old, new in zip(previous, segments, strict=False):
                        if old != new:
                            break
                        shared += 1
                    del trail[shared + 1 :]
                    leaf = trail[shared]
                    for segment in segments[shared:]:
                        if segment[0] != "{":
                            literals.add(segment)
                        children = leaf[_PLACEHOLDERS if segment[0] == "{" else _LITERALS]
                        child = children.get(segment)
                        if child is None:
                            child = children[segment] = [{}, {}, None, None]
                        trail.append(child)
                        leaf = child
                    previous = segments
                    leaf[_ROWS] = {}
                leaf[_ROWS][method] = row
        return node

    def _path_match(self, leaf: list[Any], values: tuple[str, ...]) -> PathMatch:
        """PathMatch for the end node of a template and the segments its placeholders took."""
        parts = leaf[_LEAF]
        if parts is None:
            rows = leaf[_ROWS]
            template = self._operation(next(iter(rows.values()))).path
            names = tuple(s[1:-1] for s in template.split("/") if s.startswith("{"))
            operations = MappingProxyType({m: self._operation(r) for m, r in rows.items()})
            parts = leaf[_LEAF] = (template, names, operations)
        template, names, operations = parts
        return PathMatch(template, dict(zip(names, values, strict=True)), operations)

    def serves(self, path: str) -> bool:
        """True when `path` lies under one of the Platform API's first segments
        (`/api/v2/conversations/...`), whether or not an operation has it."""
        segments = _strip_url(path).split("/")
        return len(segments) > 3 and segments[1:3] == ["api", "v2"] and segments[3] in self._sections

    def match(self, path: str) -> list[PathMatch]:
        """All templates the concrete `path` fits, the one with most literal segments first.

        `path` may be a full URL; the query string, fragment and a trailing slash are ignored,
        and it must start with `/api/v2/`. Placeholders take any non-empty segment, so
        `/api/v2/conversations/voice/participants/p1` fits the generic
        `{conversationId}/participants/{participantId}` template with conversationId="voice";
        judging such values is the caller's business. A segment filled in at send time (it
        holds a mark, `attrlint.unknown`) fits literal segments as well.
        """
        segments, walked = self._walked(path)
        return [self._path_match(node, tuple([segments[i] for i in slots])) for node, slots in walked]

    def _walked(self, path: str) -> tuple[list[str], list[tuple[list[Any], tuple[int, ...]]]]:
        """The segments of `path` after `/api/v2/` and what `_walk` finds for them."""
        path = _strip_url(path).rstrip("/")
        if not path.startswith("/api/v2/"):
            return [], []
        segments = path[8:].split("/")
        start = self._subtrie(segments[0])
        if start is None:
            return segments, []
        # The walk sees a segment only as empty or not and as the literal it is, if any: paths
        # that differ only in other segments (IDs) walk alike, so each shape is walked once.
        literals = self._literals[segments[0]]
        shape = tuple([s if not s or s in literals else _UNKNOWN if has_unknown(s) else None for s in segments])
        walked = self._walks.get(shape)
        if walked is None:
            walked = remember(self._walks, shape, self._walk(start, segments), _WALK_CACHE_SIZE)
        return segments, walked

    @staticmethod
    def _walk(start: list[Any], segments: list[str]) -> list[tuple[list[Any], tuple[int, ...]]]:
        """The template end nodes `segments` reach from the first segment's node `start`, best
        first, each with the indexes of the segments its placeholders took."""
        last = len(segments)
        found: list[tuple[int, list[Any], tuple[int, ...]]] = []
        # Depth-first; the literal child is pushed last so it is explored first.
        stack: list[tuple[list[Any], int, int, tuple[int, ...]]] = [(start, 1, 1, ())]
        pop, push = stack.pop, stack.append
        while stack:
            node, index, literals, slots = pop()
            if index == last:
                if node[_ROWS] is not None:
                    found.append((-literals, node, slots))
                continue
            segment = segments[index]
            placeholders = node[_PLACEHOLDERS]
            if placeholders and segment:  # an empty segment (`//`) fills no placeholder
                captured = (*slots, index)
                # Reversed, so that siblings (`{messageId}`, `{messageIds}`) pop in catalog order.
                for child in reversed(placeholders.values()):
                    push((child, index + 1, literals, captured))
            if segment and has_unknown(segment):  # filled in at send time: it may be any literal too
                for child in reversed(node[_LITERALS].values()):
                    push((child, index + 1, literals, slots))
                continue
            child = node[_LITERALS].get(segment)
            if child is not None:
                push((child, index + 1, literals + 1, slots))
        if len(found) > 1:
            # Stable: equal literal counts keep the literal-before-placeholder walk order.
            found.sort(key=itemgetter(0))
            if any(segment and has_unknown(segment) for segment in segments):
                # A segment filled in at send time fits anything: only the templates that fit
                # the known segments best are what the sender can mean.
                found = [entry for entry in found if entry[0] == found[0][0]]
        return [(node, slots) for _, node, slots in found]

    def operation(self, method: str, path: str) -> tuple[Operation, PathMatch] | None:
        """The operation `method path` calls: the best-ranked matching template with `method`."""
        method = method.upper()
        segments, walked = self._walked(path)
        for node, slots in walked:
            row = node[_ROWS].get(method)
            if row is not None:
                return self._operation(row), self._path_match(node, tuple([segments[i] for i in slots]))
        return None

    # ------------------------------------------------------------------------------ bodies

    def body_schema(self, model: str) -> dict[str, Any] | None:
        """The JSON Schema (Draft 2020-12) of request body `model`, or None if not shipped.

        Loaded from `schemas/bodies/` on first use and cached; treat it as read-only.
        """
        if model not in self._bodies:  # by model name: the file stem is computed once
            path = data_dir("schemas") / "bodies" / f"{_schema_stem(model)}.json"
            self._bodies[model] = json.loads(path.read_bytes()) if path.is_file() else None
        return self._bodies[model]

    # ------------------------------------------------------------------------------ near misses

    def _near(self) -> _NearIndex:
        """The index nearest() searches, built on first use."""
        if self._near_index is None:
            self._near_index = _NearIndex(self._rows, self._prefix)
        return self._near_index

    def _scores_for(self, word: str, literals: Mapping[str, object]) -> dict[str, float]:
        """`_word_scores`, cached (the cache is bounded: words come from user input)."""
        scores = self._word_cache.get(word)
        if scores is None:
            scores = remember(self._word_cache, word, _word_scores(word, literals))
        return scores

    def nearest(self, path: str, method: str | None = None, limit: int = 3) -> list[str]:
        """The real templates closest to a path that matched none, best first.

        Segments are aligned like an edit distance: equal words, synonyms (the overlay's `path_synonyms`),
        singular/plural and typos score; a placeholder takes an ID-like segment fully and a
        plain word partly; a missing or extra segment costs a penalty, an extra segment at the
        end of the template only a small one. Templates that have `method` are preferred, and
        on a tie current ones before deprecated ones. The `/api/vN` prefix is optional in
        `path`. Empty when no segment of `path` resembles a word of the API.
        """
        api_version, id_like = _near_patterns()
        path = api_version.sub("", _strip_url(path), count=1)
        query = [s for s in path.split("/") if s]
        if not query:
            return []
        index = self._near()
        is_id = [bool(id_like.fullmatch(s)) for s in query]
        scores = {
            s: self._scores_for(s, index.literals) for s, is_id_s in zip(query, is_id, strict=True) if not is_id_s
        }
        candidates: set[int] = set()
        for word_scores in scores.values():
            for literal in word_scores:
                candidates.update(index.containing(literal))
        literals = index.literals
        aligned = [
            (scores.get(s, {}), 1.0 if is_id_s else _API_WORD_IN_ID_SLOT if s in literals else _WORD_IN_ID_SLOT)
            for s, is_id_s in zip(query, is_id, strict=True)
        ]
        n = len(query)
        method = method.upper() if method else None
        ranked: list[tuple[float, int, bool, str]] = []
        for i in candidates:
            segments = index.segments[i]
            extra = abs(len(segments) - n)
            if extra > _MAX_LENGTH_DIFFERENCE:
                continue
            score = _alignment(aligned, segments, index.shape(i)) / n
            if method in index.methods[i]:
                score += _METHOD_BONUS
            ranked.append((-score, extra, index.deprecated(i), index.templates[i]))
        ranked.sort()
        return [template for *_, template in ranked[:limit]]


class _NearIndex:
    """Distinct templates as segment tuples, with their methods, for Catalog.nearest()."""

    __slots__ = ("_containing", "_rows", "_shapes", "literals", "methods", "segments", "starts", "templates")

    def __init__(self, rows: list[str], prefix: str) -> None:
        """Index catalog rows (ordered by path, so the rows of one template are adjacent)."""
        templates: list[str] = []
        segments: list[tuple[str, ...]] = []
        methods: list[set[str]] = []
        starts: list[int] = []  # a template's first row; the next template's start ends it
        previous = None
        for row, line in enumerate(rows):
            method, rest, _ = line.split(_SEPARATOR, 2)
            if rest == previous:
                methods[-1].add(method)
                continue
            previous = rest
            templates.append(prefix + rest)
            segments.append(tuple(rest[1:].split("/")))
            methods.append({method})
            starts.append(row)
        starts.append(len(rows))
        self._rows = rows
        self.templates = templates
        self.segments = segments
        self.methods = methods
        self.starts = starts
        # Every literal segment of the API; a dict for ordered, fast membership.
        self.literals: dict[str, None] = {s: None for s in dict.fromkeys(chain.from_iterable(segments)) if s[0] != "{"}
        self._containing: dict[str, list[int]] = {}
        self._shapes: dict[int, tuple[tuple[bool, ...], tuple[float, ...], list[float]]] = {}

    def containing(self, literal: str) -> list[int]:
        """Indexes of the templates that have `literal` as a segment."""
        found = self._containing.get(literal)
        if found is None:
            found = self._containing[literal] = [i for i, segments in enumerate(self.segments) if literal in segments]
        return found

    def shape(self, index: int) -> tuple[tuple[bool, ...], tuple[float, ...], list[float]]:
        """(is placeholder, cost of skipping, cost of skipping all up to here) per segment."""
        shape = self._shapes.get(index)
        if shape is None:
            placeholder = tuple(s[0] == "{" for s in self.segments[index])
            skip = tuple(_SKIP_TEMPLATE_PLACEHOLDER if p else _SKIP_TEMPLATE_LITERAL for p in placeholder)
            leading = [0.0]
            for cost in skip:
                leading.append(leading[-1] - cost)
            shape = self._shapes[index] = (placeholder, skip, leading)
        return shape

    def deprecated(self, index: int) -> bool:
        """True when every operation on template `index` is deprecated."""
        lines = self._rows[self.starts[index] : self.starts[index + 1]]
        column = Operation._fields.index("deprecated")
        return all(line.split(_SEPARATOR)[column] == "1" for line in lines)


def _alignment(
    query: Sequence[tuple[Mapping[str, float], float]],
    segments: tuple[str, ...],
    shape: tuple[tuple[bool, ...], tuple[float, ...], list[float]],
) -> float:
    """Best total score of aligning a query's segments with a template's (dynamic programming).

    `query` holds, per query segment, its scores against literals and its score in a
    placeholder; `shape` is `_NearIndex.shape()` of the template. The loop is written out
    (no max()) because it runs for every candidate template.
    """
    placeholder, skip, previous = shape
    last = len(query)
    for i, (word_scores, in_placeholder) in enumerate(query, start=1):
        # Once the whole query is used up, the template's remaining segments are a trailing
        # extension and cost less.
        trailing = i == last
        left = previous[0] - _SKIP_QUERY
        current = [left]
        for j, segment in enumerate(segments):
            best = previous[j] + (in_placeholder if placeholder[j] else word_scores.get(segment, 0.0))
            other = left - (_SKIP_TEMPLATE_TRAILING if trailing else skip[j])
            if other > best:  # noqa: PLR1730 - max() costs a call per cell
                best = other
            other = previous[j + 1] - _SKIP_QUERY
            if other > best:  # noqa: PLR1730
                best = other
            current.append(best)
            left = best
        previous = current
    return previous[-1]
