from django.urls import path

from solidair.portal.views import (
    checkins,
    editing,
    introductions,
    overview,
    plans,
    receptions,
    replies,
    reports,
    sign_in,
)

app_name = "portal"
urlpatterns = [
    path("", overview.home, name="home"),
    path("aanmelden/", sign_in.sign_in, name="sign_in"),
    path("aanmelden/link/", sign_in.sign_in_link, name="sign_in_link"),
    path("afmelden/", sign_in.sign_out, name="sign_out"),
    path("<slug:slug>/", overview.municipality_detail, name="municipality"),
    # Keeping the page: text, contacts, initiatives, commitments, pausing.
    path("<slug:slug>/tekst/", editing.text_edit, name="text_edit"),
    path("<slug:slug>/contacten/uitnodigen/", editing.contact_invite, name="contact_invite"),
    path("<slug:slug>/contacten/<int:pk>/", editing.contact_edit, name="contact_edit"),
    path(
        "<slug:slug>/contacten/<int:pk>/verwijderen/",
        editing.contact_remove,
        name="contact_remove",
    ),
    path("<slug:slug>/initiatieven/nieuw/", editing.initiative_create, name="initiative_create"),
    path("<slug:slug>/initiatieven/<int:pk>/", editing.initiative_edit, name="initiative_edit"),
    path("<slug:slug>/engagementen/nieuw/", editing.commitment_add, name="commitment_add"),
    path("<slug:slug>/engagementen/<int:pk>/", editing.commitment_edit, name="commitment_edit"),
    path(
        "<slug:slug>/engagementen/<int:pk>/verwijderen/",
        editing.commitment_remove,
        name="commitment_remove",
    ),
    path("<slug:slug>/pauzeren/", editing.pause, name="pause"),
    path("<slug:slug>/bevestigen/", checkins.checkin, name="checkin"),
    path("<slug:slug>/opvang/", receptions.reception, name="reception"),
    # The right of reply to a coordinators' change.
    path(
        "<slug:slug>/antwoord/<int:pk>/",
        replies.claim_change_reply_view,
        name="claim_change_reply",
    ),
    path(
        "<slug:slug>/kennismaking/",
        introductions.introduction_create,
        name="introduction_request",
    ),
    path("<slug:slug>/meldingen/<int:pk>/", reports.report_reply, name="report_reply"),
    path("<slug:slug>/verbeterplan/<int:pk>/", plans.plan_propose_view, name="plan_propose"),
]
