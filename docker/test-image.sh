#!/usr/bin/env bash
# Proves the Docker image without a Docker engine or a registry, with Podman (Debian packages podman, runc,
# debootstrap; python3 and openssl for the client side):
#   1. a Java 17 base image made from Debian packages (debootstrap), cached as localhost/james-msa-base:bookworm;
#   2. the image built from the assembled distribution (dist/target/james-msa) with BASE_IMAGE set to that base;
#   3. the container started with a volume for MSA_HOME and a root-owned 0600 key mounted read-only;
#   4. a user created, mail submitted on 587 (STARTTLS) and 465 (TLS), the mounted certificate checked, one message
#      delivered locally and one left in the outgoing queue (its next hop does not answer);
#   5. the container restarted (SIGTERM, then start): the user still authenticates, the local message is read over
#      IMAPS, and the queued message is still in the queue.
# Networking is the host's loopback (--network=host); every port is picked free at run time. The healthcheck is the
# image's own HEALTHCHECK, run on demand (no systemd timers here).
# Usage: docker/test-image.sh   (after mvn package; run as root)
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=dist/target/james-msa
[ -f "$DIST/Dockerfile" ] || { echo "test-image: $DIST is missing: run mvn -B -DskipTests package first" >&2; exit 2; }
for tool in podman debootstrap runc python3 openssl; do
    command -v "$tool" >/dev/null || { echo "test-image: $tool is missing (apt-get install podman runc debootstrap python3 openssl)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/james-msa-image.XXXXXX)
# Podman on these machines: runc (crun fails), cgroupfs, no default ulimits.
cat > "$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
CONF
export CONTAINERS_CONF="$WORK/containers.conf"
PODMAN=(podman --runtime /usr/sbin/runc)
NAME=james-msa-test-$$
cleanup() {
    "${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
    "${PODMAN[@]}" volume rm -f "$NAME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
started=$(date +%s)
step() { echo "test-image: [$(( $(date +%s) - started )) s] $*"; }

BASE=localhost/james-msa-base:bookworm
if ! "${PODMAN[@]}" image exists "$BASE"; then
    MIRROR=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    step "building $BASE with debootstrap from ${MIRROR:-http://deb.debian.org/debian}"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl bookworm "$WORK/root" \
        "${MIRROR:-http://deb.debian.org/debian}" > "$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log"; exit 1; }
    tar -C "$WORK/root" -c . | "${PODMAN[@]}" import - "$BASE" >/dev/null
    rm -rf "$WORK/root"
fi

step "building the image from $DIST"
"${PODMAN[@]}" build --format docker --network=host --build-arg BASE_IMAGE="$BASE" -t localhost/james-msa:test "$DIST" > "$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log"; exit 1; }

read -r SMTP SUBMISSION SUBMISSIONS IMAP IMAPS WEBADMIN DEAD_HOP < <(python3 - <<'PY'
import socket
sockets = [socket.socket() for _ in range(7)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])
PY
)

# A key as Let's Encrypt leaves it: owned by root, mode 0600, mounted read-only.
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=image.test" -addext "subjectAltName=DNS:image.test" \
    -keyout "$WORK/tls/privkey.pem" -out "$WORK/tls/fullchain.pem" 2>/dev/null
chown root:root "$WORK/tls/privkey.pem" && chmod 600 "$WORK/tls/privkey.pem"

