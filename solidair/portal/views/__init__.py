"""The portal's pages, one module per topic (editing a municipality's page: editing/)."""
