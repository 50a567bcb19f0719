#!/usr/bin/env bash
# Postfix's submission service for the benchmark, set up the way a user would reproduce the comparison: Debian's
# packages (postfix, sasl2-bin, libsasl2-modules), a private instance in its own folder (config, queue on disk,
# data), loopback only. The submission service requires STARTTLS before AUTH (smtpd_tls_auth_only), checks passwords
# with Cyrus SASL's sasldb, maps senders to logins (reject_sender_login_mismatch), and relays everything to one
# next hop. As in Debian's master.cf, except that nothing is chrooted (the instance lives in a temporary folder).
# Every message is DKIM-signed by OpenDKIM as a milter, the way Debian's opendkim package is set up, but like for like
# with the bundle's signer (DkimSigning): rsa-sha256 with a 2048-bit key, relaxed/relaxed, the same SignHeaders, and no
# OversignHeaders (Debian's /etc/opendkim.conf oversigns From; the bundle does not, and this config file is our own).
# The signing domain is LOGIN's domain, the selector msa1; the key is made by opendkim-genkey in DIR/opendkim, beside
# msa1.txt, the record to publish. A milter that cannot be reached tempfails the message: nothing leaves unsigned.
#
# Usage: bench/postfix.sh start DIR PORT NEXT_HOP_PORT LOGIN PASSWORD CERT_PEM KEY_PEM
#        bench/postfix.sh stop DIR
# POSTFIX_DKIM=opendkim (the default: the bundle signs, so its peer does too) or POSTFIX_DKIM=none (no milter).
# Needs root (Postfix's master runs as root and drops to the postfix user) and: apt-get install postfix sasl2-bin
# libsasl2-modules opendkim opendkim-tools. Starting with OpenDKIM adds the postfix user to the opendkim group, as
# Debian's README.Debian for opendkim says: its socket is for that group only.
set -euo pipefail

command=${1:?start or stop}
dir=$(realpath -m "${2:?instance folder}")
etc="$dir/etc"
milter="$dir/opendkim"

stop() {
    postfix -c "$etc" stop >/dev/null 2>&1 || true
    local pid
    pid=$(cat "$milter/opendkim.pid" 2>/dev/null) || return 0
    # A pid file left by a crash may name some other process by now.
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = opendkim ] || return 0
    kill "$pid"
    # Until it has gone, its socket is still there and a new start would race it. libmilter notices the signal only
    # when its listener's select() times out, every 5 seconds; a zombie still answers kill -0 until it is reaped.
    for _ in $(seq 1 100); do
        case "$(ps -o stat= -p "$pid" 2>/dev/null)" in ''|Z*) return 0 ;; esac
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

if [ "$command" = stop ]; then
    stop
    exit 0
fi

port=${3:?submission port}; next_hop=${4:?next hop port}; login=${5:?login}; password=${6:?password}
cert=${7:?certificate}; key=${8:?private key}
dkim=${POSTFIX_DKIM:-opendkim}
case "$dkim" in
    opendkim) command -v opendkim-genkey >/dev/null \
        || { echo "postfix.sh: install opendkim opendkim-tools, or set POSTFIX_DKIM=none" >&2; exit 2; } ;;
    none) ;;
    *) echo "postfix.sh: POSTFIX_DKIM is opendkim or none, not $dkim" >&2; exit 2 ;;
esac
command -v postfix >/dev/null || { echo "postfix.sh: install postfix sasl2-bin libsasl2-modules" >&2; exit 2; }
# Starting again on the same folder replaces what an earlier start left running there; a start that fails leaves
# nothing running, since its caller has no instance to stop.
stop
trap '[ $? -eq 0 ] || stop' EXIT

