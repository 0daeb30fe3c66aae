"""Everything the site keeps to answer faster, and how it is kept right: see README.md in this folder."""
