"""Adding members from a source's list (README.md beside this file)."""
