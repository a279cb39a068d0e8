"""The Crossref deposit of a volume: one ``doi_batch`` in the metadata schema 5.5.0.

A ``conference`` holds the event (its name, place and dates), the proceedings volume
(title, publisher, publication date, ISBN or ``noisbn``, its DOI and address) and one
``conference_paper`` per session, with its title, its contributors, its DOI and the
address of its chapter, in the source language: the edition each DOI leads to.
The volume's editors stand as its contributors; a session names only who the chapter
names (Crossref requires no one).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from proceedings.core.deposit.volume import xml_text

if TYPE_CHECKING:
    import datetime as dt

    from proceedings.core.deposit.volume import Session, Volume

VERSION = '5.5.0'
NAMESPACE = f'http://www.crossref.org/schema/{VERSION}'
SCHEMA_LOCATION = f'{NAMESPACE} https://www.crossref.org/schemas/crossref{VERSION}.xsd'
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
#: The session's roles as Crossref names them: a speaker is the author of a talk.
ROLES = {'speaker': 'author', 'author': 'author', 'chair': 'chair'}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
    element = ET.SubElement(parent, f'{{{NAMESPACE}}}{tag}',
                            {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = xml_text(text, tag)
    return element


def _date(parent: ET.Element, tag: str, date: dt.date, media_type: str = 'online') -> None:
    element = _sub(parent, tag, media_type=media_type)
    _sub(element, 'month', f'{date.month:02d}')
    _sub(element, 'day', f'{date.day:02d}')
    _sub(element, 'year', str(date.year))


def _doi_data(parent: ET.Element, doi: str, address: str) -> None:
    data = _sub(parent, 'doi_data')
    _sub(data, 'doi', doi)
    _sub(data, 'resource', address)


def _organisations(parent: ET.Element, names, role: str) -> None:
    for index, name in enumerate(names):
        _sub(parent, 'organization', name, sequence='first' if index == 0 else 'additional',
             contributor_role=role)


def _people(parent: ET.Element, volume: Volume, session: Session) -> None:
    people = [(role, volume.contributor(key)) for role, key in session.contributors]
    people = [(role, person) for role, person in people if person is not None]
    if not people:
        return
    contributors = _sub(parent, 'contributors')
    for index, (role, person) in enumerate(people):
        name = _sub(contributors, 'person_name',
                    sequence='first' if index == 0 else 'additional',
                    contributor_role=ROLES.get(role, 'other'))
        if person.given_names:
            _sub(name, 'given_name', person.given_names)
        _sub(name, 'surname', person.family_names)
        if person.affiliation:
            institution = _sub(_sub(name, 'affiliations'), 'institution')
            _sub(institution, 'institution_name', person.affiliation)
        if person.orcid:
            _sub(name, "ORCID", person.orcid_url)


def conference_date(volume: Volume, parent: ET.Element) -> None:
    start, end = volume.start, volume.end
    _sub(parent, 'conference_date', start_day=f'{start.day:02d}',
         start_month=f'{start.month:02d}', start_year=str(start.year),
         end_day=f'{end.day:02d}', end_month=f'{end.month:02d}', end_year=str(end.year))


def deposit(volume: Volume) -> bytes:
    """The ``doi_batch`` as UTF-8 XML. The volume must lack nothing Crossref requires
    (``volume.missing_for_crossref``)."""
    identity, settings = volume.identity, volume.settings
    language = volume.source_language
    ET.register_namespace('', NAMESPACE)
    ET.register_namespace('xsi', XSI)
    root = ET.Element(f'{{{NAMESPACE}}}doi_batch',
                      {'version': VERSION, f'{{{XSI}}}schemaLocation': SCHEMA_LOCATION})
    head = _sub(root, 'head')
    _sub(head, 'doi_batch_id', f'{identity.slug}-{volume.epoch}')
    _sub(head, 'timestamp', str(volume.epoch))
    depositor = _sub(head, 'depositor')
    _sub(depositor, 'depositor_name', settings.depositor)
    _sub(depositor, 'email_address', settings.email)
    _sub(head, 'registrant', volume.text('publisher'))

    conference = _sub(_sub(root, 'body'), 'conference')
    _organisations(_sub(conference, 'contributors'), volume.text('editors'), 'editor')
    event = _sub(conference, 'event_metadata')
    _sub(event, 'conference_name', volume.text('event_name'))
    _sub(event, 'conference_theme', volume.text('subtitle'))
    _sub(event, 'conference_location', volume.text('event_place'))
    conference_date(volume, event)

    proceedings = _sub(conference, 'proceedings_metadata', language=language)
    _sub(proceedings, 'proceedings_title', f'{volume.text("title")}. {volume.text("subtitle")}')
    _sub(_sub(proceedings, 'publisher'), 'publisher_name', volume.text('publisher'))
    _date(proceedings, 'publication_date', settings.publication_date)
    if settings.isbn:
        _sub(proceedings, 'isbn', settings.isbn, media_type='electronic')
    else:
        # One volume with no ISBN: Crossref's reason for a book that stands alone.
        _sub(proceedings, 'noisbn', reason='monograph')
    _doi_data(proceedings, volume.volume_doi(), volume.edition_address())

    for session in volume.sessions:
        paper = _sub(conference, 'conference_paper', language=language,
                     publication_type='full_text')
        _people(paper, volume, session)
        _sub(_sub(paper, 'titles'), 'title', session.titles[language])
        _date(paper, 'publication_date', settings.publication_date)
        _doi_data(paper, volume.session_doi(session), volume.page_address(session))
    ET.indent(root)
    return ET.tostring(root, encoding='UTF-8', xml_declaration=True) + b'\n'
