"""The associations' parts of the Wagtail admin; each module registers its menus and hooks.

- report_admin: "Yhdistysilmoitukset", staff's review of the reported details
"""

from associations import report_admin  # noqa: F401