run_container() {
    "${PODMAN[@]}" run -d --name "$NAME" --network=host --health-interval=disable \
        -v "$NAME:/var/lib/james-msa" -v "$WORK/tls:/etc/msa-tls:ro" \
        -e MSA_DOMAIN=image.test -e MSA_HOSTNAME=image.test -e MSA_BIND_ADDRESS=127.0.0.1 \
        -e MSA_SMTP_PORT="$SMTP" -e MSA_SUBMISSION_PORT="$SUBMISSION" -e MSA_SUBMISSIONS_PORT="$SUBMISSIONS" \
        -e MSA_IMAP_PORT="$IMAP" -e MSA_IMAPS_PORT="$IMAPS" -e MSA_WEBADMIN_PORT="$WEBADMIN" \
        -e MSA_TLS_CERT=/etc/msa-tls/fullchain.pem -e MSA_TLS_KEY=/etc/msa-tls/privkey.pem \
        -e MSA_SMARTHOST="127.0.0.1:$DEAD_HOP" -e MSA_DNS_SERVERS=127.0.0.1:9 \
        -e JAVA_OPTS=-Ddns.server=127.0.0.1:9 \
        localhost/james-msa:test >/dev/null 2>>"$WORK/podman.log"
}

await_healthy() {
    for _ in $(seq 1 120); do
        if "${PODMAN[@]}" healthcheck run "$NAME" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    "${PODMAN[@]}" logs "$NAME" | tail -40
    echo "test-image: the container never became healthy" >&2
    exit 1
}

step "starting the container"
run_container
await_healthy
[ "$("${PODMAN[@]}" exec "$NAME" sh -c 'ps -o user= -p 1 2>/dev/null || stat -c %U /proc/1')" = msa ] \
    || { echo "test-image: the server does not run as msa" >&2; exit 1; }
# The operator's command, inside the container, the password on standard input (never on the command line).
printf 'ivy password\n' | "${PODMAN[@]}" exec -i "$NAME" james-msa admin user add ivy@image.test

step "submitting on 587 and 465"
python3 - "$SUBMISSION" "$SUBMISSIONS" "$WORK/tls/fullchain.pem" <<'PY'
import smtplib, ssl, sys
submission, submissions, cert = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
tls = ssl.create_default_context(cafile=cert)
tls.check_hostname = False  # the certificate names image.test; the CA file pins it
def send(client, to, subject):
    client.login("ivy@image.test", "ivy password")
    refused = client.sendmail("ivy@image.test", [to], f"Subject: {subject}\r\n\r\nfrom the image test\r\n")
    assert not refused, refused
with smtplib.SMTP("127.0.0.1", submission, timeout=30) as client:
    client.starttls(context=tls)
    send(client, "ivy@image.test", "local over 587")
with smtplib.SMTP_SSL("127.0.0.1", submissions, context=tls, timeout=30) as client:
    send(client, "friend@remote.example", "queued over 465")
print("test-image: 250 on 587 (STARTTLS) and 465 (TLS) with the mounted certificate")
PY

queued() { curl -fsS "http://127.0.0.1:$WEBADMIN/mailQueues/outgoing" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])'; }
for _ in $(seq 1 30); do [ "$(queued)" -ge 1 ] && break; sleep 1; done
[ "$(queued)" -ge 1 ] || { echo "test-image: the remote message did not reach the outgoing queue" >&2; exit 1; }

step "restarting the container (SIGTERM, then start)"
stop_started=$(date +%s)
"${PODMAN[@]}" stop -t 40 "$NAME" >/dev/null 2>>"$WORK/podman.log"
step "stopped in $(( $(date +%s) - stop_started )) s"
"${PODMAN[@]}" start "$NAME" >/dev/null 2>>"$WORK/podman.log"
await_healthy

step "checking what survived"
[ "$(queued)" -ge 1 ] || { echo "test-image: the queued message was lost in the restart" >&2; exit 1; }
python3 - "$IMAPS" "$WORK/tls/fullchain.pem" <<'PY'
import imaplib, ssl, sys
tls = ssl.create_default_context(cafile=sys.argv[2])
tls.check_hostname = False
imap = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=tls)
imap.login("ivy@image.test", "ivy password")
imap.select("INBOX", readonly=True)
status, found = imap.search(None, "SUBJECT", '"local over 587"')
assert status == "OK" and found[0].split(), "the local message is not in the INBOX"
print("test-image: the user still logs in, and reads the local message over IMAPS")
PY
step "OK: image built from the distribution, non-root, root-owned key read, user and queued mail kept across a restart"
