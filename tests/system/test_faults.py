"""Faults in the running deployment (tests/system/stack.py), in this order: a gunicorn instance
killed under load, Redis stopped and started again, the SMTP server stopped while residents
confirm letters. Each test leaves the stack whole again (the part restarted, as systemd would).
"""

import collections
import json
import statistics
import threading
import time

import pytest

from tests.system.stack import Client, form, letter_links

pytestmark = pytest.mark.system

PAGES = (
    "/",
    "/gemeenten/",
    "/initiatieven/",
    "/netwerk/",
    # The map page (its data, /kaart/gemeenten.geojson, needs the boundaries file of
    # ../shared/data, which CI may not have; bench/load.py measures it).
    "/kaart/",
    "/api/v1/municipalities/",
)


# A cookie that is not the CSRF cookie: nginx's edge (deploy/nginx/solidair.conf) and the page
# cache's fast path leave such a request to the app. With it, a visitor measures the app itself.
THROUGH_THE_APP = {"Cookie": "bezoek=1"}


class Hammer:
    """Visitors asking for the public pages through nginx, as fast as they get answers, each on
    its own keep-alive connection; every answer (or exception) is recorded. The first
    ``through_app`` visitors send a cookie, so that nginx's edge does not answer them."""

    def __init__(self, port: int, visitors: int = 4, *, through_app: int = 4) -> None:
        self.port = port
        self.visitors = visitors
        self.through_app = through_app
        self.stopping = threading.Event()
        self.results: list[tuple[float, str, object, float]] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.visit, args=(n,)) for n in range(visitors)]

    def visit(self, number: int) -> None:
        client = Client(self.port, timeout=20)
        headers = THROUGH_THE_APP if number < self.through_app else {}
        turn = number
        while not self.stopping.is_set():
            path = PAGES[turn % len(PAGES)]
            turn += 1
            started = time.monotonic()
            try:
                outcome = client.request("GET", path, headers=headers)[0]
            except Exception as error:  # every failure counts, whatever it is
                outcome = repr(error)
            label = f"{path} (app)" if headers else path
            with self.lock:
                self.results.append((started, label, outcome, time.monotonic() - started))
        client.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def since(self, moment: float) -> list[tuple[float, str, object, float]]:
        with self.lock:
            return [r for r in self.results if r[0] >= moment]

    def count_since(self, moment: float) -> int:
        return len(self.since(moment))


def failures(results) -> collections.Counter:
    return collections.Counter(
        (path, outcome) for _t, path, outcome, _d in results if outcome != 200
    )


def median_ms(results) -> float:
    return 1000 * statistics.median(duration for *_rest, duration in results)


def warm(stack) -> None:
    """Each page once, so that the load measures the running site and not its first renders."""
    client = Client(stack.https)
    for path in PAGES:
        assert client.request("GET", path)[0] == 200, path
    client.close()


def test_a_gunicorn_instance_killed_under_load_loses_no_request(stack):
    warm(stack)
    # Three visitors through the app, one answered by nginx's edge as a campaign's visitors are.
    with Hammer(stack.https, through_app=3) as hammer:
        time.sleep(3)
        killed_at = time.monotonic()
        port = stack.web_kill(0)
        time.sleep(5)
        # systemd's Restart=always brings it back on its port; nginx tries it again after
        # fail_timeout (10 s).
        stack.web[0] = stack.web_start(port)
        restarted_at = time.monotonic()
        time.sleep(2)
    results = hammer.results
    while_dead = hammer.count_since(killed_at) - hammer.count_since(restarted_at)
    app_while_dead = [
        r for r in hammer.since(killed_at) if r[0] < restarted_at and r[1].endswith("(app)")
    ]
    print(
        f"\n{len(results)} requests, {while_dead} while one instance was dead "
        f"({len(app_while_dead)} of them through the app, not nginx's edge); "
        f"median {median_ms(results):.0f} ms, slowest {max(r[3] for r in results):.1f} s"
    )
    assert not failures(results)
    # The load ran through the kill and after it, also on the app itself.
    assert len(app_while_dead) >= 10
    assert hammer.count_since(restarted_at) >= 5


