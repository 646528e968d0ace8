"""gunicorn for Solidaire Gemeenten: one instance of solidair-web@.service.

    gunicorn -c deploy/gunicorn.conf.py solidair.wsgi

Each instance listens on the loopback (or a unix socket) behind nginx; run two or more per
machine so that a restart or a crash of one leaves the others serving (deploy/README.md).
"""

import os

# solidair-web@8001.service sets SOLIDAIR_BIND=127.0.0.1:8001; a socket works too:
# SOLIDAIR_BIND=unix:/run/solidair/web-8001.sock. Never a public address: the proxy headers
# below are trusted because only nginx can connect.
bind = [os.environ.get("SOLIDAIR_BIND", "127.0.0.1:8001")]

# Sync workers, one per core and instance: with two instances that is two per core, which
# suits PostgreSQL over a socket, where a worker waits for its queries (see bench/README.md,
# "Choosing the gunicorn configuration"; rerun its --sweep against the real database).
# WEB_CONCURRENCY overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1))
worker_class = "sync"
# Import the app once, before forking: faster starts and shared memory. Code changes need a
# restart (systemctl restart), not a HUP.
preload_app = True

# A request that takes longer is killed (and logged): a letter PDF takes well under a second.
timeout = 30
graceful_timeout = 30
# Seconds an idle connection from nginx stays open: sync workers close every connection after
# its response anyway; this matters with the gthread worker class (see bench/README.md).
keepalive = 15
# A worker is replaced after this many requests, so that slow leaks do not add up; the jitter
# keeps the workers from restarting together.
max_requests = 2000
max_requests_jitter = 200
# Request line and header limits below nginx's, so nginx answers oversized requests first.
limit_request_line = 4094
limit_request_fields = 100

# Only our nginx (on this machine) may set X-Forwarded-Proto; unix socket peers are trusted.
forwarded_allow_ips = "127.0.0.1,::1"

# Logs to stderr: journald keeps them (journalctl -u solidair-web@8001). The access log has no
# query strings, referrers or tokens in paths (solidair.operations.accesslog), and no client
# address: nginx's log has what abuse handling needs.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "solidair.operations.accesslog.RedactingLogger"
access_log_format = '"%(r)s" %(s)s %(B)s %(M)sms pid=%(p)s'
# No control socket in a home directory (gunicorn >= 25 makes one by default).
control_socket_disable = True
# The worker's temporary files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108  (a tmpfs, as gunicorn advises)
proc_name = "solidair-web"


def post_worker_init(worker):
    """Before a worker's first request (also after each max_requests renewal): lay out a sample
    letter, so that no resident waits for Typst's first document (solidair/operations/warmup.py;
    solidair/wsgi.py did the rest in the master). A failure is logged; the worker serves anyway."""
    try:
        from solidair.operations.warmup import prepare_worker

        prepare_worker()
    except Exception:
        worker.log.exception("The warm-up failed; the first letter PDF will be slower.")
