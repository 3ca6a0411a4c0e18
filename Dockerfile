# manim-nodes in a container: `docker compose up -d`, then open http://localhost:8000
#
# Three stages:
#   web    Node builds the browser editor into manim_nodes/static
#   build  Python with compilers and headers builds pycairo and ManimPango into /opt/venv
#   app    slim Python with only what runs: ffmpeg, Cairo, Pango, fonts, the LaTeX set MathTex
#          needs (not texlive-full), /opt/venv, and a non-root user
# tests/test_deploy.py lints this file with hadolint and checks what the README promises.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN mkdir -p ../manim_nodes && npm run build --silent


FROM ${PYTHON_IMAGE} AS build
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential pkg-config libcairo2-dev libpango1.0-dev \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
# the dependencies first, in their own layer: a code change does not rebuild Manim
COPY pyproject.toml ./
# hadolint ignore=DL3013
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt
COPY README.md setup.py ./
COPY schema/ schema/
COPY graphs/ graphs/
COPY manim_nodes/ manim_nodes/
COPY --from=web /src/manim_nodes/static/ manim_nodes/static/
RUN pip install --no-deps . && manim-nodes --version


FROM ${PYTHON_IMAGE} AS app
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ffmpeg libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
        texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 --user-group manim \
    && mkdir -p /app/data /app/exports /app/logs /tmp/manim-nodes \
    && chown manim:manim /app/data /app/exports /app/logs \
    && chmod 1777 /tmp/manim-nodes /app/logs
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HOME=/home/manim \
    XDG_CACHE_HOME=/tmp/manim-nodes/cache \
    DATA_DIR=/app/data \
    EXPORT_DIR=/app/exports \
    PREVIEW_DIR=/tmp/manim-nodes/preview \
    LOG_DIR=/app/logs \
    MANIM_QUALITY=medium \
    MAX_RENDER_TIME=300 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WATCHFILES_FORCE_POLLING=true
USER 1000:1000
WORKDIR /app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('PORT', '8000'), timeout=4)"]
ENTRYPOINT ["manim-nodes"]
CMD ["watch"]
