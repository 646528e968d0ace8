"""The public pages that gather several apps: home, search, directory and a municipality's page.

The reference data they show lives in ``solidair.municipalities``, which imports no app of ours;
this app is the one that reads memberships, initiatives and letters beside it.
"""
