# Objection Coach in one container: CPU-only PyTorch, the model fine-tuned and cached at build time,
# a non-root user, production settings, SQLite on the /data volume and the playbooks on their own
# volume, so edits made in the admin page outlive the container.
# Run: docker run -p 8000:8000 -e OC_MANAGER_SECRET=<16+ characters> -e OC_PUBLIC_URL=https://... \
#        -v coach-data:/data -v coach-playbooks:/app/playbooks objection-coach
# No Docker engine runs where this is developed: the file is linted with hadolint and the same
# entry command (uvicorn app.main:app) is what the test suite starts.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    OC_DATA_DIR=/data \
    OC_PLAYBOOKS_DIR=/app/playbooks \
    OC_EMBEDDINGS_DIR=/app/embeddings

WORKDIR /app
RUN python -m venv .venv \
    && .venv/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY app ./app
COPY playbooks ./playbooks
COPY scripts ./scripts
RUN .venv/bin/pip install . \
    && useradd --create-home --uid 10001 coach \
    && mkdir -p /data /app/embeddings \
    && chown -R 10001 /data /app/embeddings /app/playbooks
USER 10001
# Bake the model in: tune it on the shipped playbooks and cache vectors and index in the image.
RUN .venv/bin/python scripts/coach.py build-index

# Production from here on: the service refuses to start without a real OC_MANAGER_SECRET.
ENV OC_ENVIRONMENT=production
# A new named volume starts as a copy of the shipped playbooks.
VOLUME ["/data", "/app/playbooks"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
  CMD [".venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD [".venv/bin/uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log"]
