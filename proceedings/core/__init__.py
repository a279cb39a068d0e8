"""What every layer shares, without Sphinx: the book's identity and its loading, the
names and addresses of its editions, and the text of its citations."""
