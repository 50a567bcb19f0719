#!/usr/bin/env bash
# Submission throughput of stock James 3.8.1 against James with this bundle, on this machine, loopback only.
# Usage: bench/compare.sh [--rounds 5] [--connections 16] [--messages 1000] [--size 4096] [--profile true]
#        [--other-port 2587 --other-user u --other-password p [--other-tls starttls|implicit|none]]
# Results go to stdout; see BENCHMARKS.md for how they are recorded.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install
exec mvn -q -B -pl bench exec:java -Dexec.mainClass=org.jamesmsa.bench.Comparison \
    -Dexec.args="--dist $PWD/dist/target/james-msa --stock-conf $PWD/bench/stock-conf $*"
