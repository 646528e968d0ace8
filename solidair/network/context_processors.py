from django.conf import settings
from django.http import HttpRequest


def network_contact(request: HttpRequest) -> dict:
    """The network's public address (``NETWORK_CONTACT_EMAIL``), for the footer."""
    return {"network_contact_email": settings.NETWORK_CONTACT_EMAIL}
