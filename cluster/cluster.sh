#!/usr/bin/env bash
# A james-msa cluster on one machine, from Debian's packages and this repository: PostgreSQL (accounts, mailboxes,
# per-user limits, DKIM keys), Redis (limit counters, change notices), two ActiveMQ brokers as master and slave on one
# shared journal (the mail queue), HAProxy (one address, PROXY v2) and N nodes, every one on loopback, for an operator
# to try the cluster and for the tests.
#
#   cluster/cluster.sh start DIR [NODES]    starts what is not running (NODES default 2, fixed at the first start).
#                                            The first start picks free ports and writes them to DIR/cluster.env;
#                                            later starts reuse them. Returns once every node has started.
#   cluster/cluster.sh stop DIR [PART...]   stops PARTs (postgres, redis, broker1, broker2, haproxy, node1, node2, ...),
#                                            or all of them
#   cluster/cluster.sh kill DIR PART...     kills nodes or brokers at once (SIGKILL), as a crash would
#   cluster/cluster.sh status DIR           says what runs
#
# Clients connect to 127.0.0.1 (ports MSA_LB_SMTP_PORT, MSA_LB_SUBMISSION_PORT, MSA_LB_SUBMISSIONS_PORT in
# DIR/cluster.env). Node N listens on 127.0.0.(10+N): its listeners accept only HAProxy (PROXY v2), its webadmin
# (MSA_NODE_WEBADMIN_PORT) and IMAPS (MSA_NODE_IMAPS_PORT) are reached directly. Its MSA_HOME is DIR/nodeN, its output
# DIR/nodeN.log. MSA_* variables of the environment (MSA_DOMAIN, MSA_SMARTHOST, ...) are given to every node, except
# the ones this script sets per node. The nodes run MSA_LAUNCHER (default: the distribution's bin/james-msa beside
# this folder, or in a clone ./james-msa, which builds the distribution when it is stale). Needs: postgresql,
# redis-server, haproxy, python3, openssl.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/cluster"
START_TIMEOUT=${MSA_CLUSTER_START_TIMEOUT:-240}

usage() {
    sed -n '6,12p' "$0" | sed 's/^# //' >&2
    exit 2
}

die() {
    echo "cluster.sh: $*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is not installed (apt-get install $2)"
}

free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("0.0.0.0", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
EOF
}

