"""Composing a letter: the templates coordinators edit (``templating``), the letter built from
them and the network's live data (``services.letter_build``) as structured ``content``, and its
``renderers`` (DOCX, PDF, text) for the downloads and the mails. Nothing here stores or sends
anything about a resident: that is solidair.letters.delivery."""
