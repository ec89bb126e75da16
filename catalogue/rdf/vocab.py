"""Namespaces and the code tables between the exchange format and EU / HealthDCAT-AP vocabularies.

Sources: ../shared/standards/ (EU frequency, access-right and HealthDCAT-AP health-category tables);
countries and languages: the ISO 3166 / ISO 639 tables of pycountry, whose alpha-3 codes name the
EU country and language authority tables' concepts;
HDEU publisher-type, health-activity and coding-system codes as used by the R8 examples and
published HealthDCAT-AP tooling (the R8 vocabulary files are not shipped with the standards folder).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib import namespace as _defined
from rdflib.namespace import DefinedNamespace

from schemas import iso


class Terms(Namespace):
    """One of rdflib's defined namespaces (DCAT, DCTERMS...), each term looked up once.

    rdflib's `DefinedNamespace` checks its list of terms at every attribute access: 12 % of the time of
    a DCAT catalogue page (17,000 triples). Here every defined term is an attribute made once (it also
    comes before str's methods: `DCTERMS.format` is the term, not `str.format`), and any other name is
    asked of rdflib's namespace, which refuses or warns as it always did.
    """

    _defined: type[DefinedNamespace]

    def __new__(cls, defined: type[DefinedNamespace]) -> Terms:
        made = str.__new__(cls, str(defined))
        made.__dict__["_defined"] = defined
        for name in [*defined.__annotations__, *getattr(defined, "_extras", [])]:
            if name.isidentifier() and not name.startswith("_"):
                made.__dict__[name] = getattr(defined, name)
        return made

    def __getattr__(self, name: str) -> URIRef:
        """Only names the vocabulary does not define come here: rdflib refuses them or warns (once a name)."""
        if name.startswith("__"):
            raise AttributeError(name)
        term: URIRef = getattr(self._defined, name)
        return term


DCAT = Terms(_defined.DCAT)
DCTERMS = Terms(_defined.DCTERMS)
FOAF = Terms(_defined.FOAF)
RDF = Terms(_defined.RDF)
RDFS = Terms(_defined.RDFS)
SKOS = Terms(_defined.SKOS)
XSD = Terms(_defined.XSD)

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



def country_iri(code: str) -> str | None:
    """The EU country authority IRI of an ISO 3166 country or subdivision code (CH -> .../country/CHE)."""
    alpha3 = iso.country_alpha3(code)
    return f"{EU}country/{alpha3}" if alpha3 else None


def language_iri(code: str) -> str | None:
    """The EU language authority IRI of an ISO 639-1 code (fr -> .../language/FRA)."""
    alpha3 = iso.language_alpha3(code)
    return f"{EU}language/{alpha3.upper()}" if alpha3 else None


def country_of(iri: object) -> str | None:
    """The ISO 3166-1 alpha-2 code of an EU country authority IRI, None for anything else."""
    text = str(iri)
    return iso.country_alpha2(text.rsplit("/", 1)[-1]) if "/authority/country/" in text else None


def language_of(iri: object) -> str | None:
    """The ISO 639-1 code of an EU language authority IRI, None for anything else (or a language without one)."""
    text = str(iri)
    return iso.language_alpha2(text.rsplit("/", 1)[-1]) if "/authority/language/" in text else None


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
