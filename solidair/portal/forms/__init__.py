"""The portal's forms, one module per topic, named like the pages they serve."""
