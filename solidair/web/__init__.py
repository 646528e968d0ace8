"""What the apps' views share on the way in and out of a request.

Rate limiting and its 429 page, the honeypot, absolute URLs, links that carry a token, paging,
language helpers and the site-wide template tags. Pure functions live in ``solidair.lib``; what
runs the site (worker, outbox, page cache, compression, uploads, health) in ``solidair.operations``.
"""
