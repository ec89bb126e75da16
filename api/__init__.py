"""HTTP: the FastAPI app factory, REST v1 routers, auth dependencies, the error-mapping table."""
