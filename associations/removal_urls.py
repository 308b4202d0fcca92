"""The removal request's public pages (associations.removal_views), mounted in config/urls.py."""

from django.urls import path

from associations import removal_views

app_name = "associations_removal"

urlpatterns = [
    path("", removal_views.request_removal, name="request"),
    path("lahetetty/", removal_views.request_sent, name="sent"),
    path("vahvista/<str:token>/", removal_views.confirm_removal, name="confirm"),
]