alive() {
    [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

node_address() {
    echo "127.0.0.$((10 + $1))"
}

write_env() {
    local nodes=$1
    read -r pg redis lb_smtp lb_sub lb_subs smtp sub subs imaps webadmin mq1 mq2 <<<"$(free_ports 12)"
    cat >"$DIR/cluster.env" <<EOF
# Written by cluster/cluster.sh at the first start; read again at every start.
MSA_CLUSTER_NODES=$nodes
MSA_CLUSTER_PG_PORT=$pg
MSA_CLUSTER_REDIS_PORT=$redis
MSA_LB_ADDRESS=127.0.0.1
MSA_LB_SMTP_PORT=$lb_smtp
MSA_LB_SUBMISSION_PORT=$lb_sub
MSA_LB_SUBMISSIONS_PORT=$lb_subs
MSA_NODE_SMTP_PORT=$smtp
MSA_NODE_SUBMISSION_PORT=$sub
MSA_NODE_SUBMISSIONS_PORT=$subs
MSA_NODE_IMAPS_PORT=$imaps
MSA_NODE_WEBADMIN_PORT=$webadmin
MSA_CLUSTER_DATABASE_URL=jdbc:postgresql://127.0.0.1:$pg/james
MSA_CLUSTER_BROKER1_PORT=$mq1
MSA_CLUSTER_BROKER2_PORT=$mq2
EOF
    for ((i = 1; i <= nodes; i++)); do
        echo "MSA_NODE${i}_ADDRESS=$(node_address "$i")" >>"$DIR/cluster.env"
    done
}

# One certificate for the service name that clients connect to, whichever node answers: the operator's
# (MSA_TLS_CERT and MSA_TLS_KEY), else a self-signed one made here once.
service_certificate() {
    if [[ -n ${MSA_TLS_CERT:-} ]]; then
        return
    fi
    local name="${MSA_CLUSTER_NAME:-mail.${MSA_DOMAIN:-cluster.test}}"
    if [[ ! -f "$DIR/tls/cert.pem" ]]; then
        need openssl openssl
        mkdir -p "$DIR/tls"
        openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$name" -addext "subjectAltName=DNS:$name" \
            -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" \
            -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" 2>/dev/null
        chmod 600 "$DIR/tls/key.pem"
    fi
    export MSA_TLS_CERT="$DIR/tls/cert.pem" MSA_TLS_KEY="$DIR/tls/key.pem"
}

start_postgres() {
    "$HERE/postgres.sh" start "$DIR/postgres" "$MSA_CLUSTER_PG_PORT" >/dev/null
}

start_redis() {
    alive "$DIR/redis.pid" && return
    mkdir -p "$DIR/redis"
    redis-server --port "$MSA_CLUSTER_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$DIR/redis" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
    for _ in $(seq 50); do
        redis-cli -p "$MSA_CLUSTER_REDIS_PORT" ping >/dev/null 2>&1 && return
        sleep 0.1
    done
    die "Redis did not answer on 127.0.0.1:$MSA_CLUSTER_REDIS_PORT (see $DIR/redis.log)"
}

broker_launcher() {
    local dist
    dist=$(dirname "${MSA_LAUNCHER:-$(default_launcher)}")
    for candidate in "$dist/james-msa-broker" "$ROOT/bin/james-msa-broker" "$ROOT/dist/target/james-msa/bin/james-msa-broker"; do
        [[ -x $candidate ]] && { echo "$candidate"; return; }
    done
    die "bin/james-msa-broker not found: build the distribution first (./james-msa builds it, or mvn package -DskipTests)"
}

# Broker 1 first, so that it takes the journal's lock and is the master; broker 2 waits on the lock as the slave.
start_broker() {
    local i=$1 port_var="MSA_CLUSTER_BROKER${1}_PORT"
    alive "$DIR/broker$i.pid" && return
    mkdir -p "$DIR/broker"
    (
        export MSA_BROKER_LISTEN="127.0.0.1:${!port_var}" MSA_BROKER_DATA="$DIR/broker" MSA_NODE_ID="broker$i"
        exec setsid "$(broker_launcher)" >>"$DIR/broker$i.log" 2>&1 </dev/null
    ) &
    echo $! >"$DIR/broker$i.pid"
}

# The master serves (its port open); a slave only holds its process and waits on the lock.
await_a_master() {
    local deadline=$((SECONDS + START_TIMEOUT))
    until grep -qs "serves on" "$DIR/broker1.log" "$DIR/broker2.log"; do
        ((SECONDS < deadline)) || die "no broker serves within ${START_TIMEOUT}s (see $DIR/broker1.log, $DIR/broker2.log)"
        sleep 0.2
    done
}

# cluster/haproxy.cfg names two nodes; the copy in DIR names them all.
start_haproxy() {
    alive "$DIR/haproxy.pid" && return
    awk -v nodes="$MSA_CLUSTER_NODES" -v socket="$DIR/haproxy.sock" '
        /^global/ { print; print "    stats socket " socket " mode 600 level operator"; next }
        /^ *server node1 / { for (i = 1; i <= nodes; i++) { line = $0; gsub(/node1/, "node" i, line); gsub(/NODE1/, "NODE" i, line); print line } next }
        /^ *server node[2-9] / { next }
        { print }' "$HERE/haproxy.cfg" >"$DIR/haproxy.cfg"
    haproxy -c -q -f "$DIR/haproxy.cfg" || die "HAProxy refuses $DIR/haproxy.cfg"
    haproxy -D -f "$DIR/haproxy.cfg" -p "$DIR/haproxy.pid"
}

default_launcher() {
    if [[ -x "$ROOT/bin/james-msa" ]]; then
        echo "$ROOT/bin/james-msa"
    else
        echo "$ROOT/james-msa"
    fi
}

start_node() {
    local i=$1 address
    alive "$DIR/node$i.pid" && return 1
    address=$(node_address "$i")
    mkdir -p "$DIR/node$i"
    (
        export MSA_HOME="$DIR/node$i" MSA_NODE_ID="node$i" MSA_HOSTNAME="node$i.${MSA_DOMAIN:-cluster.test}" \
            MSA_BIND_ADDRESS="$address" MSA_WEBADMIN_BIND="$address" \
            MSA_SMTP_PORT="$MSA_NODE_SMTP_PORT" MSA_SUBMISSION_PORT="$MSA_NODE_SUBMISSION_PORT" \
            MSA_SUBMISSIONS_PORT="$MSA_NODE_SUBMISSIONS_PORT" MSA_IMAP_PORT=0 MSA_IMAPS_PORT="$MSA_NODE_IMAPS_PORT" \
            MSA_WEBADMIN_PORT="$MSA_NODE_WEBADMIN_PORT" \
            MSA_DATABASE_URL="$MSA_CLUSTER_DATABASE_URL" MSA_DATABASE_USER=james \
            MSA_DATABASE_PASSWORD="${MSA_DATABASE_PASSWORD:-james}" \
            MSA_REDIS="redis://127.0.0.1:$MSA_CLUSTER_REDIS_PORT" MSA_BROKER_URL="failover:(tcp://127.0.0.1:$MSA_CLUSTER_BROKER1_PORT,tcp://127.0.0.1:$MSA_CLUSTER_BROKER2_PORT)" \
            MSA_PROXY_PROTOCOL=true MSA_TRUSTED_PROXIES=127.0.0.1
        unset MSA_DATABASE_PASSWORD_FILE
        exec setsid "${MSA_LAUNCHER:-$(default_launcher)}" >>"$DIR/node$i.log" 2>&1 </dev/null
    ) &
    echo $! >"$DIR/node$i.pid"
    return 0
}

# HAProxy takes a node in after two good health checks; until then it would not send it a client.
await_haproxy() {
    python3 - "$DIR/haproxy.sock" "$MSA_CLUSTER_NODES" "$START_TIMEOUT" <<'EOF'
import socket, sys, time
path, nodes, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
wanted = {(backend, "node%d" % i) for backend in ("smtp", "submission", "submissions") for i in range(1, nodes + 1)}
deadline = time.time() + timeout
while True:
    up = set()
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        s.sendall(b"show stat\n")
        text = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            text += chunk
        s.close()
        for line in text.decode().splitlines():
            fields = line.split(",")
            if len(fields) > 17 and fields[17].startswith("UP"):
                up.add((fields[0], fields[1]))
    except OSError:
        pass
    if wanted <= up:
        sys.exit(0)
    if time.time() > deadline:
        sys.exit("cluster.sh: HAProxy has not taken in " + ", ".join(sorted("%s/%s" % w for w in wanted - up)))
    time.sleep(0.2)
EOF
}

await_nodes() {
    local deadline=$((SECONDS + START_TIMEOUT)) i
    for i in "$@"; do
        until grep -q "JAMES server started" "$DIR/node$i.log" 2>/dev/null; do
            if ! alive "$DIR/node$i.pid"; then
                tail -n 40 "$DIR/node$i.log" >&2 || true
                die "node$i exited (its output: $DIR/node$i.log)"
            fi
            ((SECONDS < deadline)) || die "node$i did not start within ${START_TIMEOUT}s (its output: $DIR/node$i.log)"
            sleep 0.5
        done
    done
}

stop_part() {
    case "$1" in
        postgres) "$HERE/postgres.sh" stop "$DIR/postgres" ;;
        redis)
            if alive "$DIR/redis.pid"; then
                redis-cli -p "$MSA_CLUSTER_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$DIR/redis.pid")"
            fi
            ;;
        haproxy) alive "$DIR/haproxy.pid" && kill "$(cat "$DIR/haproxy.pid")" ;;
        node[0-9]* | broker[12])
            local pidfile="$DIR/$1.pid" pid
            if alive "$pidfile"; then
                pid=$(cat "$pidfile")
                kill "$pid"
                for _ in $(seq 300); do
                    kill -0 "$pid" 2>/dev/null || break
                    sleep 0.1
                done
                kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
            fi
            ;;
        *) die "no part named '$1' (postgres, redis, broker1, broker2, haproxy, node1, node2, ...)" ;;
    esac
    return 0
}

