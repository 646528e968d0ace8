"""Plain helpers for the browser tests (fixtures: conftest.py)."""

import re
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIGN_IN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")
# Merelbeke-Melle's contact and portal page in the `site` fixture (conftest.py).
CONTACT = "sociale.dienst@example.be"
PORTAL = "/portaal/merelbeke-melle/"


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with Tab")


def submit(page, selector: str = "button[type=submit]") -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        impact, rule, help_text = violation["impact"], violation["id"], violation["help"]
        lines.append(f"[{impact}] {rule}: {help_text} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target: {', '.join(map(str, node['target']))}")
            lines.append(f"    html:   {node['html']}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"            {line}" for line in summary.splitlines())
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page with the WCAG 2.1 A/AA rules."""
    # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts,
    # and the browser tests must run under the production policy.
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target, html: n.html, failureSummary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_21_AA,
    )


def sign_in_by_mail(page, site, smtp) -> None:
    """Sign in as the contact with the link from the real mail the portal sends."""
    from solidair.operations.mail import outbox_flush

    page.goto(site.url + "/portaal/aanmelden/")
    page.get_by_label("Je e-mailadres").fill(CONTACT)
    with page.expect_navigation():
        page.get_by_role("button", name="Stuur mij een link").click()
    assert outbox_flush() == 1
    link = SIGN_IN_LINK.search(smtp.inbox.messages[-1].get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Meld je aan").click()
    assert page.url == site.url + "/portaal/"
