"""What a page says about itself to scholarly indexers, link previews and search engines.

- Highwire Press ``citation_*`` tags, which Zotero and Google Scholar read, with one
  ``citation_author`` per author of a paper, or else per speaker of a talk;
- schema.org JSON-LD: the event as an Event from its first to its last day, each session
  as an Event on its day, with its speakers and chairs as ``performer`` and the authors
  of its paper as the ``author`` of its ``workFeatured`` (each a Person, with affiliation
  and ORCID iD), recorded in its AudioObjects (none while a recording is pending: the
  platform's home page is not it);
- Open Graph tags for link previews;
- a ``sitemap.xml`` per edition, with each page's twins in the other languages.

Addresses on the web need the site's address (``base_url`` in ``book.toml``): without
it, tags that must be absolute are left out and no sitemap is written.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from babel import Locale
from babel.core import get_global

from proceedings.core.citation import cited_people
from proceedings.core.editions import edition_url
from proceedings.sphinx_ext.citations import session_people
from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.sphinx_ext.settings import edition_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from proceedings.core.identity import Identity
    from proceedings.core.model import Contributor

NOT_FOUND_PAGE = '404'


@functools.lru_cache(maxsize=64)
def open_graph_locale(language: str) -> str:
    """``fr`` -> ``fr_FR``: Open Graph wants a language with its most likely territory."""
    likely = get_global('likely_subtags').get(language, language)
    locale = Locale.parse(likely)
    return f'{locale.language}_{locale.territory}' if locale.territory else locale.language


#: What a string in JSON must not hold raw inside an HTML <script>: "</" ends the element,
#: "<!--" opens a comment that swallows the page after it, "&" is read in XHTML.
SCRIPT_ESCAPES = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026',
                  '\u2028': '\\u2028', '\u2029': '\\u2029'}


def json_for_script(data: Any) -> str:
    """*data* as JSON that an HTML ``<script>`` element holds as data, whatever its texts."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # One scan in C per character escaped: str.translate looks each character of the text
    # up in the table, a hundred times slower on a text with a ’. No escape holds one of
    # the characters escaped, so the order of the replacements does not matter.
    for character, escaped in SCRIPT_ESCAPES.items():
        if character in text:
            text = text.replace(character, escaped)
    return text


