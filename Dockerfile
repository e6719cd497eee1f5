# Objection Coach, one container on the embedded defaults (SQLite and the cache on the /data volume).
# Kept simple until the deployment issue; no Docker engine runs where this is developed, so the same
# entry command is what the tests start outside Docker.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    OC_DATA_DIR=/data \
    OC_EMBEDDINGS_DIR=/data/embeddings

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
COPY playbooks ./playbooks
COPY scripts ./scripts
RUN bash scripts/setup.sh \
    && useradd --create-home --uid 10001 coach \
    && mkdir -p /data && chown coach /data

USER coach
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=600s \
  CMD .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD [".venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
