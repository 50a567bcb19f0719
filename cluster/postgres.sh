#!/usr/bin/env bash
# PostgreSQL for a james-msa cluster on one machine, from Debian's postgresql package, in a private data folder:
#
#   cluster/postgres.sh start DATA_DIR PORT     makes DATA_DIR on first use, starts the server unless it runs, listens on 127.0.0.1:PORT, and makes the
#                                                login "james" (password: $MSA_DATABASE_PASSWORD, default "james") and
#                                                its database "james"
#   cluster/postgres.sh stop DATA_DIR           fast shutdown (running transactions are rolled back, nothing committed
#                                                is lost)
#
# Nodes then use MSA_DATABASE_URL=jdbc:postgresql://127.0.0.1:PORT/james MSA_DATABASE_USER=james. PostgreSQL refuses
# to run as root: run as root, the script runs the server as the package's "postgres" user; as another user, as that
# user. Logins over TCP need the password (scram-sha-256); the superuser only through the folder's own socket.
set -euo pipefail

usage() {
    echo "usage: $0 start DATA_DIR PORT | stop DATA_DIR" >&2
    exit 2
}

bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$dir" ]]; then
        echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
        exit 1
    fi
    echo "$dir"
}

as_server_user() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

[[ $# -ge 2 ]] || usage
command=$1
data=$(realpath -m "$2")
BIN=$(bin_dir)

case "$command" in
    start)
        [[ $# -eq 3 ]] || usage
        port=$3
        password=${MSA_DATABASE_PASSWORD:-james}
        if [[ ! -f "$data/PG_VERSION" ]]; then
            mkdir -p "$data"
            if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$(dirname "$data")"; then
                echo "postgres.sh: the user postgres cannot reach $(dirname "$data"): give it a folder it can traverse" >&2
                exit 1
            fi
            [[ $(id -u) -eq 0 ]] && chown postgres: "$data"
            chmod 700 "$data"
            as_server_user "$BIN/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
                --encoding=UTF8 --locale=C.UTF-8 >"$data.initdb.log"
        fi
        if ! as_server_user "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
            as_server_user "$BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
        fi
        psql() {
            as_server_user "$BIN/psql" -h "$data" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
        }
        if [[ -z $(psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'james'") ]]; then
            psql -c "CREATE ROLE james LOGIN PASSWORD '${password//\'/\'\'}'"
        fi
        if [[ -z $(psql -c "SELECT 1 FROM pg_database WHERE datname = 'james'") ]]; then
            psql -c "CREATE DATABASE james OWNER james ENCODING 'UTF8'"
        fi
        echo "postgres.sh: PostgreSQL on 127.0.0.1:$port, data in $data: MSA_DATABASE_URL=jdbc:postgresql://127.0.0.1:$port/james MSA_DATABASE_USER=james"
        ;;
    stop)
        if [[ -f "$data/postmaster.pid" ]]; then
            as_server_user "$BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
        fi
        ;;
    *)
        usage
        ;;
esac