def recording(found: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A session's recording as an AudioObject; None while its address is not known."""
    if found.get('pending') or not found.get('url'):
        return None
    audio: dict[str, Any] = {
        '@type': 'AudioObject', 'name': name, 'url': found['url'],
        'inLanguage': found.get('language', ''),
    }
    if found.get('audio'):
        audio['contentUrl'] = found['audio']
    if found.get('duration'):
        audio['duration'] = f'PT{found["duration"]}S'
    return audio


def recorded_in(session: dict[str, Any], name: str) -> dict[str, Any]:
    """schema.org's ``recordedIn``: one AudioObject, or a list of them for several."""
    audio = [found for found in (recording(each, name) for each in session.get('recordings', []))
             if found]
    if not audio:
        return {}
    return {'recordedIn': audio[0] if len(audio) == 1 else audio}


def person(contributor: Contributor) -> dict[str, Any]:
    """A contributor as a schema.org Person: affiliation, and the ORCID iD both as an
    identifier and as the same person's record (what Google Scholar and ORCID read)."""
    data: dict[str, Any] = {'@type': 'Person', 'name': contributor.name}
    if contributor.given_names:
        data['givenName'] = contributor.given_names
    if contributor.family_names:
        data['familyName'] = contributor.family_names
    if contributor.affiliation:
        data['affiliation'] = {'@type': 'Organization', 'name': contributor.affiliation}
    if contributor.orcid:
        data['sameAs'] = contributor.orcid_url
        data['identifier'] = {'@type': 'PropertyValue', 'propertyID': 'ORCID',
                              'value': contributor.orcid}
    return data


def people_of(people: list[tuple[str, Contributor]], title: str) -> dict[str, Any]:
    """The people of a session as schema.org names them: an Event's ``performer``
    (speakers, chairs), and the ``author`` of the paper it presents (schema.org's Event
    has no author: its ``workFeatured`` is the ScholarlyArticle that has one)."""
    found: dict[str, Any] = {}
    performers = list(dict.fromkeys(p for role, p in people if role in ('speaker', 'chair')))
    authors = list(dict.fromkeys(p for role, p in people if role == 'author'))
    if performers:
        found['performer'] = [person(p) for p in performers]
    if authors:
        found['workFeatured'] = {'@type': 'ScholarlyArticle', 'name': title,
                                 'author': [person(p) for p in authors]}
    return found


def place(identity: Identity, name: str) -> dict[str, Any]:
    found: dict[str, Any] = {'@type': 'Place', 'name': name}
    if identity.event_city or identity.event_country:
        found['address'] = {'@type': 'PostalAddress', **(
            {'addressLocality': identity.event_city} if identity.event_city else {}), **(
            {'addressCountry': identity.event_country} if identity.event_country else {})}
    return found


def session_date(identity: Identity, session: dict[str, Any]) -> str:
    """The day of a session: its part's day when the volume names its days; else the
    event's first day, which is the only day of a one-day event."""
    day = identity.day_of_part(session.get('part', ''))
    return (day.date if day else identity.event_date).isoformat()


def page_metadata(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    env = app.env
    edition = edition_of(app)
    identity, language, book = edition.identity, edition.language, edition.book
    domain = proceedings_domain(env)
    base = edition.url
    pdf = edition.downloads['pdf']
    page_url = f'{base}{pagename}.html' if base else ''
    title = env.titles[pagename].astext() if pagename in env.titles else book.title
    session = domain.sessions.get(pagename)
    description = (session or {}).get('description') or book.subtitle
    people = session_people(app, pagename) if session is not None else []
    start, end = (date.isoformat() for date in identity.event_dates)

    meta: list[tuple[str, str, str]] = [('name', 'description', description)]
    if session is not None or pagename == app.config.root_doc:
        meta += [
            ('name', 'citation_title', title),
            # One tag per person, as Google Scholar reads them: the authors of a paper,
            # else the speakers of a talk.
            *[('name', 'citation_author', p.name) for p in cited_people(people)],
            ('name', 'citation_conference_title', book.event_name),
            *[('name', 'citation_editor', name) for name in book.editors],
            ('name', 'citation_publisher', book.publisher),
            ('name', 'citation_date', identity.event_date.strftime('%Y/%m/%d')),
            ('name', 'citation_language', language),
        ]
        if options_of(app).pdf:
            meta.append(('name', 'citation_pdf_url',
                         base + pdf if base else '../' * pagename.count('/') + pdf))
        if page_url:
            meta.append(('name', 'citation_public_url', page_url))
    meta += [
        ('property', 'og:type', 'article' if session is not None else 'website'),
        ('property', 'og:title', title),
        ('property', 'og:site_name', book.title),
        ('property', 'og:description', description),
        ('property', 'og:locale', open_graph_locale(language)),
        *[('property', 'og:locale:alternate', open_graph_locale(code))
          for code in identity.languages if code != language],
    ]
    if page_url:
        meta.append(('property', 'og:url', page_url))
    context['proceedings_meta'] = [
        {'attribute': attribute, 'key': key, 'value': value} for attribute, key, value in meta
    ]

    day = {
        '@type': 'Event', 'name': book.event_name, 'description': book.subtitle,
        'startDate': start,
        'endDate': end,
        'location': place(identity, book.event_place),
        'inLanguage': identity.recordings_language,
    }
    if session is not None:
        data: dict[str, Any] = {
            '@type': 'Event', 'name': title, 'description': description,
            'startDate': session_date(identity, session), 'location': day['location'],
            'superEvent': day, **people_of(people, title), **recorded_in(session, title),
        }
    elif pagename == app.config.root_doc:
        data = dict(day, subEvent=[
            {'@type': 'Event', 'name': env.titles[docname].astext(),
             'startDate': session_date(identity, domain.sessions[docname]),
             **people_of(session_people(app, docname), env.titles[docname].astext()),
             **recorded_in(domain.sessions[docname], env.titles[docname].astext())}
            for docname in domain.sessions_in_order(env)
        ])
    else:
        data = {}
    if data:
        if page_url:
            data['url'] = page_url
        context['proceedings_jsonld'] = json_for_script(
            {'@context': 'https://schema.org', **data})

    if pagename == NOT_FOUND_PAGE and base:
        # The host serves this page at any missing address: relative links must resolve
        # from the edition's folder, wherever the reader is. The base is the page's own
        # address, not its folder, so that its '#…' links stay on it.
        context['proceedings_base_href'] = f'{base}{NOT_FOUND_PAGE}.html'


def add_page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name == 'html':
        page_metadata(app, pagename, context)


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != 'html':
        return
    edition = edition_of(app)
    identity = edition.identity
    if not identity.base_url:
        return
    pages = sorted(d for d in app.env.found_docs if d != NOT_FOUND_PAGE)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for pagename in pages:
        lines.append(f'  <url><loc>{escape(edition.url + pagename)}.html</loc>')
        for code in identity.languages:
            href = f'{edition_url(identity, code)}{pagename}.html'
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>')
        lines.append('  </url>')
    lines.append('</urlset>')
    Path(app.outdir, 'sitemap.xml').write_text('\n'.join(lines) + '\n', encoding='utf-8')


def setup_metadata(app: Sphinx) -> None:
    app.connect('html-page-context', add_page_metadata)
    app.connect('build-finished', write_sitemap)
