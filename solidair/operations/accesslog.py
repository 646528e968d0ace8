"""gunicorn's access log without secrets: no query strings, no referrers, no tokens in paths.

Sign-in links carry their token in the query string (``?sleutel=``), application drafts and
other secret links in the path (``/aansluiten/<token>/``), and a same-origin Referer repeats
both. A log line keeps the method, the path with every token-like segment replaced by ``:token``,
the status, the size and the time: enough to see what is slow or failing, nothing to sign in
with. deploy/gunicorn.conf.py sets ``logger_class`` to this.
"""

import re

from gunicorn.glogging import Logger

# A segment of 16 or more URL-safe characters with a digit, a capital or an underscore: what
# secrets.token_urlsafe and signed tokens look like, and what slugs (lower case and hyphens,
# "beveren-kruibeke-zwijndrecht") and hashed static names (with a dot) do not. An upload's
# random name keeps its extension. The nginx site
# (deploy/nginx/solidair.conf, map $solidair_log_uri) uses the same expression.
TOKEN = re.compile(r"(?<=/)(?=[A-Za-z0-9_:-]*[A-Z0-9_])[A-Za-z0-9_:-]{16,}(?=/|$|\.[a-z0-9]{1,5}$)")


def redact_path(path: str) -> str:
    return TOKEN.sub(":token", path.split("?", 1)[0])


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO") or "")
        atoms.update(
            r=f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}",
            U=path,
            q="-",
            f="-",
        )
        # Request headers and the environment hold cookies and the query string again.
        return {
            key: value
            for key, value in atoms.items()
            if not (key.startswith("{") and key.endswith(("}i", "}e")))
            or key in ("{x-real-ip}i", "{user-agent}i")
        }


class RedactPathsFilter:
    """A logging filter for Django's own log lines ("Not Found: /aansluiten/<token>/"): the
    paths in their arguments lose query strings and tokens, as in the access log."""

    def filter(self, record) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True
