"""The letters in the back-office (/beheer/), one module per part of the work; importing this
package (Django's admin autodiscovery) registers them all."""

from solidair.letters.admin import addresses, campaigns, composing, council_letters

__all__ = ["addresses", "campaigns", "composing", "council_letters"]
