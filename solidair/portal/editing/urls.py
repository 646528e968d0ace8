"""Editing pages under /portaal/<slug>/ (included in the portal's namespace)."""

from django.urls import path

from solidair.portal.editing import views

urlpatterns = [
    path("tekst/", views.text_edit, name="text_edit"),
    path("contacten/uitnodigen/", views.contact_invite, name="contact_invite"),
    path("contacten/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("contacten/<int:pk>/verwijderen/", views.contact_remove, name="contact_remove"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/", views.initiative_edit, name="initiative_edit"),
    path("engagementen/nieuw/", views.commitment_add, name="commitment_add"),
    path("engagementen/<int:pk>/", views.commitment_edit, name="commitment_edit"),
    path("engagementen/<int:pk>/verwijderen/", views.commitment_remove, name="commitment_remove"),
    path("pauzeren/", views.pause, name="pause"),
]
