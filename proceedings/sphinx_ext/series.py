"""A volume published in a series: links to the series page and to the other volumes.

``proceedings series`` publishes each volume with a description of the series (a JSON
file, named by the ``proceedings_series`` option or the ``PROCEEDINGS_SERIES``
environment variable that the publisher sets). Each HTML page then gets, in its sidebar
below the editions, the series' name linked to the series page and every volume of the
series, each linked to its edition in the reader's language (or its source language),
the current volume marked. Without a series, nothing changes.

The series page sits at the site's root, each volume in ``<slug>/``, so every link is
relative and works on any host or from a copy on disk.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.i18n import _, __

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ENVIRONMENT_VARIABLE = 'PROCEEDINGS_SERIES'


def read_series(app: Sphinx) -> dict | None:
    named = options_of(app).series or os.environ.get(ENVIRONMENT_VARIABLE, '')
    if not named:
        return None
    path = Path(app.confdir, named)
    try:
        described = json.loads(path.read_text(encoding='utf-8'))
        described['volumes'], described['current'], described['title']  # noqa: B018
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(__('%s: not the description of a series that proceedings series '
                             'writes (%s)') % (path, exc)) from None
    return described


def add_series_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    if app.builder.name != 'html':
        return  # the EPUB and the PDF are one volume each
    if not hasattr(app, '_proceedings_series'):
        app._proceedings_series = read_series(app)
    series = app._proceedings_series
    if series is None:
        return
    language = app.config.language
    # From this page to the series' root: out of the page's folders, the edition, the volume.
    to_root = '../' * pagename.count('/') + '../../'
    volumes = []
    for volume in series['volumes']:
        shown = volume['in'].get(language) or next(iter(volume['in'].values()))
        volumes.append({
            'title': shown['title'], 'date': shown['date'], 'language': shown['language'],
            'url': f"{to_root}{volume['slug']}/{shown['language']}/index.html",
            'current': volume['slug'] == series['current'],
        })
    title = series['title'].get(language) or next(iter(series['title'].values()))
    context['proceedings_series'] = {
        'label': _('Volumes of the series'), 'title': title,
        'url': f'{to_root}index.html', 'volumes': volumes,
    }


def setup_series(app: Sphinx) -> None:
    app.connect('html-page-context', add_series_links)
