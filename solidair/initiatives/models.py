from functools import reduce
from operator import add, or_

from django.core.exceptions import ValidationError
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
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Beschrijf wat de afbeelding toont, voor wie ze niet ziet.")}
            )

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
