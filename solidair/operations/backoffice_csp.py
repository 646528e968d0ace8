"""The back-office's Content-Security-Policy: the site's strict one, plus hashes of the few
inline style attributes of django-post-office's and django-simple-history's admin.

Style attributes cannot carry a nonce; CSP level 3 allows listed ones by hash with
``'unsafe-hashes'`` in ``style-src-attr``. Only these exact attribute values are allowed, only
under ``/beheer/``: a style attribute injected anywhere, or any inline script, is still refused,
and the public pages keep the policy of settings.CONTENT_SECURITY_POLICY unchanged.
post_office's CodeMirror editor (scripts and styles from a CDN, an inline script) is not
allowed but switched off: templates/admin/post_office/emailtemplate/change_form.html.
"""

import base64
import hashlib

from django.http import HttpRequest

BACK_OFFICE_PREFIX = "/beheer/"

# The exact values of the style attributes the libraries' admin pages write.
INLINE_STYLE_ATTRIBUTES = (
    # simple_history/templates/simple_history/object_history_list.html (every history page)
    "border-top: 0",
    # post_office/admin.py: EmailAdmin.render_html_body (a mail with an HTML body)
    "margin-bottom: 10px;",
    "display: inline-block; padding: 10px 15px; text-decoration: none;",
    # post_office/admin.py: SubjectField (the e-mail templates' subject)
    "width: 610px;",
)


def style_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


BACK_OFFICE_UPDATE = {
    "style-src-attr": ["'unsafe-hashes'", *(style_hash(v) for v in INLINE_STYLE_ATTRIBUTES)],
}


class BackOfficePolicyMiddleware:
    """Place after csp.middleware.CSPMiddleware (it reads what this sets on the response)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if request.path_info.startswith(BACK_OFFICE_PREFIX):
            update = dict(getattr(response, "_csp_update", None) or {})
            for directive, sources in BACK_OFFICE_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            response._csp_update = update
        return response
