# English dates read "11 December 2024" rather than Django's US default "Dec. 11, 2024":
# the site is about international bodies, and this form is unambiguous everywhere.
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
