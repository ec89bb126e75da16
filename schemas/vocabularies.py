"""Controlled vocabularies of the exchange format (docs: ../shared/docs/dataset-description.md).

Codes only; labels for display live with the interface. Health categories are the 17 EHDS
categories of HealthDCAT-AP R8, frequencies the EU Frequency authority table.
"""

from typing import Literal

ProducerType = Literal[
    "hospital", "university_hospital", "research_institute", "academic", "public_agency",
    "health_insurance", "registry", "cohort_consortium", "company", "startup",
    "patient_association", "other",
]
DataType = Literal[
    "claims", "hospital_discharge", "ehr", "clinical_data_warehouse", "registry", "cohort",
    "clinical_trial", "survey", "imaging", "omics", "biobank_samples", "patient_reported",
    "connected_devices", "mortality", "primary_care", "pharmacy_dispensing", "administrative",
    "other",
]
HealthCategory = Literal[
    "EHRS", "DIOH", "NRPE", "RPDG", "HRAD", "HGPD", "HPML", "PGEH", "WELA", "IDHP", "PHDR",
    "MRMR", "EHCT", "EMRD", "RMMD", "RQSH", "EINS",
]
CodingSystem = Literal[
    "ICD-10", "ICD-O-3", "CCAM", "ATC", "CIP13", "LOINC", "SNOMED-CT", "ORPHA", "NABM", "GHM",
    "MeSH", "other",
]
CareSetting = Literal["hospital", "primary_care", "nursing_home", "community", "home_care", "other"]
Frequency = Literal[
    "1MIN", "5MIN", "10MIN", "15MIN", "30MIN", "HOURLY", "BIHOURLY", "TRIHOURLY", "12HRS",
    "CONT", "UPDATE_CONT", "DAILY", "DAILY_2", "WEEKLY", "WEEKLY_2", "WEEKLY_3", "WEEKLY_5",
    "BIWEEKLY", "MONTHLY", "MONTHLY_2", "MONTHLY_3", "BIMONTHLY", "QUARTERLY", "ANNUAL_3",
    "ANNUAL_2", "ANNUAL", "BIENNIAL", "TRIENNIAL", "QUADRENNIAL", "QUINQUENNIAL", "DECENNIAL",
    "BIDECENNIAL", "TRIDECENNIAL", "IRREG", "AS_NEEDED", "NOT_PLANNED", "NEVER", "OTHER",
    "UNKNOWN", "OP_DATPRO",
]
AccessRights = Literal["PUBLIC", "NON_PUBLIC", "RESTRICTED"]
AccessModality = Literal[
    "open_download", "secure_environment", "extract", "federated_analysis", "api", "on_site",
]
AudienceAnswer = Literal["yes", "no", "under_conditions"]
Audience = Literal["academic", "public_agency", "hospital", "startup", "industry"]
CostModel = Literal["free", "fee", "cost_recovery", "negotiated"]
HdhRelationship = Literal["snds_main_base", "hdh_catalogue", "hdh_partner", "planned", "independent"]
CollaborationNeed = Literal[
    "use_cases", "co_development", "algorithm_validation", "funding", "data_enrichment",
    "academic_partnership", "industrial_partnership",
]
DocumentKind = Literal["data_dictionary", "protocol", "publication", "sample", "terms", "other"]
DatasetStatus = Literal["draft", "published", "archived"]
# The moves of the description lifecycle (catalogue/datasets/lifecycle.py; a test keeps the two equal).
DatasetAction = Literal["publish", "unpublish", "archive", "restore"]
MemberRole = Literal["editor", "admin"]
