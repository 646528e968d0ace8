from django.core.management.base import BaseCommand

from solidair.initiatives.services import initiatives_search_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the good-practice search's index of every initiative (its title, summary, "
        "text, sub-projects, links and image description, folded and stemmed). Needed only "
        "after a change that did not go through the portal, the back-office or the import, "
        "or after a change to how words are stemmed. Safe to run at any time."
    )

    def handle(self, *args, **options) -> None:
        count = initiatives_search_rebuild()
        self.stdout.write(f"Search index rebuilt for {count} initiatives.")
