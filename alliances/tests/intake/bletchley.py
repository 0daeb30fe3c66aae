"""The Bletchley Declaration's 29 signatories, as the declaration lists them and as a news agency printed them."""

DECLARATION = (
    "Australia, Brazil, Canada, Chile, China, the European Union, France, Germany, India, Indonesia, Ireland, "
    "Israel, Italy, Japan, Kenya, the Kingdom of Saudi Arabia, the Netherlands, Nigeria, the Philippines, the "
    "Republic of Korea, Rwanda, Singapore, Spain, Switzerland, Türkiye, Ukraine, the United Arab Emirates, the "
    "United Kingdom of Great Britain and Northern Ireland, and the United States of America"
)
AGENCY = (
    "Australia, Brazil, Canada, Chile, China, the EU, France, Germany, India, Indonesia, Ireland, Israel, Italy, "
    "Japan, Kenya, the Kingdom of Saudi Arabia, the Netherlands, Nigeria, the Philippines, the Republic of Korea, "
    "Rwanda, Singapore, Spain, Switzerland, Türkiye, Ukraine, the UAE, Great Britain, and the US signed the document."
)
# What each of the agency's 29 names is: an ISO code, or "EU" for the European Union (an organization).
SIGNATORIES = [
    "AU", "BR", "CA", "CL", "CN", "EU", "FR", "DE", "IN", "ID", "IE", "IL", "IT", "JP", "KE", "SA", "NL", "NG", "PH",
    "KR", "RW", "SG", "ES", "CH", "TR", "UA", "AE", "GB", "US",
]  # fmt: skip
