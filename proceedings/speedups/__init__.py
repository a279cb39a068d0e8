"""Sub-extensions that make a build faster and change nothing a reader gets.

The proceedings extension loads each of them; a book may also list one alone in
``extensions``. Each has its own ``setup()`` and declares its options through
``proceedings.sphinx_ext.config``.
"""
