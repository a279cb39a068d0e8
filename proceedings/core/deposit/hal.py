"""HAL's TEI records (the AOfr schema): the volume as ``DOUV``, each session as ``COMM``.

HAL takes a title in several languages (``title`` with ``xml:lang``): each record gives
the title of every edition, the source language first, which is the record's language.
Its mandatory fields come from the volume: the conference's title, dates, city and
country, the HAL domains, the audience and the notes on peer review, popular science,
invitation and proceedings (a session of these acts is in the proceedings, by
construction). People are recorded by their names in parts; where the volume names no
one, its editors stand as the authors, as organisations, the way HAL records a body.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from proceedings.core.deposit.volume import HAL_AUDIENCES, xml_text

if TYPE_CHECKING:
    from proceedings.core.deposit.volume import Session, Volume

TEI = 'http://www.tei-c.org/ns/1.0'
HAL = 'http://hal.archives-ouvertes.fr/'
LANG = '{http://www.w3.org/XML/1998/namespace}lang'
#: The session's roles as HAL's relators name them: a speaker is a talk's author.
ROLES = {'speaker': 'aut', 'author': 'aut'}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
    element = ET.SubElement(parent, f'{{{TEI}}}{tag}',
                            {(LANG if k == 'lang' else k): v for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text, tag)
    return element


def _titles(parent: ET.Element, titles: dict[str, str], **attributes: str) -> None:
    for language, title in titles.items():
        _sub(parent, 'title', title, lang=language, **attributes)


def _authors(parent: ET.Element, volume: Volume, session: Session | None) -> None:
    people = []
    if session is not None:
        people = [(ROLES[role], volume.contributor(key)) for role, key in session.contributors
                  if role in ROLES and volume.contributor(key) is not None]
    for role, person in people:
        author = _sub(parent, 'author', role=role)
        name = _sub(author, 'persName')
        if person.given_names:
            _sub(name, 'forename', person.given_names, type='first')
        _sub(name, 'surname', person.family_names)
        if person.orcid:
            _sub(author, 'idno', person.orcid_url, type='ORCID')
    if not people:
        # The volume's editors, as bodies: the editors of the volume (``edt``), or the
        # authors of a session whose chapter names no one.
        role = 'edt' if session is None else 'aut'
        for name in volume.text('editors'):
            _sub(_sub(parent, 'author', role=role), 'orgName', name)


def _meeting(parent: ET.Element, volume: Volume) -> None:
    meeting = _sub(parent, 'meeting')
    _sub(meeting, 'title', volume.text('event_name'))
    _sub(meeting, 'date', volume.start.isoformat(), type='start')
    _sub(meeting, 'date', volume.end.isoformat(), type='end')
    _sub(meeting, 'settlement', volume.city)
    _sub(meeting, 'country', key=volume.country.upper())


def _record(volume: Volume, session: Session | None) -> bytes:
    settings = volume.settings
    language = volume.source_language
    ET.register_namespace('', TEI)
    ET.register_namespace('hal', HAL)
    root = ET.Element(f'{{{TEI}}}TEI')
    bibl = _sub(_sub(_sub(_sub(root, 'text'), 'body'), 'listBibl'), 'biblFull')
    titles = session.titles if session is not None else {
        lang: f'{volume.text("title", lang)}. {volume.text("subtitle", lang)}'
        for lang in volume.languages}
    titles = {lang: title for lang, title in titles.items()
              if lang == language or title not in (titles[language],)}

    statement = _sub(bibl, 'titleStmt')
    _titles(statement, titles)
    _authors(statement, volume, session)
    notes = _sub(bibl, 'notesStmt')
    _sub(notes, 'note', type='audience', n=str(HAL_AUDIENCES[settings.hal_audience]))
    if session is not None:
        _sub(notes, 'note', type='invited', n=str(int(settings.hal_invited)))
    _sub(notes, 'note', type='popular', n=str(int(settings.hal_popular)))
    _sub(notes, 'note', type='peer', n=str(int(settings.hal_peer_reviewed)))
    if session is not None:
        _sub(notes, 'note', type='proceedings', n='1')

    struct = _sub(_sub(bibl, 'sourceDesc'), 'biblStruct')
    analytic = _sub(struct, 'analytic')
    _titles(analytic, titles)
    _authors(analytic, volume, session)
    monogr = _sub(struct, 'monogr')
    if settings.isbn:
        _sub(monogr, 'idno', settings.isbn, type='isbn')
    if session is not None:
        _titles(monogr, {lang: f'{volume.text("title", lang)}. {volume.text("subtitle", lang)}'
                         for lang in (language,)}, level='m')
    _meeting(monogr, volume)
    if session is not None:
        for name in volume.text('editors'):
            _sub(monogr, 'editor', name)
    imprint = _sub(monogr, 'imprint')
    _sub(imprint, 'publisher', volume.text('publisher'))
    if settings.publication_date is not None:
        _sub(imprint, 'date', settings.publication_date.isoformat(), type='datePub')
    doi = volume.session_doi(session) if session is not None else volume.volume_doi()
    if doi:
        _sub(struct, 'idno', doi, type='doi')
    address = (volume.page_address(session) if session is not None
               else volume.edition_address())
    if address:
        _sub(struct, 'ref', address, type='publisher')

    profile = _sub(bibl, 'profileDesc')
    _sub(_sub(profile, 'langUsage'), 'language', ident=language)
    classes = _sub(profile, 'textClass')
    keywords = [(lang, word) for lang in volume.languages
                for word in dict.fromkeys(volume.text('keywords', lang))]
    if keywords:
        scheme = _sub(classes, 'keywords', scheme='author')
        for lang, word in keywords:
            _sub(scheme, 'term', word, lang=lang)
    for domain in settings.hal_domains:
        _sub(classes, 'classCode', scheme='halDomain', n=domain)
    _sub(classes, 'classCode', scheme='halTypology', n='COMM' if session else 'DOUV')
    ET.indent(root)
    return ET.tostring(root, encoding='UTF-8', xml_declaration=True) + b'\n'


def volume_record(volume: Volume) -> bytes:
    """The volume, as a work its editors directed (``DOUV``)."""
    return _record(volume, None)


def session_record(volume: Volume, session: Session) -> bytes:
    """A session, as a communication at the conference, in its proceedings (``COMM``)."""
    return _record(volume, session)
