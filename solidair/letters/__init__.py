"""Residents' letters to their council. ``composing``: the templates, the letter built from the
network's live data, its renderers (DOCX, PDF, text). ``delivery``: individual and collective
letters sent by e-mail, the councils' addresses, review, each council's queue, dispatch,
bounces, follow-up, residents' data and the campaign timeline. ``models``, ``views``, ``forms``
and ``admin`` are split the same way."""
