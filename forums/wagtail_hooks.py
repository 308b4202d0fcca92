"""The forums' parts of the Wagtail admin; each module registers its menus and hooks.

- registration_admin: "Ilmoittautumiset", the registrations of meetings
- series_admin: "Kokoussarjat", the meeting series and their "Luo kokoukset" action
"""

from forums import registration_admin, series_admin  # noqa: F401
