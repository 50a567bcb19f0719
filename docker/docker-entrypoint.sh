#!/bin/bash
# james-msa entrypoint: MSA_* variables -> checked -Dmsa.* options (same code as bin/james-msa), TLS material on
# first start, then James in the foreground. The JAMES_* variables describe the base image; only tests change them.
set -euo pipefail

JAMES_APP_ROOT=${JAMES_APP_ROOT:-/root}
JAMES_CLASSPATH=${JAMES_CLASSPATH:-$JAMES_APP_ROOT/resources:$JAMES_APP_ROOT/classes:$JAMES_APP_ROOT/libs/*}
JAMES_MAIN=${JAMES_MAIN:-org.apache.james.JPAJamesServerMain}
MSA_LIB=${MSA_LIB:-/opt/james-msa/lib}

mkdir -p "$MSA_HOME"
# One -D option per line; a bad setting prints one line and stops here (exit status 2).
status=0
options=$(java -cp "$MSA_LIB/*:$JAMES_CLASSPATH" org.jamesmsa.launcher.ContainerSettings) || status=$?
if [ "$status" -ne 0 ]; then
    exit "$status"
fi
mapfile -t MSA_OPTIONS <<< "$options"

exec java \
    -Dworking.directory="$JAMES_APP_ROOT/" \
    -Dlogback.configurationFile="$JAMES_APP_ROOT/conf/logback.xml" \
    -Djdk.tls.ephemeralDHKeySize=2048 \
    -Djames.exit.on.startup.error=true \
    "${MSA_OPTIONS[@]}" \
    -cp "$JAMES_CLASSPATH" \
    "$JAMES_MAIN" "$@"
