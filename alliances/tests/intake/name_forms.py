"""Country name forms and the ISO code each means: those the register's sources use, and the common forms of
English, Russian, French and Spanish lists."""

# Every country name form that the quotations, titles and summaries in register/ use (grepped from its CSV files).
REGISTER = {
    "Algeria": "DZ", "Andorra": "AD", "Arab Republic of Egypt": "EG", "Argentina": "AR", "the Argentine Republic": "AR",
    "Armenia": "AM", "Arábia Saudita": "SA", "Australia": "AU", "Azerbaijan": "AZ", "Belarus": "BY", "Belgium": "BE",
    "Bolivia": "BO", "Bolívia": "BO", "Bosnia and Herzegovina": "BA", "Brasil": "BR", "Brazil": "BR", "Cambodge": "KH",
    "Cambodia": "KH", "Canada": "CA", "Canadá": "CA", "Chile": "CL", "China": "CN", "Colombia": "CO",
    "Costa Rica": "CR", "Croatia": "HR", "Croatie": "HR", "Cuba": "CU", "the Czech Republic": "CZ", "Czechia": "CZ",
    "Denmark": "DK", "Egypt": "EG", "Eslováquia": "SK", "Ethiopia": "ET", "Etiópia": "ET",
    "the Federal Democratic Republic of Ethiopia": "ET", "Finland": "FI", "France": "FR", "Georgia": "GE",
    "Germany": "DE", "Greece": "GR", "Grécia": "GR", "Iceland": "IS", "India": "IN", "Indonesia": "ID",
    "Indonésia": "ID", "Iran": "IR", "the Islamic Republic of Iran": "IR", "Ireland": "IE", "Israel": "IL",
    "Israël": "IL", "Islândia": "IS", "Italy": "IT", "Japan": "JP", "Japón": "JP", "Kazakhstan": "KZ", "Kenya": "KE",
    "the Kingdom of Saudi Arabia": "SA", "Korea South": "KR", "La Serbia": "RS", "Liechtenstein": "LI",
    "Lithuania": "LT", "Lituânia": "LT", "Malaysia": "MY", "Malásia": "MY", "Malta": "MT", "Malte": "MT",
    "Maroc": "MA", "Mexico": "MX", "Moldova": "MD", "Montenegro": "ME", "Il Montenegro": "ME", "Morocco": "MA",
    "the Netherlands": "NL", "New Zealand": "NZ", "Nigeria": "NG", "Norway": "NO", "People's Republic of China": "CN",
    "the People’s Republic of China": "CN", "Peru": "PE", "Poland": "PL", "the Republic of Indonesia": "ID",
    "the Republic of Korea": "KR", "the Republic of Moldova": "MD", "the Republic of South Africa": "ZA",
    "Romania": "RO", "Roumanie": "RO", "Russia": "RU", "Rússia": "RU", "Rwanda": "RW", "San Marino": "SM",
    "Saudi Arabia": "SA", "Senegal": "SN", "Serbia": "RS", "Singapore": "SG", "Slovenia": "SI",
    "South Africa": "ZA", "South Korea": "KR", "Spain": "ES", "Sweden": "SE", "Switzerland": "CH", "Tailândia": "TH",
    "Thailand": "TH", "Türkiye": "TR", "Türkiye’s": "TR", "the U.S.": "US", "the UAE": "AE", "the US": "US",
    "the United States": "US", "UK": "GB", "the UK": "GB", "USA": "US", "Uganda": "UG", "Ukraine": "UA",
    "the United Arab Emirates": "AE", "the United Kingdom": "GB", "the United States of America": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Vietnam": "VN", "Índia": "IN", "Etiopia": "ET",
    "the United Kingdom of Great Britain and Northern Ireland": "GB", "Great Britain": "GB",
}  # fmt: skip

ENGLISH = {
    "Korea, Rep.": "KR", "Korea, Republic of": "KR", "Korea, Dem. People's Rep.": "KP", "North Korea": "KP",
    "the Democratic People's Republic of Korea": "KP", "Congo, Dem. Rep.": "CD",
    "the Democratic Republic of the Congo": "CD",
    "DRC": "CD", "Congo, Rep.": "CG", "the Republic of the Congo": "CG", "Iran, Islamic Rep.": "IR",
    "Egypt, Arab Rep.": "EG", "Côte d'Ivoire": "CI", "Côte d’Ivoire": "CI", "Cote d'Ivoire": "CI",
    "Ivory Coast": "CI", "Turkey": "TR", "Republic of Türkiye": "TR", "the Russian Federation": "RU",
    "Viet Nam": "VN", "Syria": "SY", "the Syrian Arab Republic": "SY", "Laos": "LA",
    "Lao People's Democratic Republic": "LA", "Bolivia, Plurinational State of": "BO", "Venezuela": "VE",
    "Tanzania": "TZ", "the United Republic of Tanzania": "TZ",
    "Moldova, Republic of": "MD", "North Macedonia": "MK", "East Timor": "TL", "Timor-Leste": "TL",
    "Eswatini": "SZ", "Swaziland": "SZ", "Cabo Verde": "CV", "Cape Verde": "CV", "Brunei": "BN",
    "Brunei Darussalam": "BN", "the Holy See": "VA", "Vatican City": "VA", "Micronesia": "FM",
    "St. Lucia": "LC", "Saint Lucia": "LC", "St. Kitts and Nevis": "KN", "Saint Vincent and the Grenadines": "VC",
    "Trinidad and Tobago": "TT", "Antigua and Barbuda": "AG", "São Tomé and Príncipe": "ST", "Papua New Guinea": "PG",
    "Guinea-Bissau": "GW", "Equatorial Guinea": "GQ", "Guinea": "GN", "Niger": "NE", "Dominica": "DM",
    "the Dominican Republic": "DO", "the Central African Republic": "CF", "South Sudan": "SS", "Sudan": "SD",
    "the Bahamas": "BS", "the Gambia": "GM", "the Philippines": "PH", "the Republic of the Philippines": "PH",
    "the Kingdom of the Netherlands": "NL", "Hong Kong": "HK", "Taiwan": "TW", "Palestine": "PS",
    "the Slovak Republic": "SK", "Slovakia": "SK", "Kyrgyzstan": "KG", "the Kyrgyz Republic": "KG",
    "Myanmar": "MM", "U.K.": "GB", "U.S.A.": "US", "UAE": "AE", "NZ": "NZ",
}  # fmt: skip

