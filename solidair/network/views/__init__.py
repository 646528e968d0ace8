"""The network's pages, one module per topic."""
