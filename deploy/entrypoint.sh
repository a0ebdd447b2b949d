#!/bin/sh
# The container's entrypoint: bring the records database to the newest schema, ingest DTBOT_SOURCES only
# when DTBOT_INGEST_ON_START is true, then exec the command (default `dtbot serve`), which so becomes
# PID 1 and receives the SIGTERM of `docker stop` itself. A failed ingest is logged and the bot starts on
# the index it has; a failed `dtbot db upgrade` stops the container (the bot cannot run on an old schema).
set -eu

if [ "$#" -eq 0 ]; then
    set -- dtbot serve
fi

echo "entrypoint: dtbot db upgrade" >&2
dtbot db upgrade

# read through Settings, so DTBOT_INGEST_ON_START means what the bot's own settings parser says it means
ingest_on_start=$(python -c 'from config.settings import Settings; print(Settings().ingest_on_start)')
if [ "$ingest_on_start" = "True" ]; then
    echo "entrypoint: DTBOT_INGEST_ON_START is set: dtbot ingest" >&2
    if ! dtbot ingest --quiet; then
        echo "entrypoint: dtbot ingest failed (see above); starting anyway on the existing index" >&2
    fi
fi

echo "entrypoint: exec $*" >&2
exec "$@"
