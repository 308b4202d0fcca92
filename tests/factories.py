"""Factories that build realistic test records; invented people and numbers only."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from associations.models import PUBLISHED_BY_DEFAULT
from contacts.models import ContactCard, ContactsPage, Responsibility
from core.models import ModerationState
from forums.models import ForumIndexPage, ForumMeetingPage, ForumPage
from guidelines.models import CommentPeriod, GuidelinePage, GuidelineSection
from home.models import AccessibilityStatementPage, HomePage, StandardPage
from ideas.models import Idea, IdeaWallPage
from news.models import NewsIndexPage, NewsPage


class ContactCardFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = factory.Sequence(lambda n: f"Testi Henkilö {n}")
    title = "Kulttuurituottaja"
    responsibility = Responsibility.CULTURE
    answers_for = "Kulttuurifoorumi"
    phone = "+358401234567"
    email = factory.Sequence(lambda n: f"henkilo{n}@kunta.example")
    live = True

    class Meta:
        model = ContactCard


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Yhdessä"
    intro = "<p>Järjestöjen ja kunnan yhteistyö.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tietosivu {n}")
    intro = "Perustietoa yhteistyöstä."

    class Meta:
        model = StandardPage


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    title = "Saavutettavuusseloste"
    conformance = "partial"
    non_accessible_content = "<p>Osa vanhoista PDF-liitteistä ei ole saavutettavia.</p>"
    prepared_on = datetime.date(2026, 9, 1)
    reviewed_on = datetime.date(2026, 11, 1)

    class Meta:
        model = AccessibilityStatementPage


class ContactsPageFactory(wagtail_factories.PageFactory):
    title = "Yhteystiedot"

    class Meta:
        model = ContactsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ajankohtaista"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Uutinen {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    lead = "Järjestöfoorumi kokoontuu taas."

    class Meta:
        model = NewsPage


class ForumIndexPageFactory(wagtail_factories.PageFactory):
    title = "Foorumit"

    class Meta:
        model = ForumIndexPage


class ForumPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Foorumi {n}")
    purpose = "<p>Kokoaa yhdistykset ja kaupungin yhteen.</p>"
    who_may_join = "<p>Kaikki paikalliset yhdistykset nimeävät varsinaisen ja varajäsenen.</p>"
    coordinator = factory.SubFactory(ContactCardFactory)

    class Meta:
        model = ForumPage


class ForumMeetingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Foorumin kokous {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    end = factory.LazyAttribute(lambda meeting: meeting.start + datetime.timedelta(hours=2))
    place_name = "Kulttuuritalo Pajula"
    address = "Myllykatu 3, 99999 Järvelä"
    theme = "Hyvinvointiyhteistyö"
    agenda = "<ol><li>Avaus</li><li>Ajankohtaiset</li></ol>"

    class Meta:
        model = ForumMeetingPage


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    """Every second Thursday at 17.00, four times from next year's March."""

    name = factory.Sequence(lambda n: f"Kevät {n}")
    weekday = 3
    interval_weeks = 2
    first_date = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year + 1, 3, 1))
    count = 4
    start_time = datetime.time(17, 0)
    title = "Seurafoorumin kokous"
    place_name = "Kulttuuritalo Pajula"

    class Meta:
        model = "forums.MeetingSeries"


class GuidelinePageFactory(wagtail_factories.PageFactory):
    title = "Järjestöyhteistyön ohje"
    version_label = "Luonnos 2026"

    class Meta:
        model = GuidelinePage


class GuidelineSectionFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Osio {n}")
    anchor = factory.Sequence(lambda n: f"osio-{n}")
    body = "<p>Tuen muodot: avustukset, tilat ja viestintä.</p>"
    sort_order = factory.Sequence(int)

    class Meta:
        model = GuidelineSection


class CommentPeriodFactory(factory.django.DjangoModelFactory):
    """A comment period open now: a day behind it, a week ahead, the response in a month."""

    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    intro = "<p>Kommentoikaa.</p>"
    response_due = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=30)).date()
    )

    class Meta:
        model = CommentPeriod


