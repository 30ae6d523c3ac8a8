# One image for the CMS, the site, the scheduler and the task workers; docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first (from pyproject.toml), so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY cms ./cms
COPY frontend ./frontend
COPY shared ./shared
# The site's fingerprinted static files are built into the image (the site finds them up to date).
ENV STATIC_BUILD_DIR=/app/site-static
RUN pip install . \
    && python -m frontend.static_build \
    && useradd --system --uid 10001 --home-dir /app clinic \
    && mkdir -p /data \
    && chown clinic /data

USER clinic
ENV VAR_DIR=/data
EXPOSE 8000 5000
