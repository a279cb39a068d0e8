"""The repository's CITATION.cff, written from the book's identity.

    proceedings citation-cff [book.toml] > CITATION.cff

The Citation File Format describes software or data sets at its root: the acts are the
``preferred-citation``, as proceedings of a conference, with their languages.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proceedings.core.identity import Identity

#: What JSON leaves raw but YAML does not take as it is: line breaks of its own (U+0085,
#: U+2028, U+2029), and characters outside YAML's printable set.
NOT_YAML_PRINTABLE = re.compile('[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


def citation_cff(identity: Identity) -> str:
    """The repository's CITATION.cff: the software is this project, the work the acts."""

    def quoted(text: str) -> str:
        # A JSON string is a YAML double-quoted scalar: quotes, backslashes, line breaks
        # and control characters come out escaped, so a text never ends its scalar.
        return NOT_YAML_PRINTABLE.sub(lambda m: '\\u%04x' % ord(m.group(0)),
                                      json.dumps(text, ensure_ascii=False))

    people = '\n'.join(f'    - name: {quoted(name)}' for name in identity.editors)
    languages = '\n'.join(f'    - {code}' for code in identity.languages)
    url = f'url: {quoted(identity.base_url)}\n' if identity.base_url else ''
    return f"""\
# Written by `make citation-cff` from book.toml: change book.toml, then run it again.
cff-version: 1.2.0
message: "To cite the proceedings, use the preferred citation below."
type: software
title: {quoted(f'{identity.title}: the proceedings and their toolchain')}
authors:
{people.replace('    - ', '  - ')}
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
    date-start: {identity.event_date.isoformat()}
    date-end: {identity.event_date.isoformat()}
  year: {identity.event_date.year}
  month: {identity.event_date.month}
  languages:
{languages}
"""