class IdeaWallPageFactory(wagtail_factories.PageFactory):
    title = "Ideaseinä"
    intro = "<p>Kerro, miten yhteistyötä voisi kehittää.</p>"

    class Meta:
        model = IdeaWallPage


class IdeaFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Idea {n}")
    body = "Yhteinen tapahtumakalenteri kaikille yhdistyksille."
    state = ModerationState.PUBLISHED

    class Meta:
        model = Idea


# --- Images, documents, meeting materials and editors (added for the admin and query tests) ---


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()


class PhotoFactory(wagtail_factories.ImageFactory):
    """A small real image in the root collection, so renditions can be made from it."""

    title = factory.Sequence(lambda n: f"Kuva {n}")
    collection = factory.LazyFunction(_root_collection)
    file = factory.django.ImageField(width=320, height=240, color="green")


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Liite {n}")
    collection = factory.LazyFunction(_root_collection)
    file = factory.django.FileField(filename="liite.pdf", data=b"%PDF-1.4 test")


class MeetingMaterialFactory(factory.django.DjangoModelFactory):
    document = factory.SubFactory(DocumentFactory)
    title = factory.Sequence(lambda n: f"Esitysmateriaali {n}")
    sort_order = factory.Sequence(int)

    class Meta:
        model = "forums.MeetingMaterial"


# --- Participants: association representatives with a confirmed e-mail address ---

PARTICIPANT_PASSWORD = "Kuusi-kuusta-1"


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A signed-up participant whose e-mail address allauth has seen confirmed.

    The password is PARTICIPANT_PASSWORD; `client.force_login(participant)` also works.
    """

    email = factory.Sequence(lambda n: f"osallistuja{n}@yhdistys.example")
    display_name = factory.Sequence(lambda n: f"Osallistuja {n}")
    password = factory.django.Password(PARTICIPANT_PASSWORD)

    class Meta:
        model = "accounts.User"
        skip_postgeneration_save = True

    @factory.post_generation
    def confirmed_email(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class PrivacyNoticePageFactory(wagtail_factories.PageFactory):
    title = "Yhdistysrekisterin tietosuojaseloste"
    controller = "Järvelän kunta\nKunnantie 1, 99999 Järvelä"
    data_protection_contact = "Tietosuojavastaava, tietosuoja@kunta.example"
    purpose = "<p>Kunnan ja yhdistysten yhteistyö.</p>"
    data_kept = "<ul><li>Yhdistyksen nimi</li><li>Yhteyshenkilön nimi</li></ul>"
    sources = "<p>Yhdistykset ilmoittavat tiedot itse.</p>"
    disclosures = "<p>Tietoja ei luovuteta.</p>"
    retention = "<p>Kunnes yhdistys pyytää poistamaan tiedot.</p>"
    rights = "<p>Voit tarkastaa ja korjauttaa tietosi.</p>"

    class Meta:
        model = "home.PrivacyNoticePage"


# --- The association register and its public directory ---


class AssociationDirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Yhdistykset"
    slug = "yhdistykset"

    class Meta:
        model = "associations.AssociationDirectoryPage"


class AssociationFactory(factory.django.DjangoModelFactory):
    """A record of the register, confirmed now, with the default published fields and an
    unpublished contact person.

    `site` is the default Site unless given; `fields=["culture", …]` sets its fields of
    activity.
    """

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = factory.Sequence(lambda n: f"Kuusiston Kyläyhdistys {n} ry")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Kylätalon ylläpito ja tapahtumat."
    email = factory.Sequence(lambda n: f"yhdistys{n}@yhdistys.example")
    phone = "+358401234567"
    contact_name = "Kaisa Yhteyshenkilö"
    contact_email = factory.LazyAttribute(lambda o: f"yhteys@{o.slug}.example")
    published_fields = factory.LazyFunction(lambda: list(PUBLISHED_BY_DEFAULT))
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = "associations.Association"
        django_get_or_create = ["site", "name"]
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields_of_activity.set(extracted)


class RepresentationFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(ParticipantFactory)
    association = factory.SubFactory(AssociationFactory)

    class Meta:
        model = "associations.Representation"
