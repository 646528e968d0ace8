from functools import reduce
from operator import add, or_

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib import fulltext
from solidair.lib.richtext import rich_text_html
from solidair.membership.models import Activity
from solidair.municipalities.models import FormerMunicipality, Municipality
from solidair.operations.uploads import PublicUploadTo, public_file_url

# How a search orders its results: more of the query's terms first, then where they were found.
SEARCH_RANK = ("-search_matched", "-search_weight")
# What a term found in each place weighs.
TITLE_WEIGHT, SUMMARY_WEIGHT, REST_WEIGHT = 3, 2, 1


class InitiativeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_results(self):
        """The initiatives that say what they achieved: a result in words or in numbers."""
        return self.exclude(result="", people_reached__isnull=True)

    def search(self, query: str):
        """The initiatives that match at least one of the query's terms (solidair.lib.fulltext)
        in what their page and their municipality's page show, annotated with
        ``search_matched`` (how many terms) and ``search_weight`` (a term in the title weighs
        3, in the summary 2, elsewhere 1); order by ``SEARCH_RANK``.

        The initiative's own words are in its index columns (services.initiative_search_refresh).
        The names of what it shares with others (its themes in three languages, its partners,
        its municipality and the former municipalities merged into it) are matched where they
        are kept, so renaming a partner or a theme needs no index refresh.
        """
        terms = fulltext.query_terms(query)
        if not terms:
            return self.none().annotate(
                search_matched=Value(0), search_weight=Value(0), search_terms=Value(0)
            )
        found_in = [
            _term_places(term, shared)
            for term, shared in zip(terms, _shared_matches(terms), strict=True)
        ]
        return self.filter(
            reduce(or_, (title | summary | rest for title, summary, rest in found_in))
        ).annotate(
            search_terms=Value(len(terms)),
            search_matched=reduce(
                add,
                (
                    Case(When(title | summary | rest, then=Value(1)), default=Value(0))
                    for title, summary, rest in found_in
                ),
            ),
            search_weight=reduce(
                add,
                (
                    Case(
                        When(title, then=Value(TITLE_WEIGHT)),
                        When(summary, then=Value(SUMMARY_WEIGHT)),
                        When(rest, then=Value(REST_WEIGHT)),
                        default=Value(0),
                    )
                    for title, summary, rest in found_in
                ),
            ),
        )

    def search_best(self, query: str):
        """``search``, narrowed to the initiatives that match every term when there are any:
        "buddy gent" means the buddy schemes of Gent, not every initiative of Gent and every
        buddy scheme. Only when none has all the terms are those with some of them found, best
        first (``search_matched`` < ``search_terms`` tells the page to say so)."""
        found = self.search(query)
        every = found.filter(search_matched=len(fulltext.query_terms(query)))
        return every if every.exists() else found


def _contains(field: str, term: fulltext.Term) -> Q:
    return reduce(or_, (Q(**{f"{field}__contains": p}) for p in fulltext.patterns(term)))


def _term_places(term: fulltext.Term, shared: Q | None) -> tuple[Q, Q, Q]:
    """Where the term is found: the title, the summary, the rest (with the shared names)."""
    rest = _contains("search_body", term)
    return (
        _contains("search_title", term),
        _contains("search_summary", term),
        rest | shared if shared else rest,
    )


def _shared_matches(terms: list[fulltext.Term]) -> list[Q | None]:
    """Per term: the initiatives whose themes, partners or municipality's names it matches
    (None: none). Few rows: the ten themes, the partners and the municipalities that have
    initiatives; their index strings are kept per process (fulltext.name_index)."""
    themes = [
        (a.pk, fulltext.name_index(a.label_nl, a.label_fr, a.label_en))
        for a in Activity.objects.only("label_nl", "label_fr", "label_en")
    ]
    partners = [
        (pk, fulltext.name_index(name))
        for pk, name in Initiative.objects.filter(partners__isnull=False)
        .values_list("partners__pk", "partners__name")
        .distinct()
    ]
    with_initiatives = Initiative.objects.values("municipality_id")
    places = [
        (pk, fulltext.name_index(name_nl, name_fr))
        for pk, name_nl, name_fr in Municipality.objects.filter(
            pk__in=with_initiatives
        ).values_list("pk", "name_nl", "name_fr")
    ] + [
        (pk, fulltext.name_index(name))
        for pk, name in FormerMunicipality.objects.filter(
            merged_into__in=with_initiatives
        ).values_list("merged_into_id", "name")
    ]
    found = []
    for term in terms:
        conditions = []
        if ids := fulltext.matching(term, themes):
            through = Initiative.themes.through.objects.filter(activity_id__in=ids)
            conditions.append(Q(pk__in=through.values("initiative_id")))
        if ids := fulltext.matching(term, partners):
            through = Initiative.partners.through.objects.filter(partnerorganisation_id__in=ids)
            conditions.append(Q(pk__in=through.values("initiative_id")))
        if ids := fulltext.matching(term, places):
            conditions.append(Q(municipality_id__in=ids))
        found.append(reduce(or_, conditions) if conditions else None)
    return found


