"""The deploy/ files, run on the loopback: gunicorn with deploy/gunicorn.conf.py and nginx with
deploy/nginx/solidair.conf, its paths, ports and certificate moved into a temp dir. Process
handling comes from bench/run.py (Processes, free_port, wait_until_serving)."""

import grp
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import HOST, Processes, free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUNICORN = Path(sys.executable).parent / "gunicorn"


# Debian's brotli modules, which deploy/nginx/solidair.conf uses (deploy/README.md, step 1).
NGINX_MODULES = (
    Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"),
    Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
)


def nginx_binary() -> str:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else ""
    )
    if not nginx or not shutil.which("openssl"):
        pytest.skip("nginx or openssl is not installed (apt-get install nginx-light openssl)")
    if not all(module.is_file() for module in NGINX_MODULES):
        pytest.skip(
            "nginx's brotli modules are not installed (apt-get install "
            "libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)"
        )
    return nginx


def self_signed(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=solidairegemeenten.be", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def render_nginx(tmp: Path, *, upstreams: list[int], http_port: int, https_port: int) -> Path:
    """deploy/nginx/solidair.conf inside a minimal nginx.conf, every path in ``tmp``."""
    cert, key = self_signed(tmp)
    site = (DEPLOY / "nginx" / "solidair.conf").read_text()
    servers = "".join(
        f"    server {HOST}:{port} max_fails=1 fail_timeout=10s;\n" for port in upstreams
    )
    site = re.sub(r"(upstream solidair_app \{\n)(.*?)(    keepalive)", rf"\g<1>{servers}\g<3>",
                  site, flags=re.DOTALL)  # fmt: skip
    replacements = {
        "listen 80;": f"listen {HOST}:{http_port};",
        "listen 443 ssl http2;": f"listen {HOST}:{https_port} ssl http2;",
        "/etc/ssl/certs/ssl-cert-snakeoil.pem": str(cert),
        "/etc/ssl/private/ssl-cert-snakeoil.key": str(key),
        "/etc/nginx/solidair_proxy.conf": str(DEPLOY / "nginx" / "solidair_proxy.conf"),
        "/var/log/nginx/": f"{tmp}/",
        "/var/www/letsencrypt": str(tmp / "letsencrypt"),
        "/srv/solidair/app/deploy": str(DEPLOY),
        "/srv/solidair": str(tmp),
        "/var/cache/nginx/solidair": str(tmp / "nginx-cache"),
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"\n    listen \[::\]:\d+.*;", "", site)
    (tmp / "site.conf").write_text(site)
    user = ""
    if os.geteuid() == 0:  # otherwise the workers would run as nobody
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    conf = tmp / "nginx.conf"
    modules = "".join(f"load_module {module};\n" for module in NGINX_MODULES)
    conf.write_text(
        f"{modules}{user}\nworker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/nginx-error.log warn;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  sendfile on;\n"
        + "".join(
            f"  {kind}_temp_path {tmp}/nginx-{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp}/site.conf;\n}}\n"
    )
    (tmp / "nginx").mkdir(exist_ok=True)
    return conf


def nginx_command(nginx: str, conf: Path) -> list[str]:
    tmp = conf.parent
    return [nginx, "-p", str(tmp / "nginx"), "-c", str(conf), "-e", str(tmp / "nginx-error.log")]


def start_nginx(processes: Processes, tmp: Path, *, upstreams: list[int]) -> tuple[int, int]:
    nginx = nginx_binary()
    http_port, https_port = free_port(), free_port()
    conf = render_nginx(tmp, upstreams=upstreams, http_port=http_port, https_port=https_port)
    proc = processes.start(nginx_command(nginx, conf), log=tmp / "nginx.out", env=dict(os.environ))
    wait_until_serving(proc, https_port, processes, "nginx")
    return http_port, https_port


def start_gunicorn(processes: Processes, tmp: Path, env: dict[str, str]):
    """One instance as solidair-web@.service runs it, on a free port."""
    port = free_port()
    env = {**env, "SOLIDAIR_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": "1"}
    cmd = [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py"), "solidair.wsgi"]
    proc = processes.start(cmd, log=tmp / f"gunicorn-{port}.log", env=env)
    wait_until_serving(proc, port, processes, "gunicorn")
    return proc, port
