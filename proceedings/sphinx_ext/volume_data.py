"""The volume as one edition reads it, written as JSON for the deposit records.

``proceedings deposit`` makes the records that Crossref, HAL and Zenodo take from the
volume's data. The titles of the sessions (translated in each edition), their order, kind,
part and contributors are known only once Sphinx has read every chapter, and the command
line never imports Sphinx: so every build, once it has finished well, leaves
``proceedings-volume.json`` in its doctree folder, beside what Sphinx itself keeps there.
The file is the contract between the two; ``proceedings.core.deposit.volume`` reads it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.sphinx_ext.settings import edition_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The file's name in the doctree folder, and the version of its shape.
FILENAME = 'proceedings-volume.json'
VERSION = 1


def volume_data(app: Sphinx) -> dict:
    """The edition's texts of the identity, and its sessions in the order of the book."""
    edition = edition_of(app)
    book = edition.book
    domain = proceedings_domain(app.env)
    sessions = []
    for docname in domain.sessions_in_order(app.env):
        session = domain.sessions[docname]
        sessions.append({
            'docname': docname,
            'title': app.env.titles[docname].astext(),
            'kind': session.get('kind', ''),
            'part': session.get('part', ''),
            # (role, key) pairs of book.toml's [contributors], as the session names them.
            'contributors': [list(pair) for pair in session.get('contributors', [])],
            # The chapter's page in the edition's folder, as the HTML builder names it.
            'page': f'{docname}.html',
        })
    return {
        'version': VERSION,
        'language': edition.language,
        'title': book.title,
        'subtitle': book.subtitle,
        'event_name': book.event_name,
        'event_place': book.event_place,
        'publisher': book.publisher,
        'editors': list(book.editors),
        'keywords': list(book.keywords),
        'sessions': sessions,
    }


def write_volume_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    path = Path(app.doctreedir) / FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(volume_data(app), ensure_ascii=False, indent=1) + '\n',
                    encoding='utf-8')


def setup_volume_data(app: Sphinx) -> None:
    app.connect('build-finished', write_volume_data)
