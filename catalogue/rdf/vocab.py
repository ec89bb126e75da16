"""Namespaces and the code tables between the exchange format and EU / HealthDCAT-AP vocabularies.

Sources: ../shared/standards/ (EU frequency, access-right and HealthDCAT-AP health-category tables);
HDEU publisher-type, health-activity and coding-system codes as used by the R8 examples and
published HealthDCAT-AP tooling (the R8 vocabulary files are not shipped with the standards folder).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

DCATAP = Namespace("http://data.europa.eu/r5r/")
HEALTH = Namespace("http://healthdataportal.eu/ns/health#")
CV = Namespace("http://data.europa.eu/m8g/")
DPV = Namespace("https://w3id.org/dpv#")
GEODCATAP = Namespace("http://data.europa.eu/930/")
CSVW = Namespace("http://www.w3.org/ns/csvw#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SDO = Namespace("https://schema.org/")

EU = "http://publications.europa.eu/resource/authority/"
HDEU = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
EHDS = "http://data.europa.eu/eli/reg/2025/327/oj"  # Regulation (EU) 2025/327, the EHDS
DUO = "http://purl.obolibrary.org/obo/DUO_"

# scheme IRI -> English title (each coded value states skos:inScheme one of these)
SCHEMES = {
    f"{EU}access-right": "Access right", f"{EU}frequency": "Frequency", f"{EU}language": "Language",
    f"{EU}country": "Country", f"{EU}data-theme": "Data theme",
    f"{HDEU}healthcategories": "Health categories (EHDS Art. 51)", f"{HDEU}publisher-type": "Publisher type",
    f"{HDEU}health-activity": "Health activity", f"{HDEU}coding-system": "Coding system",
    f"{HDEU}standard": "Standard",
}

LANGUAGES = {
    "fr": "FRA", "en": "ENG", "de": "DEU", "it": "ITA", "es": "SPA", "nl": "NLD", "pt": "POR", "fi": "FIN",
    "da": "DAN", "et": "EST", "sv": "SWE", "pl": "POL", "el": "ELL", "cs": "CES", "hu": "HUN", "ro": "RON",
    "bg": "BUL", "hr": "HRV", "sk": "SLK", "sl": "SLV", "lt": "LIT", "lv": "LAV", "mt": "MLT", "ga": "GLE",
    "no": "NOR", "ar": "ARA", "zh": "ZHO", "ja": "JPN", "ru": "RUS",
}
COUNTRIES = {
    "FR": "FRA", "DE": "DEU", "GB": "GBR", "US": "USA", "IT": "ITA", "ES": "ESP", "FI": "FIN", "DK": "DNK",
    "EE": "EST", "NL": "NLD", "BE": "BEL", "LU": "LUX", "PT": "PRT", "IE": "IRL", "AT": "AUT", "SE": "SWE",
    "PL": "POL", "CZ": "CZE", "SK": "SVK", "SI": "SVN", "HU": "HUN", "RO": "ROU", "BG": "BGR", "GR": "GRC",
    "HR": "HRV", "LT": "LTU", "LV": "LVA", "CY": "CYP", "MT": "MLT", "NO": "NOR", "IS": "ISL", "CH": "CHE",
    "CA": "CAN", "AU": "AUS", "JP": "JPN", "CN": "CHN",
}
PUBLISHER_TYPES = {
    "hospital": "inpatient-institute", "university_hospital": "inpatient-institute",
    "research_institute": "research-institute-org", "academic": "university",
    "public_agency": "national-authority", "health_insurance": "health-insurance-company-org",
    "registry": "public-health-registry", "cohort_consortium": "research-academic-org",
    "company": "private-company", "startup": "private-company", "patient_association": "non-gov-org",
    "other": "non-gov-org",
}
HEALTH_ACTIVITIES = {
    "claims": "INSURANCE_CLAIMS", "hospital_discharge": "ADMISSION_DISCHARGE", "ehr": "HOSPITAL_RECORDS",
    "clinical_data_warehouse": "HOSPITAL_RECORDS", "registry": "MEDICAL_REGISTRY", "cohort": "COHORT",
    "clinical_trial": "CLINICAL_TRIAL", "survey": "HEALTH_SURVEY", "imaging": "MEASUREMENTS",
    "omics": "LABORATORY_TESTS", "biobank_samples": "BIOBANK_COLLECTION", "patient_reported": "PATIENT_OUTCOMES",
    "connected_devices": "AUTOMATIC_GENERATION", "mortality": "HEALTH_REGISTRIES",
    "primary_care": "HEALTHCARE_VISIT", "pharmacy_dispensing": "PRESCRIBING_DISPENSING",
    "administrative": "ADMINISTRATIVE_PROCESSES",
}
# Only coding systems the HDEU vocabulary has; the others travel as mmd:codingSystem only.
CODING_SYSTEMS = {"ICD-10": "ICD-10", "ICD-O-3": "ICD-O-3", "SNOMED-CT": "SNOMED-CT", "ORPHA": "ORPHACODE",
                  "LOINC": "LOINC", "ATC": "ATC"}
STANDARDS = {"OMOP-CDM": "OMOP-CDM", "FHIR": "FHIR"}

# The health data access body per producer country (EHDS Art. 55); elsewhere the producer answers requests.
HDABS = {
    "FR": ("Health Data Hub (Plateforme des données de santé)", "https://www.health-data-hub.fr/",
           "national-authority"),
    "FI": ("Findata, Social and Health Data Permit Authority", "https://findata.fi/en/", "national-authority"),
}

__all__ = ["DCAT", "DCTERMS", "FOAF", "RDF", "RDFS", "SKOS", "XSD"]
