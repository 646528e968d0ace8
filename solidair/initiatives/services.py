"""Keeping the good-practice search's index in step with what an initiative's page shows.

The index holds the initiative's own words (``Initiative.search_title``, ``search_summary``,
``search_body``). Whatever changes them calls ``initiative_search_refresh`` once it has saved
everything: the portal's ``initiative_save``, the back-office (the initiative with its
sub-projects and links), the import of the network's old page. ``manage.py
rebuild_search_index`` rebuilds it for every initiative. Themes, partners and the
municipality's names are not in it: ``InitiativeQuerySet.search`` matches them where they are
kept.
"""

from solidair.initiatives.models import STRUCTURED_TEXT_FIELDS, Initiative
from solidair.lib.fulltext import index_text
from solidair.lib.richtext import rich_text_plain
from solidair.operations.pagecache import bump_content_version


def initiative_search_index(*, initiative: Initiative) -> dict[str, str]:
    """The index columns of an initiative, from what its page shows besides the title and
    summary: the text, the structured fields, the sub-projects, the links' labels and the
    image's description."""
    rest = [rich_text_plain(initiative.text), initiative.image_alt]
    rest += [getattr(initiative, name) for name in STRUCTURED_TEXT_FIELDS]
    for sub_project in initiative.sub_projects.all():
        rest += [sub_project.title, sub_project.description]
    rest += [link.label for link in initiative.links.all()]
    return {
        "search_title": index_text(initiative.title),
        "search_summary": index_text(initiative.summary),
        "search_body": index_text(*rest),
    }


def _index_write(initiative: Initiative) -> None:
    columns = initiative_search_index(initiative=initiative)
    Initiative.objects.filter(pk=initiative.pk).update(**columns)
    for name, value in columns.items():
        setattr(initiative, name, value)


def _with_parts():
    return Initiative.objects.prefetch_related("sub_projects", "links")


def initiative_search_refresh(*, initiative: Initiative) -> None:
    """Write the initiative's index from what is saved now (an update of three columns: no
    history, no change of ``updated_at``)."""
    fresh = _with_parts().get(pk=initiative.pk)
    _index_write(fresh)
    for name in ("search_title", "search_summary", "search_body"):
        setattr(initiative, name, getattr(fresh, name))


def initiatives_search_rebuild() -> int:
    """Refresh the index of every initiative; return how many."""
    count = 0
    for initiative in _with_parts().iterator(chunk_size=200):
        _index_write(initiative)
        count += 1
    # Updates send no signal: cached search pages must go.
    bump_content_version()
    return count
