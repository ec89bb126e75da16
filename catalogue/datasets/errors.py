"""Errors of the dataset-description domain."""

from catalogue.errors import Conflict, NotFound, ValidationFailed


class DatasetNotFound(NotFound):
    code = "dataset_not_found"


class DatasetExists(Conflict):
    code = "dataset_exists"


class ProducerMismatch(ValidationFailed):
    code = "producer_mismatch"
