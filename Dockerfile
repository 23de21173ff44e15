# The web, worker, beat and migrate services of docker-compose.yml share this image.
# Build: docker build -t factcheck-workbench .   (needs the PyTorch CPU wheel index)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=factcheck.settings \
    FACTCHECK_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app

# CPU-only torch first (the default PyPI wheel pulls in CUDA, ~2 GB more).
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

# Dependencies in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

RUN useradd --system --create-home --uid 10001 app \
    && python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown -R app:app /app/var /app/staticfiles

USER app
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3"]