class Audience(models.TextChoices):
    """For whom a practice is, first of all (the library filters on it)."""

    ASYLUM_SEEKERS = "asylum_seekers", _("Verzoekers om internationale bescherming")
    REFUGEES = "refugees", _("Erkende vluchtelingen en subsidiair beschermden")
    DISPLACED_UKRAINIANS = "displaced_ukrainians", _("Ontheemden uit Oekraïne")
    MINORS = "minors", _("Niet-begeleide minderjarigen")
    UNDOCUMENTED = "undocumented", _("Mensen zonder wettig verblijf")
    NEWCOMERS = "newcomers", _("Alle nieuwkomers")
    RESIDENTS = "residents", _("Alle inwoners")


class CostBand(models.TextChoices):
    """What a practice costs the municipality per year, roughly (the library filters on it)."""

    NONE = "none", _("Geen extra kosten")
    SMALL = "small", _("Minder dan 5.000 euro per jaar")
    MEDIUM = "medium", _("5.000 tot 25.000 euro per jaar")
    LARGE = "large", _("Meer dan 25.000 euro per jaar")


# The structured fields of a practice, in the order its page, the portal form and the brochure
# show them (themes, the commitments it serves, and the contact come after).
# Every structured field, in the order the form, the page and the brochure follow; the contact
# (a person) is not in the open data.
STRUCTURED_FIELDS = (
    "aim",
    "audience",
    "audience_note",
    "approach",
    "result",
    "people_reached",
    "people_reached_year",
    "started_year",
    "cost_band",
    "funding",
    "local_partners",
    "to_copy",
    "contact",
)
STRUCTURED_PUBLIC_FIELDS = tuple(name for name in STRUCTURED_FIELDS if name != "contact")
STRUCTURED_TEXT_FIELDS = (
    "aim",
    "audience_note",
    "approach",
    "result",
    "funding",
    "local_partners",
    "to_copy",
)


