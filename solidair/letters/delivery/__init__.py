"""Delivering a letter to its council: individual letters sent by e-mail (``sending``) and
collective letters with their co-signatures (``collective``), the councils' addresses
(``addresses``), the review of held letters (``review``), each council's queue (``schedule``),
the dispatch (``dispatch``), refused mail (``bounces``), the follow-up (``followup``), the
residents' personal data (``privacy``) and the campaign timeline (``campaigns``).
The letters themselves are composed by solidair.letters.composing."""
