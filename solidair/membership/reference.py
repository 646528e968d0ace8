"""The ten activities of the network (from its letter to councils), in three languages."""

ACTIVITIES = [
    {
        "code": "reception",
        "label_nl": "Opvangplaatsen",
        "label_fr": "Places d'accueil",
        "label_en": "Reception places",
        "description_nl": (
            "De gemeente voorziet in zoveel mogelijk opvangplaatsen voor minderjarige en/of "
            "meerderjarige mensen op de vlucht. Dit kan de vorm aannemen van een opvangcentrum "
            "of van een meer kleinschalig opvanginitiatief (LOI)."
        ),
        "description_fr": (
            "La commune prévoit le plus possible de places d'accueil pour des personnes en fuite, "
            "mineures et/ou majeures : un centre d'accueil ou une initiative locale d'accueil "
            "(ILA) à plus petite échelle."
        ),
        "description_en": (
            "The municipality provides as many reception places as possible for children and "
            "adults who have fled their country: a reception centre or a smaller local reception "
            "initiative (LOI)."
        ),
    },
    {
        "code": "housing",
        "label_nl": "Huisvesting",
        "label_fr": "Logement",
        "label_en": "Housing",
        "description_nl": (
            "De gemeente ondersteunt erkende vluchtelingen in hun zoektocht naar geschikte "
            "huisvesting als ze de lokale opvang verlaten."
        ),
        "description_fr": (
            "La commune aide les réfugiés reconnus à trouver un logement adapté lorsqu'ils "
            "quittent l'accueil local."
        ),
        "description_en": (
            "The municipality helps recognised refugees find suitable housing when they leave "
            "local reception."
        ),
    },
    {
        "code": "volunteering",
        "label_nl": "Vrijwillige begeleiding",
        "label_fr": "Accompagnement bénévole",
        "label_en": "Volunteer support",
        "description_nl": (
            "De gemeente stimuleert en ondersteunt haar inwoners om zich in te zetten voor de "
            "vrijwillige begeleiding van mensen op de vlucht, bijvoorbeeld als pleegouder of als "
            "voogd van niet-begeleide minderjarige vreemdelingen."
        ),
        "description_fr": (
            "La commune encourage et soutient ses habitants qui accompagnent bénévolement des "
            "personnes en fuite, par exemple comme famille d'accueil ou tuteur de mineurs "
            "étrangers non accompagnés."
        ),
        "description_en": (
            "The municipality encourages and supports residents who volunteer to stand by people "
            "who have fled, for example as foster parents or as guardians of unaccompanied "
            "foreign minors."
        ),
    },
    {
        "code": "participation",
        "label_nl": "Verenigingsleven en vrije tijd",
        "label_fr": "Vie associative et loisirs",
        "label_en": "Associations and leisure",
        "description_nl": (
            "De gemeente zet initiatieven op om mensen op de vlucht te betrekken in het lokale "
            "verenigingsleven, bij vrijetijdsactiviteiten, ... en ondersteunt vrijwilligers die "
            "zich hiervoor inzetten."
        ),
        "description_fr": (
            "La commune implique les personnes en fuite dans la vie associative locale et les "
            "loisirs, et soutient les bénévoles qui s'y consacrent."
        ),
        "description_en": (
            "The municipality involves people who have fled in local clubs, associations and "
            "leisure activities, and supports the volunteers who make this happen."
        ),
    },
    {
        "code": "international",
        "label_nl": "Internationale solidariteit",
        "label_fr": "Solidarité internationale",
        "label_en": "International solidarity",
        "description_nl": (
            "De gemeente draagt financieel bij aan de opvang en bescherming van mensen op de "
            "vlucht aan de buitengrenzen van de EU of in de regio van conflicten via steun aan "
            "ngo's of VN-organisaties."
        ),
        "description_fr": (
            "La commune contribue financièrement à l'accueil et à la protection des personnes en "
            "fuite aux frontières extérieures de l'UE ou dans les régions de conflit, via des ONG "
            "ou des organisations des Nations unies."
        ),
        "description_en": (
            "The municipality contributes financially to the reception and protection of people "
            "fleeing at the EU's external borders or in regions of conflict, by supporting NGOs "
            "or UN organisations."
        ),
    },
    {
        "code": "network",
        "label_nl": "Lerend netwerk",
        "label_fr": "Réseau d'apprentissage",
        "label_en": "Learning network",
        "description_nl": (
            "De gemeente schakelt zich in in het netwerk van Solidaire Steden en Gemeenten om "
            "samen met andere gemeenten uit te wisselen over goede praktijken."
        ),
        "description_fr": (
            "La commune participe au réseau des villes et communes solidaires pour échanger de "
            "bonnes pratiques avec d'autres communes."
        ),
        "description_en": (
            "The municipality joins the network of Solidarity Cities and Municipalities to "
            "exchange good practices with other municipalities."
        ),
    },
    {
        "code": "sponsorship",
        "label_nl": "Community sponsorship",
        "label_fr": "Parrainage communautaire",
        "label_en": "Community sponsorship",
        "description_nl": (
            "De gemeente denkt en bouwt mee aan goed doordachte modellen voor community based "
            "sponsorship, waarbij lokale groepen instaan voor het onthaal van mensen op de vlucht "
            "die via hervestiging naar België komen."
        ),
        "description_fr": (
            "La commune contribue à concevoir des modèles réfléchis de parrainage communautaire, "
            "où des groupes locaux accueillent des personnes réinstallées en Belgique."
        ),
        "description_en": (
            "The municipality helps to design well-thought-out community sponsorship schemes, in "
            "which local groups welcome people who come to Belgium through resettlement."
        ),
    },
    {
        "code": "education",
        "label_nl": "Onderwijs",
        "label_fr": "Enseignement",
        "label_en": "Education",
        "description_nl": (
            "De gemeente ondersteunt haar scholen bij het opleiden van mensen op de vlucht."
        ),
        "description_fr": (
            "La commune soutient ses écoles dans l'enseignement aux personnes en fuite, enfants "
            "et adultes."
        ),
        "description_en": (
            "The municipality supports its schools in teaching children and adults who have fled."
        ),
    },
    {
        "code": "access",
        "label_nl": "Toegang tot dienstverlening",
        "label_fr": "Accès aux services",
        "label_en": "Access to services",
        "description_nl": (
            "De gemeente werkt drempels weg die de toegang van mensen op de vlucht tot "
            "dienstverlening belemmeren."
        ),
        "description_fr": (
            "La commune supprime les obstacles qui entravent l'accès des personnes en fuite aux "
            "services."
        ),
        "description_en": (
            "The municipality removes the barriers that keep people who have fled from using its "
            "services and those of others."
        ),
    },
    {
        "code": "other",
        "label_nl": "Andere activiteit",
        "label_fr": "Autre activité",
        "label_en": "Other activity",
        "description_nl": "Een andere activiteit, die de gemeente zelf omschrijft.",
        "description_fr": "Une autre activité, décrite par la commune elle-même.",
        "description_en": "Another activity, described by the municipality itself.",
    },
]


TRANSLATED_FIELDS = ("label_fr", "label_en", "description_fr", "description_en")


def load_activity_translations(Activity) -> int:
    """Refresh only the French and English texts (the Dutch ones may be edited in the
    back-office); return how many activities changed."""
    changed = 0
    for values in ACTIVITIES:
        translations = {field: values[field] for field in TRANSLATED_FIELDS}
        changed += (
            Activity.objects.filter(code=values["code"])
            .exclude(**translations)
            .update(**translations)
        )
    return changed


def load_activities(Activity) -> int:
    created_count = 0
    for position, values in enumerate(ACTIVITIES, start=1):
        _, created = Activity.objects.update_or_create(
            code=values["code"],
            defaults={**{k: v for k, v in values.items() if k != "code"}, "position": position},
        )
        created_count += created
    return created_count