RUSSIAN = {
    "Германия": "DE", "Франция": "FR", "Китай": "CN", "Индия": "IN", "Бразилия": "BR", "Япония": "JP",
    "Канада": "CA", "Австралия": "AU", "Италия": "IT", "Испания": "ES", "Турция": "TR", "Египет": "EG", "Иран": "IR",
    "ЮАР": "ZA", "Южно-Африканская Республика": "ZA", "Саудовская Аравия": "SA", "Объединенные Арабские Эмираты": "AE",
    "ОАЭ": "AE", "Эфиопия": "ET", "Индонезия": "ID", "Сербия": "RS", "Беларусь": "BY", "Казахстан": "KZ",
    "Куба": "CU", "Боливия": "BO", "Малайзия": "MY", "Таиланд": "TH", "Узбекистан": "UZ", "Нигерия": "NG",
    "Вьетнам": "VN", "Аргентина": "AR", "Мексика": "MX", "Республика Корея": "KR", "Нидерланды": "NL",
    "Швейцария": "CH", "Украина": "UA", "Великобритания": "GB", "Соединенное Королевство": "GB", "США": "US",
    "Соединенные Штаты": "US", "Соединённые Штаты Америки": "US", "Российская Федерация": "RU", "Россия": "RU",
    "РФ": "RU", "Кот-д’Ивуар": "CI", "Израиль": "IL", "Кения": "KE", "Руанда": "RW", "Сингапур": "SG",
    "Филиппины": "PH", "Чили": "CL", "Ирландия": "IE", "Сербия ": "RS", "Китайская Народная Республика": "CN",
    "КНДР": "KP", "Южная Корея": "KR", "Северная Корея": "KP",
}  # fmt: skip

FRENCH = {
    "l'Allemagne": "DE", "la France": "FR", "la Chine": "CN", "l'Inde": "IN", "le Brésil": "BR", "le Japon": "JP",
    "le Canada": "CA", "l'Australie": "AU", "l'Italie": "IT", "l'Espagne": "ES", "la Turquie": "TR",
    "l'Égypte": "EG", "l'Iran": "IR", "l'Afrique du Sud": "ZA", "l'Arabie saoudite": "SA",
    "les Émirats arabes unis": "AE", "l'Éthiopie": "ET", "l'Indonésie": "ID", "la Serbie": "RS",
    "la Corée du Sud": "KR", "la République de Corée": "KR", "les Pays-Bas": "NL", "la Suisse": "CH",
    "l'Ukraine": "UA", "le Royaume-Uni": "GB", "les États-Unis": "US", "les États-Unis d'Amérique": "US",
    "la Russie": "RU", "la Fédération de Russie": "RU", "la Côte d’Ivoire": "CI", "Israël": "IL", "le Kenya": "KE",
    "le Rwanda": "RW", "Singapour": "SG", "les Philippines": "PH", "le Chili": "CL", "l'Irlande": "IE",
    "le Mexique": "MX", "le Maroc": "MA", "le Sénégal": "SN",
}  # fmt: skip

SPANISH = {
    "Alemania": "DE", "Francia": "FR", "China": "CN", "la India": "IN", "Brasil": "BR", "Japón": "JP",
    "Canadá": "CA", "Italia": "IT", "España": "ES", "Turquía": "TR", "Egipto": "EG", "Irán": "IR",
    "Sudáfrica": "ZA", "Arabia Saudí": "SA", "los Emiratos Árabes Unidos": "AE", "Etiopía": "ET",
    "Corea del Sur": "KR", "la República de Corea": "KR", "los Países Bajos": "NL", "Suiza": "CH", "Ucrania": "UA",
    "el Reino Unido": "GB", "los Estados Unidos": "US", "Estados Unidos de América": "US", "Rusia": "RU",
    "la Federación de Rusia": "RU", "Israel": "IL", "Kenia": "KE", "Ruanda": "RW", "Singapur": "SG",
    "Filipinas": "PH", "Irlanda": "IE", "México": "MX", "Marruecos": "MA", "Perú": "PE", "Polonia": "PL",
}  # fmt: skip

ALL = {**REGISTER, **ENGLISH, **RUSSIAN, **FRENCH, **SPANISH}
