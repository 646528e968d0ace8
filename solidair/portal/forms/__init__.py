"""The portal's forms, one module per page they serve."""