[[ $# -ge 2 ]] || usage
command=$1
DIR=$(realpath -m "$2")
shift 2

case "$command" in
    start)
        need python3 python3
        need redis-server redis-server
        need haproxy haproxy
        mkdir -p "$DIR"
        # The postgres user runs the database server when this runs as root; it must reach DIR.
        [[ $(id -u) -eq 0 ]] && chmod o+x "$DIR"
        [[ -f "$DIR/cluster.env" ]] || write_env "${1:-2}"
        set -a
        # shellcheck disable=SC1091
        source "$DIR/cluster.env"
        set +a
        service_certificate
        start_postgres
        start_redis
        start_broker 1
        await_a_master
        start_broker 2
        started=()
        for ((i = 1; i <= MSA_CLUSTER_NODES; i++)); do
            start_node "$i" && started+=("$i")
        done
        start_haproxy
        await_nodes "${started[@]}"
        await_haproxy
        echo "cluster.sh: $MSA_CLUSTER_NODES nodes behind 127.0.0.1 (SMTP $MSA_LB_SMTP_PORT, submission $MSA_LB_SUBMISSION_PORT, submissions $MSA_LB_SUBMISSIONS_PORT); settings in $DIR/cluster.env"
        ;;
    stop | kill)
        [[ -f "$DIR/cluster.env" ]] || die "$DIR holds no cluster (no cluster.env)"
        set -a
        # shellcheck disable=SC1091
        source "$DIR/cluster.env"
        set +a
        if [[ $command == kill ]]; then
            [[ $# -ge 1 ]] || usage
            for part in "$@"; do
                [[ $part == node[0-9]* || $part == broker[12] ]] || die "kill takes nodes and brokers, not '$part'"
                alive "$DIR/$part.pid" && kill -9 "$(cat "$DIR/$part.pid")"
            done
            exit 0
        fi
        if [[ $# -eq 0 ]]; then
            set -- haproxy $(for ((i = 1; i <= MSA_CLUSTER_NODES; i++)); do echo "node$i"; done) broker2 broker1 redis postgres
        fi
        for part in "$@"; do
            stop_part "$part"
        done
        ;;
    status)
        [[ -f "$DIR/cluster.env" ]] || die "$DIR holds no cluster (no cluster.env)"
        source "$DIR/cluster.env"
        for part in redis broker1 broker2 haproxy $(for ((i = 1; i <= MSA_CLUSTER_NODES; i++)); do echo "node$i"; done); do
            if alive "$DIR/$part.pid"; then echo "$part running"; else echo "$part stopped"; fi
        done
        if [[ -f "$DIR/postgres/postmaster.pid" ]]; then echo "postgres running"; else echo "postgres stopped"; fi
        ;;
    *)
        usage
        ;;
esac