class Initiative(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("samenvatting"), max_length=400, blank=True)
    text = models.TextField(
        _("tekst"),
        blank=True,
        help_text=_(
            "Gewone tekst: een lege regel begint een nieuwe alinea, regels die beginnen met "
            "„- ”, „* ” of „1.” worden een lijst, webadressen en e-mailadressen worden links. "
            "Andere opmaak wordt verwijderd."
        ),
    )
    themes = models.ManyToManyField(
        Activity, verbose_name=_("engagementen waaraan het bijdraagt"), blank=True
    )
    partners = models.ManyToManyField(
        # By name: the network app, whose brochures list initiatives, builds on this one.
        "network.PartnerOrganisation",
        verbose_name=_("partnerorganisaties"),
        blank=True,
        related_name="initiatives",
    )
    # The structured fields: every one optional, so that the practices written as one text
    # before them stay as they are. Comparable across municipalities (the template of the
    # Council of Europe's good-practice database: purpose, process, results).
    aim = models.TextField(
        _("doel"),
        blank=True,
        help_text=_("Wat wil de gemeente ermee bereiken? Eén of twee zinnen."),
    )
    audience = models.CharField(
        _("voor wie"),
        max_length=30,
        choices=Audience.choices,
        blank=True,
        help_text=_("Voor wie is het initiatief in de eerste plaats?"),
    )
    audience_note = models.CharField(
        _("voor wie, nader bepaald"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: gezinnen met jonge kinderen in het lokaal opvanginitiatief."),
    )
    approach = models.TextField(
        _("aanpak"),
        blank=True,
        help_text=_("Hoe werkt het, stap voor stap? Wie doet wat?"),
    )
    result = models.TextField(
        _("resultaat"),
        blank=True,
        help_text=_("Wat heeft het opgeleverd? Noem cijfers waar je ze hebt, met hun jaar."),
    )
    people_reached = models.PositiveIntegerField(
        _("aantal bereikte mensen"),
        null=True,
        blank=True,
        help_text=_("Hoeveel mensen het initiatief bereikte, in het jaar hieronder."),
    )
    people_reached_year = models.PositiveSmallIntegerField(
        _("jaar van dat aantal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Bijvoorbeeld 2025."),
    )
    started_year = models.PositiveSmallIntegerField(
        _("gestart in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Het jaar waarin het initiatief begon."),
    )
    cost_band = models.CharField(
        _("kosten per jaar"),
        max_length=10,
        choices=CostBand.choices,
        blank=True,
        help_text=_(
            "Een ruwe schatting van wat het de gemeente per jaar kost, personeel inbegrepen."
        ),
    )
    funding = models.TextField(
        _("kosten en financiering"),
        blank=True,
        help_text=_("Wat kost het en wie betaalt: eigen middelen, subsidies (welke), giften."),
    )
    local_partners = models.TextField(
        _("partners"),
        blank=True,
        help_text=_(
            "Met wie werkt de gemeente samen: het OCMW, verenigingen, scholen, vrijwilligers."
        ),
    )
    to_copy = models.TextField(
        _("wat heb je nodig om het over te nemen"),
        blank=True,
        help_text=_(
            "Wat heeft een andere gemeente nodig om dit ook te doen: mensen, tijd, geld, "
            "partners, een beslissing van de gemeenteraad?"
        ),
    )
    contact = models.ForeignKey(
        "membership.ContactPerson",
        verbose_name=_("contactpersoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text=_(
            "Wie andere gemeenten kunnen aanspreken. Alleen een contactpersoon die op de "
            "publieke pagina staat, wordt getoond."
        ),
    )
    is_highlighted = models.BooleanField(
        _("uitgelicht"), default=False, help_text=_("Eén uitgelicht initiatief per gemeente.")
    )
    published = models.BooleanField(_("gepubliceerd"), default=True)
    # Checked and resized on upload (solidair.operations.uploads.image_prepare), never stored as
    # sent.
    image = models.FileField(
        _("afbeelding"), upload_to=PublicUploadTo("initiatives"), max_length=200, blank=True
    )
    image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_(
            "Wat de afbeelding toont, voor wie ze niet ziet. Verplicht bij een afbeelding."
        ),
    )
    source_note = models.CharField(_("bron"), max_length=300, blank=True)
    # The initiative's own words for the search (solidair.lib.fulltext.index_text), kept by
    # services.initiative_search_refresh: title, summary, and the rest of its page.
    search_title = models.TextField(editable=False, blank=True)
    search_summary = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["search_title", "search_summary", "search_body"],
        m2m_fields=[themes, partners],
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_nl", "-is_highlighted", "title"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(is_highlighted=True),
                name="one_highlighted_initiative_per_municipality",
                violation_error_message=_("Deze gemeente heeft al een uitgelicht initiatief."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.contact_id and self.contact.municipality_id != self.municipality_id:
            raise ValidationError(
                {"contact": _("Kies een contactpersoon van de gemeente van het initiatief.")}
            )
        if self.people_reached_year and self.people_reached is None:
            raise ValidationError(
                {"people_reached": _("Geef het aantal bereikte mensen bij het jaar.")}
            )
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Beschrijf wat de afbeelding toont, voor wie ze niet ziet.")}
            )

    @property
    def has_results(self) -> bool:
        return bool(self.result.strip()) or self.people_reached is not None

    @property
    def public_contact(self):
        """The practice's contact, when the municipality shows that person publicly."""
        contact = self.contact
        if contact and contact.is_public and contact.municipality_id == self.municipality_id:
            return contact
        return None

    @property
    def image_url(self) -> str:
        return public_file_url(self.image)

    @property
    def safe_text(self) -> SafeString:
        return rich_text_html(self.text)


class InitiativeLink(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=200)
    url = models.URLField(_("adres"), max_length=500)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.label


class SubProject(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sub_projects"
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("deelproject")
        verbose_name_plural = _("deelprojecten")

    def __str__(self) -> str:
        return self.title
