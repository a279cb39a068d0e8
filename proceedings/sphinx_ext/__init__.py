"""The proceedings extension for Sphinx: what ``extensions = ['proceedings']`` loads.

``extension.setup`` sets up every part; importing this package imports none of them.

Each module holds one part and its own ``setup_*`` function:

- ``config``: every ``proceedings_*`` option, declared once and checked;
- ``i18n``: the extension's message catalogue, in the reader's language;
- ``settings``: the book's identity, and Sphinx's settings for the edition's language;
- ``gettext``: what ``make gettext`` adds to the templates;
- ``domain``: what the chapters declare, kept across chapters;
- ``sessions``: the session directives and their checks;
- ``writers``: how HTML, LaTeX and text render the session pieces;
- ``programme``: the programme of the day, generated from the session chapters;
- ``programme_pdf``: the same programme as a PDF of its own, beside the acts;
- ``citations``: how to cite each chapter and the book;
- ``editions``: the links from each HTML page to the other editions and the downloads;
- ``metadata``: citation tags, structured data, link previews and the sitemap;
- ``front``: the book's identity and citation on the home page;
- ``interface``: the theme's own English words (labels, icon titles, EPUB guide) translated;
- ``typography``: no line break inside an inverted verb (« parle-t-on »);
- ``colophon``: the edition's notes on the PDF's verso and the EPUB's first page;
- ``safety``: no raw markup in chapters, safe external links, a Content-Security-Policy;
- ``preview``: what the live preview's policy adds, sphinx-autobuild's reload script;
- ``confine``: only the book's own files are read, nothing is fetched, links lead to the web;
- ``limits``: a line too long for the PDF is an error at its line;
- ``translations``: every build of a translation checks its catalogues first;
- ``theme``: the templates and the style sheet that the parts above need;
- ``latex``: the PDF's cover, metadata and page layout.

The speed-ups are sub-extensions of their own (``proceedings.speedups``), loaded last.
"""
