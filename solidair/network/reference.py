"""The organisations named in the network's letter."""

PARTNERS = [
    ("Vluchtelingenwerk Vlaanderen", "supporting", "https://www.vluchtelingenwerk.be"),
    ("11.11.11", "supporting", "https://11.be"),
    ("Caritas België", "supporting", "https://www.caritas.be"),
    ("Amnesty International Vlaanderen", "supporting", "https://www.amnesty-international.be"),
    ("Beweging.net", "supporting", "https://www.beweging.net"),
    ("VVSG", "participating", "https://www.vvsg.be"),
]


def load_partners(PartnerOrganisation) -> int:
    created_count = 0
    for position, (name, role, url) in enumerate(PARTNERS, start=1):
        _, created = PartnerOrganisation.objects.get_or_create(
            name=name, defaults={"network_role": role, "url": url, "position": position}
        )
        created_count += created
    return created_count
