#!/bin/sh
# james-msa container entrypoint: runs bin/james-msa as the unprivileged user msa.
#
# Started as root (the default), it first makes the TLS key readable by msa without loosening the host's file: a key
# mounted from the host is often root-owned with mode 0600 (Let's Encrypt). It is copied, as root, to a folder only
# msa can read, at every start, so a renewed key is used after a restart. MSA_HOME (a volume) is given to msa.
set -eu

if [ "$(id -u)" = 0 ]; then
    if [ -n "${MSA_TLS_KEY:-}" ] && [ -n "${MSA_TLS_CERT:-}" ]; then
        private=/run/james-msa/tls
        install -d -m 700 -o msa -g msa /run/james-msa "$private"
        install -m 600 -o msa -g msa "$MSA_TLS_KEY" "$private/key.pem"
        install -m 644 -o msa -g msa "$MSA_TLS_CERT" "$private/cert.pem"
        MSA_TLS_KEY=$private/key.pem
        MSA_TLS_CERT=$private/cert.pem
        export MSA_TLS_KEY MSA_TLS_CERT
    fi
    mkdir -p "$MSA_HOME"
    chown msa:msa "$MSA_HOME"
    exec setpriv --reuid=msa --regid=msa --init-groups --inh-caps=-all -- /opt/james-msa/bin/james-msa "$@"
fi
exec /opt/james-msa/bin/james-msa "$@"
