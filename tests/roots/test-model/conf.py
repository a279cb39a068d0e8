extensions = ['myst_parser', 'proceedings']
exclude_patterns = ['_build']
myst_enable_extensions = ['colon_fence']
html_theme = 'furo'
gettext_compact = False
