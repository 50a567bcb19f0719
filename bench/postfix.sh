#!/usr/bin/env bash
# Postfix's submission service for the benchmark, set up the way a user would reproduce the comparison: Debian's
# packages (postfix, sasl2-bin, libsasl2-modules), a private instance in its own folder (config, queue on disk,
# data), loopback only. The submission service requires STARTTLS before AUTH (smtpd_tls_auth_only), checks passwords
# with Cyrus SASL's sasldb, maps senders to logins (reject_sender_login_mismatch), and relays everything to one
# next hop. As in Debian's master.cf, except that nothing is chrooted (the instance lives in a temporary folder).
#
# Usage: bench/postfix.sh start DIR PORT NEXT_HOP_PORT LOGIN PASSWORD CERT_PEM KEY_PEM
#        bench/postfix.sh stop DIR
# Needs root (Postfix's master runs as root and drops to the postfix user) and: apt-get install postfix sasl2-bin
# libsasl2-modules.
set -euo pipefail

command=${1:?start or stop}
dir=$(realpath -m "${2:?instance folder}")
etc="$dir/etc"

if [ "$command" = stop ]; then
    postfix -c "$etc" stop >/dev/null 2>&1 || true
    exit 0
fi

port=${3:?submission port}; next_hop=${4:?next hop port}; login=${5:?login}; password=${6:?password}
cert=${7:?certificate}; key=${8:?private key}
command -v postfix >/dev/null || { echo "postfix.sh: install postfix sasl2-bin libsasl2-modules" >&2; exit 2; }

mkdir -p "$etc/sasl" "$dir/queue" "$dir/data"
# Postfix's daemons run as the postfix user and must reach their folders (a mktemp folder is 0700).
chmod 0755 "$dir"
install -m 0644 "$cert" "$etc/cert.pem"
install -m 0600 "$key" "$etc/key.pem"
user=${login%@*}; realm=${login#*@}

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
alias_maps =
alias_database =
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
postfix -c "$etc" start
for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "postfix.sh: Postfix $(postconf -h mail_version) submission on 127.0.0.1:$port, relaying to 127.0.0.1:$next_hop"
        exit 0
    fi
    sleep 0.2
done
echo "postfix.sh: Postfix did not listen on $port; the end of $dir/maillog:" >&2
tail -5 "$dir/maillog" >&2 || true
exit 1
