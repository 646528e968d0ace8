"""The letters' pages, one module per part of the work: ``composing`` (choose a municipality,
write, preview, download), ``sending`` (an individual letter by e-mail), ``collective`` (a
letter residents sign together), ``followup`` (did the council answer?) and ``privacy`` (the
residents' own data). What they share is in ``common``."""