def test_redis_stopped_the_site_serves_slower_and_recovers(stack):
    warm(stack)
    client = Client(stack.https)
    with Hammer(stack.https) as hammer:
        time.sleep(3)
        stopped_at = time.monotonic()
        stack.redis_stop()
        time.sleep(1)
        status, _headers, body = client.request("GET", "/gezondheid/")
        assert status == 503, body
        assert json.loads(body)["checks"]["cache"] == "fail"
        time.sleep(5)
        restarted_at = time.monotonic()
        stack.redis_start()  # empty: it keeps nothing on disk (--save "")
        time.sleep(4)
    cached = [r for r in hammer.results if r[0] < stopped_at]
    uncached = [r for r in hammer.results if stopped_at <= r[0] < restarted_at]
    print(
        f"\nmedian with Redis {median_ms(cached):.0f} ms ({len(cached)} requests), "
        f"without {median_ms(uncached):.0f} ms ({len(uncached)} requests)"
    )
    assert not failures(hammer.results)
    assert len(uncached) >= 10
    # Recovered: the monitor sees the cache again and pages are cached in it again.
    status, _headers, body = client.request("GET", "/gezondheid/")
    assert status == 200, body
    assert stack.redis_keys() > 0
    client.close()


def test_smtp_server_stopped_while_letters_are_confirmed_each_letter_arrives_once(stack):
    residents = [f"inwoner{n}@example.org" for n in range(len(stack.councils))]
    for slug, address in zip(stack.councils, residents, strict=True):
        visitor = Client(stack.https)
        status, _h, page = visitor.request("GET", f"/brief/{slug}/")
        assert status == 200
        compose = dict(form(page, f"/brief/{slug}/").fields)
        compose.update(naam="Een Inwoner", email=address, bestuur="gemeente")
        status, _h, page = visitor.request("POST", f"/brief/{slug}/", compose)
        assert status == 200, page[:500]
        send = form(page, f"/brief/{slug}/verstuur/")
        status, _h, page = visitor.request("POST", f"/brief/{slug}/verstuur/", send.fields)
        assert status == 302, page[:2000]
        visitor.close()

    # The worker mails each resident a confirmation link.
    deadline = time.monotonic() + 30
    links: dict[str, list[str]] = {}
    while time.monotonic() < deadline:
        links = {address: letter_links(stack.mails(), address) for address in residents}
        if all(links.values()):
            break
        time.sleep(0.5)
    assert all(len(found) == 1 for found in links.values()), links

    stack.smtp_stop()
    confirmed_at = time.time()
    for address in residents:
        visitor = Client(stack.https)
        path = links[address][0]
        status, _h, page = visitor.request("GET", path)
        assert status == 200
        status, _h, page = visitor.request("POST", path, form(page, path).fields)
        assert status == 200, page[:500]
        visitor.close()

    # The worker dispatches each letter (a mail to the council) and fails to deliver it.
    deadline = time.monotonic() + 40
    councils = [f"college@{slug}.example" for slug in stack.councils]
    failed: list[tuple] = []
    while time.monotonic() < deadline:
        failed = stack.sql(
            "SELECT DISTINCT e.to FROM post_office_email e JOIN post_office_log l "
            "ON l.email_id = e.id WHERE l.status = 1"
        )
        if sum(any(c in str(row[0]) for c in councils) for row in failed) == len(councils):
            break
        time.sleep(0.5)
    assert sum(any(c in str(row[0]) for c in councils) for row in failed) == len(councils), failed

    stack.smtp_start()
    # post_office retries a failed mail after RETRY_INTERVAL (a minute).
    deadline = time.monotonic() + 120
    delivered: list = []
    while time.monotonic() < deadline:
        delivered = [m for m in stack.mails() if any(c in str(m["To"]) for c in councils)]
        if len(delivered) >= len(councils):
            break
        time.sleep(1)
    time.sleep(3)  # a few more flushes: nothing may come twice
    mails = stack.mails()
    ids = collections.Counter(mail["Message-ID"] for mail in mails)
    assert all(ids.values()) and max(ids.values()) == 1, ids
    to_councils = [m for m in mails if any(c in str(m["To"]) for c in councils)]
    assert sorted(str(m["To"]) for m in to_councils) == sorted(councils)
    for mail in to_councils:
        assert any(part.get_content_type() == "application/pdf" for part in mail.iter_attachments())
    print(f"\nletters delivered {time.time() - confirmed_at:.0f} s after confirmation")
    assert stack.sql("SELECT count(*) FROM post_office_email WHERE status <> 0") == [(0,)]
