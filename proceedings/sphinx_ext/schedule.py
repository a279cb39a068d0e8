"""The programme as data: the days of the event, their parts and the parts' sessions.

The programme page (``programme``) and the programme's PDF (``programme_pdf``) both show
this, so that they never disagree. An event whose ``book.toml`` declares its days is
grouped by day, each with its parts in the order of ``[[days]]``; a volume that declares
none has one group, unheaded, with its parts in the order of the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.sphinx_ext.i18n import _
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx

    from proceedings.core.model import Contributor


@dataclass(frozen=True)
class ProgrammeSession:
    docname: str
    #: The kind's label in the edition's language, '' for a kind the book does not know.
    kind: str
    title: str
    #: (role, contributor) of each person the session names, as it names them.
    people: tuple[tuple[str, Contributor], ...]
    #: The recordings, as the domain holds them: url, language, duration, audio, pending.
    recordings: tuple[dict[str, Any], ...]
    abstract: bool


@dataclass(frozen=True)
class ProgrammePart:
    docname: str
    title: str
    sessions: tuple[ProgrammeSession, ...]


@dataclass(frozen=True)
class ProgrammeDay:
    #: The day's name or its date in full, in the edition's language; '' when the volume
    #: declares no days.
    heading: str
    date: dt.date | None
    parts: tuple[ProgrammePart, ...]


def programme_days(app: Sphinx) -> list[ProgrammeDay]:
    """The days of the programme, each with its parts and their sessions, in order."""
    env = app.env
    domain = proceedings_domain(env)
    identity = identity_of(app)
    book = identity.translated(app.config.language, _)
    sessions = domain.sessions_in_order(env)

    def part_of(part: str) -> ProgrammePart:
        page = domain.part_page(part)
        found = []
        for docname in sessions:
            session = domain.sessions[docname]
            if session.get('part') != part:
                continue
            kind = book.kinds.get(session.get('kind', ''), '')
            found.append(ProgrammeSession(
                docname=docname,
                kind=kind,
                title=env.titles[docname].astext(),
                people=tuple((role, identity.contributors[key])
                             for role, key in session.get('contributors', ())
                             if key in identity.contributors),
                recordings=tuple(session.get('recordings', ())),
                abstract=bool(session.get('abstract')),
            ))
        return ProgrammePart(page, env.titles[page].astext(), tuple(found))

    in_order = domain.parts_in_order(env)
    if not identity.days:
        return [ProgrammeDay('', None, tuple(part_of(part) for part in in_order))]
    days = [ProgrammeDay(heading, day.date, tuple(
        part_of(part) for part in day.parts if domain.part_page(part) is not None))
        for day, heading in zip(identity.days, book.days)]
    # A part in no day is an error the build reports; the programme still shows it.
    placed = {part for day in identity.days for part in day.parts}
    stray = tuple(part_of(part) for part in in_order if part not in placed)
    if stray:
        days.append(ProgrammeDay('', None, stray))
    return days
