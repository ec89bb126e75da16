"""English labels of the EU and HealthDCAT-AP concepts the export uses (skos:prefLabel is required).

Health categories, frequencies and access rights: verbatim from ../shared/standards/vocabularies/*.csv.
Countries and languages: the English names of the ISO tables (pycountry). Other concepts are
labelled from their code (see label_of).
"""

from __future__ import annotations

import pycountry

HEALTH_CATEGORIES = {
    'EHRS': 'Electronic health data from EHRs',
    'DIOH': 'Data on factors impacting on health, including socio-economic, environmental and behavioural determinants of health',
    'NRPE': 'Aggregated data on healthcare needs, resources allocated to healthcare, the provision of and access to healthcare, healthcare expenditure and financing',
    'RPDG': 'Data on pathogens that impact human health',
    'HRAD': 'Healthcare-related administrative data, including on dispensations, reimbursement claims and reimbursements',
    'HGPD': 'Human genetic, epigenomic and genomic data',
    'HPML': 'Other human molecular data such as proteomic, transcriptomic, metabolomic, lipidomic and other omic data',
    'PGEH': 'Personal electronic health data automatically generated through medical devices',
    'WELA': 'Data from wellness applications',
    'IDHP': 'Data on professional status, and on the specialisation and institution of health professionals involved in the treatment of a natural person',
    'PHDR': 'Data from population-based health data registries such as public health registries',
    'MRMR': 'Data from medical registries and mortality registries',
    'EHCT': 'Data from clinical trials, clinical studies, clinical investigations and performance studies subject to Regulation (EU) No 536/2014, Regulation (EU) 2024/1938 of the European Parliament and of the Council34, Regulation (EU) 2017/745 and Regulation (EU) 2017/746',
    'EMRD': 'Other health data from medical devices',
    'RMMD': 'Data from registries for medicinal products and medical devices',
    'RQSH': 'Data from research cohorts, questionnaires and surveys related to health, after the first publication of the related results',
    'EINS': 'Health data from biobanks and associated databases',
}
FREQUENCIES = {
    '1MIN': 'every minute',
    '5MIN': 'every five minutes',
    '10MIN': 'every ten minutes',
    '15MIN': 'every fifteen minutes',
    '30MIN': 'every thirty minutes',
    'HOURLY': 'hourly',
    'BIHOURLY': 'bihourly',
    'TRIHOURLY': 'trihourly',
    '12HRS': 'every twelve hours',
    'CONT': 'continuous',
    'UPDATE_CONT': 'continuously updated',
    'DAILY': 'daily',
    'DAILY_2': 'twice a day',
    'WEEKLY': 'weekly',
    'WEEKLY_2': 'semiweekly',
    'WEEKLY_3': 'three times a week',
    'WEEKLY_5': 'five times a week',
    'BIWEEKLY': 'biweekly',
    'MONTHLY': 'monthly',
    'MONTHLY_2': 'semimonthly',
    'MONTHLY_3': 'three times a month',
    'BIMONTHLY': 'bimonthly',
    'QUARTERLY': 'quarterly',
    'ANNUAL_3': 'three times a year',
    'ANNUAL_2': 'semiannual',
    'ANNUAL': 'annual',
    'BIENNIAL': 'biennial',
    'TRIENNIAL': 'triennial',
    'QUADRENNIAL': 'quadrennial',
    'QUINQUENNIAL': 'quinquennial',
    'DECENNIAL': 'decennial',
    'BIDECENNIAL': 'bidecennial',
    'TRIDECENNIAL': 'tridecennial',
    'IRREG': 'irregular',
    'AS_NEEDED': 'as needed',
    'NOT_PLANNED': 'not planned',
    'NEVER': 'never',
    'OTHER': 'other',
    'UNKNOWN': 'unknown',
    'OP_DATPRO': 'Provisional data',
}
ACCESS_RIGHTS = {
    'PUBLIC': 'public',
    'RESTRICTED': 'restricted',
    'NON_PUBLIC': 'non-public',
    'CONFIDENTIAL': 'confidential',
    'SENSITIVE': 'sensitive',
    'NORMAL': 'normal',
    'OP_DATPRO': 'Provisional data',
}
def label_of(scheme: str, code: str) -> str:
    """The English label of a code of a scheme (its last path segment): known, else the code made readable."""
    name = scheme.rstrip("/").rsplit("/", 1)[-1]
    tables = {"healthcategories": HEALTH_CATEGORIES, "frequency": FREQUENCIES, "access-right": ACCESS_RIGHTS}
    known = tables.get(name, {}).get(code) or _iso_label(name, code)
    return known or code.replace("_", " ").replace("-", " ").capitalize()


def _iso_label(name: str, code: str) -> str | None:
    """Countries and languages by their alpha-3 code, named by the ISO tables (CHE -> Switzerland)."""
    if len(code) != 3 or not code.isalpha():
        return None
    table = {"country": pycountry.countries, "language": pycountry.languages}.get(name)
    found = table.get(alpha_3=code.lower() if name == "language" else code.upper()) if table else None
    return found.name if found else None
