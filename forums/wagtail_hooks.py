"""The forums' parts of the Wagtail admin; each module registers its menus and hooks.

- registration_admin: "Ilmoittautumiset", the registrations of meetings
- series_admin: "Kokoussarjat", the meeting series and their "Luo kokoukset" action
- seat_admin: "Foorumipaikat", the associations' nominations and each forum's members
"""

from forums import registration_admin, seat_admin, series_admin  # noqa: F401
