"""The domain: producers, dataset descriptions and revisions, accounts and roles, documents."""