mkdir -p "$etc/sasl" "$dir/queue" "$dir/data"
# Postfix's daemons run as the postfix user and must reach their folders (a mktemp folder is 0700).
chmod 0755 "$dir"
install -m 0644 "$cert" "$etc/cert.pem"
install -m 0600 "$key" "$etc/key.pem"
user=${login%@*}; realm=${login#*@}

milters=
if [ "$dkim" = opendkim ]; then
    # Postfix's daemons take their supplementary groups at start (initgroups), so this holds from the start below.
    id -nG postfix | grep -qw opendkim || usermod -a -G opendkim postfix
    # OpenDKIM makes its socket as the opendkim user, after dropping root; 0750 lets the opendkim group, hence
    # Postfix, reach it and no one else.
    install -d -o opendkim -g opendkim -m 0750 "$milter"
    # The key outlives a restart, as a published one does: signatures made before stay verifiable.
    if [ ! -s "$milter/msa1.private" ]; then
        opendkim-genkey -b 2048 -d "$realm" -s msa1 -D "$milter"
    fi
    chown opendkim:opendkim "$milter/msa1.private" "$milter/msa1.txt"
    chmod 0600 "$milter/msa1.private"
    rm -f "$milter/opendkim.sock" "$milter/opendkim.pid"
    cat > "$etc/opendkim.conf" <<DKIM
Mode                s
Domain              $realm
Selector            msa1
KeyFile             $milter/msa1.private
# The key is the opendkim user's alone (0600), but RequireSafeKeys also refuses it when any folder above it may be
# written by others, as /tmp may, where the benchmark makes its instance folders.
RequireSafeKeys     false
SignatureAlgorithm  rsa-sha256
Canonicalization    relaxed/relaxed
# DkimSigning's list. OpenDKIM's h= names only the fields the message has, in their order; the bundle's names all
# fifteen, so an absent one is signed as absent. Oversigning here would name each present field twice instead.
SignHeaders         $(tr ':' ',' <<<"From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe")
Socket              local:$milter/opendkim.sock
PidFile             $milter/opendkim.pid
UserID              opendkim
UMask               007
Syslog              yes
SyslogSuccess       yes
DKIM
    # Its stdio goes to a file: a caller reading this script's output to its end must not wait on the daemon's.
    opendkim -x "$etc/opendkim.conf" </dev/null >"$milter/opendkim.log" 2>&1 || {
        echo "postfix.sh: OpenDKIM did not start:" >&2; cat "$milter/opendkim.log" >&2; exit 1; }
    # Mail that arrives before the socket does would be tempfailed.
    for _ in $(seq 1 50); do
        [ -S "$milter/opendkim.sock" ] && break
        sleep 0.1
    done
    [ -S "$milter/opendkim.sock" ] || { echo "postfix.sh: OpenDKIM made no socket in $milter" >&2; exit 1; }
    milters="unix:$milter/opendkim.sock"
fi

cat > "$etc/main.cf" <<MAIN
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix.bench.test
mydomain = bench.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
relayhost = [127.0.0.1]:$next_hop
smtp_tls_security_level = none
smtpd_tls_cert_file = $etc/cert.pem
smtpd_tls_key_file = $etc/key.pem
smtpd_tls_session_cache_database = btree:$dir/data/smtpd_scache
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $etc/sasl
smtpd_sender_login_maps = inline:{ $login=$login }
smtpd_relay_restrictions = permit_sasl_authenticated, reject
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
# The bundle's limit (maxmessagesize 51200 KB): Postfix's default, 10240000 bytes, refuses the 10 MB point of the growth curve.
message_size_limit = 52428800
alias_maps =
alias_database =
smtpd_milters = $milters
non_smtpd_milters = $milters
milter_protocol = 6
milter_default_action = tempfail
MAIN

cat > "$etc/master.cf" <<MASTER
$port     inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_sender_restrictions=reject_sender_login_mismatch
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER

cat > "$etc/sasl/smtpd.conf" <<SASL
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $etc/sasldb2
SASL
echo "$password" | saslpasswd2 -p -f "$etc/sasldb2" -c -u "$realm" "$user"
chown postfix "$etc/sasldb2"

postfix -c "$etc" set-permissions >/dev/null 2>&1 || true
postfix -c "$etc" check
# Its own complaints go to the maillog, not to us.
postfix -c "$etc" start || { echo "postfix.sh: Postfix did not start; the end of $dir/maillog:" >&2
    tail -5 "$dir/maillog" >&2; exit 1; }
for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        # -c: with Debian's "No configuration" there is no /etc/postfix/main.cf for postconf to read.
        signer=", unsigned"
        [ "$dkim" = opendkim ] && signer=", OpenDKIM $(opendkim -V | sed -n '1s/.*Filter v//p') signing for $realm (selector msa1)"
        echo "postfix.sh: Postfix $(postconf -c "$etc" -h mail_version) submission on 127.0.0.1:$port$signer, relaying to 127.0.0.1:$next_hop"
        exit 0
    fi
    sleep 0.2
done
echo "postfix.sh: Postfix did not listen on $port; the end of $dir/maillog:" >&2
tail -5 "$dir/maillog" >&2 || true
exit 1
