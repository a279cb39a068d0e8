"""The translators' catalogues without Sphinx: strict reading of PO files, their normal
form, the markup and spelling checks, and the operations of the catalogue commands."""

#: The one width of the project's PO files (Poedit and powrap use 79 too): ``proceedings
#: update-po`` has sphinx-intl wrap at it, and normalising and checking keep it.
WIDTH = 79
