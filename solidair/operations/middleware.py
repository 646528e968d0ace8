"""Small pieces of the production setup that Django and django-csp do not cover."""

from django.conf import settings
from django.http import HttpRequest


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy``: the site uses no camera, microphone, position... so a page
    (or anything injected into one) may not ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


def client_ip(request: HttpRequest) -> str:
    """The visitor's address for rate limits (``RATELIMIT_IP_META_KEY`` in production).

    Our nginx sets X-Real-IP to the address it sees, replacing whatever the client sent;
    gunicorn listens on the loopback or a socket only, so nothing else reaches it. Without the
    header (a monitor on the loopback) the peer's address, or a fixed one for a socket.
    """
    return (
        request.META.get("HTTP_X_REAL_IP", "").strip()
        or request.META.get("REMOTE_ADDR")
        or "127.0.0.1"
    )
