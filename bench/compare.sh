#!/usr/bin/env bash
# Submission throughput, on this machine in one run, loopback only: stock James 3.8.1 (memory queue), the durable
# bundle (the distribution), and any other submission server given by port (bench/postfix.sh sets up Postfix's).
# Usage: bench/compare.sh [--rounds 5] [--connections 16] [--messages 1000] [--size 4096] [--profile true]
#        [--limits-off true]   (adds the bundle without its abuse-limit handlers, to measure their cost)
#        [--heap 512m]         (maximum heap of every James; default 512m)
#        [--stock-durable true] (adds the same durable assembly with James's own handlers and mailets, signing with
#                               James's DKIMSign)
#        [--rsa-only true]     (the bundle signs with RSA alone, like the others; adds the packaged two signatures as
#                               durable-2sig)
#        [--postfix true]      (adds Postfix's submission service signing with OpenDKIM, set up by bench/postfix.sh;
#                               needs root and apt-get install postfix sasl2-bin libsasl2-modules opendkim opendkim-tools)
#        [--growth durable,postfix [--growth-plot PREFIX]] (messages/s, p99 and resident size against message size
#                               and connections, for the servers named; plots PREFIX-size.png, PREFIX-connections.png)
#        [--print-profile bundle.jfr] (only prints the profile table of an earlier recording)
#        [--cluster true]      (adds cluster/cluster.sh's cluster of one node, then of two, behind HAProxy with
#                               PostgreSQL and Redis: apt-get install postgresql redis-server haproxy)
#        [--plot BENCH.png]    (messages/s and p99 per server, drawn by gnuplot: apt-get install gnuplot-nox)
#        [--lever 'name:MSA_X=value,...;name2:MSA_Y=value'] (adds the bundle again per lever, with its settings;
#                               JAVA_OPTS=... is added to the heap option; MSA_HOME=/dev/shm puts that bundle's home there)
#        [--new-tls-clients durable,postfix] (also measures these servers with new TLS clients, a full handshake each)
#        [--other-port 2587 --other-user u --other-password p [--other-tls starttls|implicit|none]]
# Results go to stdout; see BENCHMARKS.md for how they are recorded.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
args=()
while [ $# -gt 0 ]; do
    if [ "$1" = --postfix ]; then
        [ "$2" = true ] && args+=(--postfix-script "$PWD/bench/postfix.sh")
        shift 2
    elif [ "$1" = --cluster ]; then
        [ "$2" = true ] && args+=(--cluster-script "$PWD/cluster/cluster.sh")
        shift 2
    else
        args+=("$1"); shift
    fi
done
exec mvn -q -B -pl bench exec:java -Dexec.mainClass=org.jamesmsa.bench.Comparison \
    -Dexec.args="--dist $PWD/dist/target/james-msa --stock-lib $PWD/stock-james/target/lib --stock-conf $PWD/bench/stock-conf ${args[*]:-}"
