"""The yearly confirmation's link (associations.confirmation), mounted in config/urls.py."""

from django.urls import path

from associations import confirmation_views

app_name = "associations_confirmation"

urlpatterns = [
    path("<str:token>/", confirmation_views.confirm, name="confirm"),
]
