"""The applications' mails, one function per type: subject and body in
``templates/mail/applications/``. ``link`` is the applicant's secret link
(``services.application_link``); ``language`` the one to write in."""

from django.conf import settings

from solidair.applications.models import Application
from solidair.applications.privacy import draft_kept_days
from solidair.operations.mail import mail_send


def _send(
    name: str, application: Application, *, to: list[str], link: str, language: str, **extra
) -> None:
    mail_send(
        f"applications/{name}",
        to=to,
        context={
            "application": application,
            "municipality": application.municipality,
            "link": link,
            "site_url": settings.SITE_URL,
            "draft_kept_days": draft_kept_days(),
            **extra,
        },
        language=language,
    )


def started(application: Application, *, link: str, language: str) -> None:
    """To the applicant: the link to go on with the application just opened."""
    _send("started", application, to=[application.applicant_email], link=link, language=language)


def links(
    application: Application,
    *,
    link: str,
    applications: list[tuple[Application, str]],
    language: str,
) -> None:
    """To the applicant: the links of their open ``applications`` (each with its link)."""
    _send(
        "links",
        application,
        to=[application.applicant_email],
        link=link,
        applications=applications,
        language=language,
    )


def submitted(application: Application, *, link: str, language: str) -> None:
    """To the applicant: their application is in the coordinators' queue."""
    _send("submitted", application, to=[application.applicant_email], link=link, language=language)


def coordinators_submitted(
    application: Application, *, link: str, admin_link: str, resubmitted: bool, language: str
) -> None:
    """To the coordinators: an application (``resubmitted`` after changes) to review."""
    _send(
        "coordinators_submitted",
        application,
        to=list(settings.COORDINATOR_EMAILS),
        link=link,
        admin_link=admin_link,
        resubmitted=resubmitted,
        language=language,
    )


def changes_requested(application: Application, *, link: str, language: str) -> None:
    """To the applicant: the coordinators ask for a change."""
    _send(
        "changes_requested",
        application,
        to=[application.applicant_email],
        link=link,
        language=language,
    )


def rejected(application: Application, *, link: str, language: str) -> None:
    """To the applicant: the application was not approved."""
    _send("rejected", application, to=[application.applicant_email], link=link, language=language)


def approved(
    application: Application,
    *,
    to: str,
    link: str,
    sign_in_link: str,
    page_link: str,
    language: str,
) -> None:
    """To the applicant and each contact: the municipality is a member now."""
    _send(
        "approved",
        application,
        to=[to],
        link=link,
        sign_in_link=sign_in_link,
        page_link=page_link,
        language=language,
    )
