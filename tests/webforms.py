"""Fill in a page's form and send it as a browser does, through Django's test client.

The form is read from the page's HTML (lxml): every field it shows is sent, hidden ones
included, with the values the page holds unless the test changed them, and the pressed button's
name and value. Tests that post hand-made dictionaries miss what the page really sends.
"""

from lxml import html


class PageForm:
    def __init__(self, page: str, *, action: str = ""):
        """The form on ``page`` (HTML) whose action contains ``action``; the first POST form
        when it is empty."""
        forms = [
            form
            for form in html.fromstring(page).forms
            if (form.method or "").lower() == "post" and action in (form.get("action") or "")
        ]
        if not forms:
            raise AssertionError(f"No POST form with action containing {action!r} on the page.")
        self.form = forms[0]
        self.action = self.form.get("action")
        for textarea in self.form.iter("textarea"):
            # A browser drops the line break that follows <textarea>; lxml keeps it.
            textarea.text = (textarea.text or "").removeprefix("\r").removeprefix("\n")

    def names(self) -> list[str]:
        return [element.name for element in self.form.inputs if element.name]

    def has(self, name: str) -> bool:
        return name in self.names()

    def value(self, name: str):
        """A text field's value; for a checkbox, whether it is ticked."""
        element = self.form.inputs[name]
        if getattr(element, "checkable", False) and getattr(element, "type", "") == "checkbox":
            return element.checked
        return "" if element.value is None else element.value  # a radio group: the chosen one

    def fill(self, name: str, value: str) -> None:
        self.form.inputs[name].value = value

    def tick(self, name: str, ticked: bool = True) -> None:
        self.form.inputs[name].checked = ticked

    def data(self, button: tuple[str, str] | None = None) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.form.form_values():
            data.setdefault(name, []).append(value)
        for element in self.form.inputs:
            # A browser sends a field without a value attribute as empty; lxml leaves it out.
            if (
                element.tag == "input"
                and element.name
                and element.get("type", "text") not in ("checkbox", "radio", "submit", "file")
                and element.get("value") is None
                and "disabled" not in element.attrib
            ):
                data.setdefault(element.name, []).append("")
        if button:
            data[button[0]] = [button[1]]
        return data

    def buttons(self) -> list[tuple[str, str]]:
        return [(b.get("name", ""), b.get("value", "")) for b in self.form.iter("button")]

    def submit(self, client, button: tuple[str, str] | None = None):
        """Press ``button`` (name, value), which must be on the page, or send the form as
        pressing Enter in a field would (its first button)."""
        if button is not None and button not in self.buttons():
            raise AssertionError(f"The form has no button {button}; it has {self.buttons()}.")
        return client.post(self.action, self.data(button or (self.buttons() or [None])[0]))
