"""The fair comparison in a member page's reception section, kept out of the page's view."""

from django import template

from solidair.membership.receptions import reception_comparison

register = template.Library()


@register.inclusion_tag("membership/reception_comparison.html")
def reception_compare(municipality):
    return {"municipality": municipality, "comparison": reception_comparison(municipality)}
