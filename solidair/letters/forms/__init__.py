"""The letters' forms, one module per part of the work as in solidair.letters.views; the
fields every letter's form asks, and the checks that a person filled a form in, in ``common``."""
