"""Discovery: the one search of the published catalogue that the REST API, the web pages and the CKAN facade call."""
