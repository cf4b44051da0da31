# Production image of oza: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders PDFs through Pango (brings fonts-dejavu-core for Dutch diacritics).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected into the image and served by WhiteNoise. The secret key here only
# lets the production settings load; the real one comes from the environment at run time.
RUN OZA_ENVIRONMENT=production \
    SECRET_KEY=collectstatic-only-not-a-secret \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/collectstatic.sqlite3

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home oza \
    && mkdir -p /app/var/private \
    && chown -R oza:oza /app/var \
    && chmod 750 /app/var/private
USER oza

ENV OZA_ENVIRONMENT=production
EXPOSE 8000

CMD ["gunicorn", "oza.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-"]
