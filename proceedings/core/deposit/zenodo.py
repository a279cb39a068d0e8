"""The repository's ``.zenodo.json``: how Zenodo describes an archived release.

Zenodo reads ``.zenodo.json`` and then ignores ``CITATION.cff``: the two must say the
same. This one describes what the CITATION.cff's ``preferred-citation`` describes (the
acts, with its title, creators, conference, dates, place and languages; the sessions'
contributors, whom CITATION.cff lists among the authors of the repository, as
contributors), as a publication of type conference paper, the type Zenodo offers for acts.
Zenodo's deposit takes one language, the record's main one: the source language. The
description holds only the volume's own texts: its title, the event, and its sessions.
A licence is written only when the editors state one (``licence_url`` in ``book.toml``)
and it is a Creative Commons licence, which Zenodo names by its SPDX identifier.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from proceedings.core.identity import long_date

if TYPE_CHECKING:
    from proceedings.core.deposit.volume import Volume
    from proceedings.core.model import Contributor

#: ISO 639-1 codes as ISO 639-3 (Zenodo's ``language``), for the languages of Europe's
#: research and a few more; a book in another language gets no ``language`` field.
ISO_639_3 = {
    'ca': 'cat', 'cs': 'ces', 'da': 'dan', 'de': 'deu', 'el': 'ell', 'en': 'eng',
    'es': 'spa', 'et': 'est', 'eu': 'eus', 'fi': 'fin', 'fr': 'fra', 'ga': 'gle',
    'hr': 'hrv', 'hu': 'hun', 'it': 'ita', 'lt': 'lit', 'lv': 'lav', 'nl': 'nld',
    'no': 'nor', 'pl': 'pol', 'pt': 'por', 'ro': 'ron', 'sk': 'slk', 'sl': 'slv',
    'sv': 'swe', 'br': 'bre', 'oc': 'oci', 'ar': 'ara', 'ja': 'jpn', 'zh': 'zho',
    'ru': 'rus', 'tr': 'tur', 'uk': 'ukr',
}
#: Creative Commons licences, from their address, as Zenodo names them (SPDX, lower case).
CC_LICENCE = re.compile(
    r'https?://creativecommons\.org/(licenses/(by(?:-nc)?(?:-nd|-sa)?)/([0-9.]+)|'
    r'publicdomain/zero/1\.0)/?')


def licence_id(address: str) -> str:
    match = CC_LICENCE.fullmatch(address.strip())
    if not match:
        return ''
    if match.group(2) is None:
        return 'cc0-1.0'
    return f'cc-{match.group(2)}-{match.group(3)}'


def conference_dates(volume: Volume) -> str:
    """The dates as a reader writes them: "7 November 2018", "14–15 November 2019"."""
    language = volume.source_language
    start, end = volume.start, volume.end
    if start == end:
        return long_date(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f'{start.day}–{long_date(end, language)}'
    return f'{long_date(start, language)} – {long_date(end, language)}'


def zenodo_metadata(volume: Volume) -> dict:
    identity = volume.identity
    language = volume.source_language
    title = f'{volume.text("title")}. {volume.text("subtitle")}'
    metadata: dict = {
        'upload_type': 'publication',
        'publication_type': 'conferencepaper',
        'title': title,
        'creators': [{'name': name} for name in volume.text('editors')],
        'description': _description(volume, title),
        'keywords': list(volume.text('keywords')),
        'conference_title': volume.text('event_name'),
        'conference_dates': conference_dates(volume),
        'conference_place': _place(volume),
        'imprint_publisher': volume.text('publisher'),
        'access_right': 'open',
    }
    people = [_person(person) for person in identity.contributors.values()]
    if people:
        metadata['contributors'] = people
    if volume.settings.publication_date is not None:
        metadata['publication_date'] = volume.settings.publication_date.isoformat()
    if volume.settings.isbn:
        metadata['imprint_isbn'] = volume.settings.isbn
    if language.split('_')[0] in ISO_639_3:
        metadata['language'] = ISO_639_3[language.split('_')[0]]
    if identity.licence_url and licence_id(identity.licence_url):
        metadata['license'] = licence_id(identity.licence_url)
    related = []
    for code in volume.languages:
        if volume.edition_address(code):
            related.append({'identifier': volume.edition_address(code),
                            'relation': 'isVariantFormOf', 'resource_type':
                            'publication-conferencepaper'})
    if volume.volume_doi():
        related.append({'identifier': volume.volume_doi(), 'relation': 'isVariantFormOf',
                        'scheme': 'doi'})
    if related:
        metadata['related_identifiers'] = related
    if not metadata['keywords']:
        del metadata['keywords']
    return metadata


def _place(volume: Volume) -> str:
    """"City, country", as Zenodo asks, when the volume gives both; else the place as
    the volume prints it."""
    if not (volume.city and volume.country):
        return volume.text('event_place')
    from babel import Locale

    country = Locale.parse(volume.source_language).territories.get(volume.country.upper())
    return f'{volume.city}, {country or volume.country}'


def _person(person: Contributor) -> dict:
    """A contributor of the sessions, as Zenodo writes a person: "Family, Given"."""
    if person.family_names:
        name = ', '.join(part for part in (person.family_names, person.given_names) if part)
    else:
        name = person.name
    entry = {'name': name, 'type': 'Other'}
    if person.affiliation:
        entry['affiliation'] = person.affiliation
    if person.orcid:
        entry['orcid'] = person.orcid
    return entry


def _description(volume: Volume, title: str) -> str:
    """The acts and their sessions, as HTML (Zenodo's description), every text escaped."""
    from html import escape

    event = volume.text('event_name')
    sessions = ''.join(f'<li>{escape(s.titles[volume.source_language])}</li>'
                       for s in volume.sessions)
    text = (f'<p>{escape(title)}</p><p>{escape(event)}, {escape(conference_dates(volume))}, '
            f'{escape(volume.text("event_place"))}</p>')
    return text + (f'<ul>{sessions}</ul>' if sessions else '')


def zenodo_json(volume: Volume) -> str:
    return json.dumps(zenodo_metadata(volume), ensure_ascii=False, indent=2) + '\n'
