"""The "Wie kan helpen?" section of the public and the portal municipality page, kept out of
their views: one include line in each page."""

from django import template

from solidair.network.peers import neighbours_in_network, peers_who_can_help

register = template.Library()


@register.inclusion_tag("network/peers/help.html")
def peers_help(municipality, portal: bool = False):
    help = peers_who_can_help(municipality=municipality)
    members, neighbours = neighbours_in_network(municipality=municipality) if help else (0, 0)
    return {
        "municipality": municipality,
        "help": help,
        "neighbour_members": members,
        "neighbour_count": neighbours,
        "portal_slug": municipality.slug if portal else "",
    }
