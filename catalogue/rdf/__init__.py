"""RDF views of descriptions: DCAT-AP 3, HealthDCAT-AP R8, schema.org; Turtle import. Pure functions."""
