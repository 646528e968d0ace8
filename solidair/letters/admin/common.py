"""What the letters' admin pages share."""

from django.contrib import messages

# they change, and counting the selection again afterwards would count only what is left.


def unchanged(modeladmin, request, count: int, message) -> None:
    """Tell how many of the selected rows an action left alone (a warning), if any."""
    if count:
        modeladmin.message_user(request, message % {"count": count}, messages.WARNING)
