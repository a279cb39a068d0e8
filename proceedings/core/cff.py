"""The repository's CITATION.cff, written from the book's identity.

    proceedings citation-cff [book.toml] > CITATION.cff

The Citation File Format describes software or data sets at its root: the acts are the
``preferred-citation``, as proceedings of a conference, with their languages and the days
of the event. The work's authors at the root are the editors, then every contributor the
volume declares (speakers, chairs, authors), with their affiliations and ORCID iDs.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from proceedings.core.identity import Identity
    from proceedings.core.model import Contributor

#: What JSON leaves raw but YAML does not take as it is: line breaks of its own (U+0085,
#: U+2028, U+2029), and characters outside YAML's printable set.
NOT_YAML_PRINTABLE = re.compile('[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: quotes, backslashes, line breaks
    # and control characters come out escaped, so a text never ends its scalar.
    return NOT_YAML_PRINTABLE.sub(lambda m: '\\u%04x' % ord(m.group(0)),
                                  json.dumps(text, ensure_ascii=False))


def person_entry(person: Contributor, quote: Callable[[str], str] = quoted) -> list[str]:
    """A contributor as CFF writes a person: its split names when the volume gives them,
    else an entity of the name as printed (CFF's person has no field for a whole name)."""
    if person.family_names or person.given_names:
        fields = [('family-names', person.family_names), ('given-names', person.given_names),
                  ('affiliation', person.affiliation)]
    else:
        fields = [('name', person.name)]
    fields.append(('orcid', person.orcid_url))
    lines = [f'{key}: {quote(value)}' for key, value in fields if value]
    return ['- ' + lines[0], *('  ' + line for line in lines[1:])]


def citation_cff(identity: Identity) -> str:
    """The repository's CITATION.cff: the software is this project, the work the acts."""
    people = '\n'.join(f'    - name: {quoted(name)}' for name in identity.editors)
    contributors = ''.join(
        f'\n  {line}' for person in identity.contributors.values()
        for line in person_entry(person))
    start, end = identity.event_dates
    place = ''.join(f'    {key}: {quoted(value)}\n' for key, value in (
        ('city', identity.event_city), ('country', identity.event_country)) if value)
    languages = '\n'.join(f'    - {code}' for code in identity.languages)
    url = f'url: {quoted(identity.base_url)}\n' if identity.base_url else ''
    return f"""\
# Written by `make citation-cff` from book.toml: change book.toml, then run it again.
cff-version: 1.2.0
message: "To cite the proceedings, use the preferred citation below."
type: software
title: {quoted(f'{identity.title}: the proceedings and their toolchain')}
authors:
{people.replace('    - ', '  - ')}{contributors}
{url}preferred-citation:
  type: proceedings
  title: {quoted(f'{identity.title}. {identity.subtitle}')}
  authors:
{people}
  editors:
{people}
  publisher:
    name: {quoted(identity.publisher)}
  conference:
    name: {quoted(identity.event_name)}
    location: {quoted(identity.event_place)}
{place}    date-start: {start.isoformat()}
    date-end: {end.isoformat()}
  year: {start.year}
  month: {start.month}
  languages:
{languages}
"""

