"""The forums an association sits in, for its page in the association directory.

Registered with associations.memberships from ForumsConfig.ready(), so associations never
imports forums. The rows are forums.seats.forums_of's: public forums, approved seats,
current and past terms.
"""

from django.utils.translation import gettext

from associations import memberships
from forums import seats


def forum_memberships(association):
    rows = []
    for seat, current in seats.forums_of(association):
        term = seats.term_label(seat.term_start, seat.term_end)
        role = gettext("Member %(term)s") if current else gettext("Former member %(term)s")
        rows.append(memberships.Membership(seat.forum.title, seat.forum.url, role % {"term": term}))
    return rows


memberships.register("forums", forum_memberships)
