# The catalogue app image for compose.yaml (production topology).
# PYTHON_VERSION: compose passes the one of versions.env; the default here must equal it
# (tests/test_versions.py checks), so that a plain `docker build .` builds the same image.
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 10001 catalogue
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY search ./search
COPY catalogue ./catalogue
COPY api ./api
RUN pip install .
USER catalogue
ENV CATALOGUE_HOST=0.0.0.0 CATALOGUE_PORT=8000 CATALOGUE_DATA_DIR=/home/catalogue/var
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"
CMD ["catalogue", "serve"]
