from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from core.branding import validate_accent_colour


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """The chrome around every page: main navigation, footer, feedback channel, branding."""

    organisation_name = models.CharField(_("organisation name"), max_length=120, blank=True)
    code = models.SlugField(
        _("municipality's identifier"),
        max_length=40,
        blank=True,
        help_text=_(
            "A short name in lower case letters, digits and hyphens (for example jarvela). "
            "Other systems choose this municipality with it in the API "
            "(?municipality=jarvela), and the regional figures name it."
        ),
    )
    is_regional = models.BooleanField(
        _("the region's own site"),
        default=False,
        help_text=_(
            "A regional project's or a joint body's site, not a municipality's: it is left "
            "out of the municipalities that the regional overview counts."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in the header beside the site's name. Its text alternative is the "
            "organisation name."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_(
            "The colour of the header, the buttons and the links, as # and six hexadecimal "
            "digits (for example #0b4f8a). It must be dark enough for white text. Leave "
            "empty to use the site's own colour."
        ),
    )
    footer_address = models.TextField(_("postal address"), blank=True)
    feedback_email = models.EmailField(
        _("feedback e-mail"),
        blank=True,
        help_text=_("Where visitors send feedback on the site and its accessibility."),
    )
    feedback_url = models.URLField(_("feedback form address"), blank=True)
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        InlinePanel("navigation_links", heading=_("Main navigation"), label=_("link")),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("footer_address")], heading=_("Footer")
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("accent_colour")], heading=_("Branding")),
        # Who the Site is in the region (its code in the regional figures, whether it is the
        # region's own site) is the install's, not the municipality's staff's, to change.
        MultiFieldPanel(
            [
                FieldPanel("code", permission="superuser"),
                FieldPanel("is_regional", permission="superuser"),
            ],
            heading=_("Municipality"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldPanel("feedback_url"),
                FieldPanel("accessibility_statement"),
            ],
            heading=_("Feedback and accessibility"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="one_site_per_municipality_code"
            )
        ]

    def navigation(self):
        return [link for link in self.navigation_links.select_related("page") if link.page.live]


class NavigationLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="navigation_links", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        _("label"), max_length=60, blank=True, help_text=_("Leave empty to use the page title.")
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("navigation link")

    @property
    def text(self):
        return self.label or self.page.title
