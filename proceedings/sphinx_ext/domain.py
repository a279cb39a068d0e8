"""What the chapters declare, kept across chapters and merged after parallel reads.

The session directives record here what each chapter holds; the checks, the programme,
the citations and the head tags read it once every chapter has been read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.domains import Domain

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.environment import BuildEnvironment


class ProceedingsDomain(Domain):
    """The data of the book's sessions and parts.

    ``parts``: part name -> [(docname, line)] of the pages that declare it.
    ``sessions``: docname -> {'kind', 'part', 'lineno' (of the ``{session}``),
    'part_lineno' (of its ``:part:``), 'contributors': [(role, key)] with role
    ``speaker``, ``chair`` or ``author`` and key one of ``book.toml``'s [contributors],
    'recordings': [{'url', 'language', 'duration' (seconds, 0 when unknown), 'audio'
    (a direct address, or ''), 'pending'}] in the order of the chapter, 'abstract'
    (whether it has one), 'description'}.
    ``problems``: docname -> [(line, message)], reported once reading is over.
    ``programmes``: docname -> line, the pages that show the programme.
    ``part_questions``: docname -> the parts that page declares whose sources give
    questions of their own (``{day-part}`` with ``:questions:``).
    """

    name = 'proceedings'
    label = 'Proceedings'
    initial_data: ClassVar[dict[str, Any]] = {
        'parts': {}, 'sessions': {}, 'problems': {}, 'programmes': {}, 'part_questions': {},
    }
    data_version = 4

    @property
    def parts(self) -> dict[str, list[tuple[str, int]]]:
        return self.data['parts']

    @property
    def sessions(self) -> dict[str, dict[str, Any]]:
        return self.data['sessions']

    @property
    def problems(self) -> dict[str, list[tuple[int, str]]]:
        return self.data['problems']

    @property
    def programmes(self) -> dict[str, int]:
        return self.data['programmes']

    @property
    def part_questions(self) -> dict[str, list[str]]:
        return self.data['part_questions']

    def part_has_questions(self, part: str) -> bool:
        """Whether the sources give *part* questions of its own."""
        return any(part in parts for parts in self.part_questions.values())

    def clear_doc(self, docname: str) -> None:
        self.sessions.pop(docname, None)
        self.part_questions.pop(docname, None)
        self.problems.pop(docname, None)
        self.programmes.pop(docname, None)
        for part, places in list(self.parts.items()):
            places[:] = [place for place in places if place[0] != docname]
            if not places:
                del self.parts[part]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ('sessions', 'problems', 'programmes', 'part_questions'):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value
        for part, places in otherdata['parts'].items():
            mine = self.parts.setdefault(part, [])
            mine.extend(place for place in places if place[0] in docnames)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    def part_page(self, part: str) -> str | None:
        places = self.parts.get(part)
        return places[0][0] if places else None

    def part_of_page(self, docname: str) -> str | None:
        return next((part for part, places in self.parts.items()
                     if places and places[0][0] == docname), None)

    def sessions_in_order(self, env: BuildEnvironment) -> list[str]:
        """The session chapters in the order a reader meets them in the book."""
        return [docname for docname in reading_order(env) if docname in self.sessions]

    def parts_in_order(self, env: BuildEnvironment) -> list[str]:
        """The parts of the day, in the order of their pages in the book."""
        pages = {places[0][0]: part for part, places in self.parts.items() if places}
        return [pages[docname] for docname in reading_order(env) if docname in pages]


def proceedings_domain(env: BuildEnvironment) -> ProceedingsDomain:
    return env.domains['proceedings']  # type: ignore[return-value]


def reading_order(env: BuildEnvironment) -> list[str]:
    """Every document reachable from the root's table of contents, depth first."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen or docname not in env.all_docs:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


def record_problem(env: BuildEnvironment, docname: str, lineno: int, message: str) -> None:
    proceedings_domain(env).problems.setdefault(docname, []).append((lineno, str(message)))


def record_session(env: BuildEnvironment, **fields: Any) -> None:
    session = proceedings_domain(env).sessions.setdefault(env.docname, {})
    for key, empty in (('contributors', []), ('recordings', []), ('abstract', False)):
        session.setdefault(key, empty)
    session.update(fields)
