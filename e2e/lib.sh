# The harness shared by e2e/run and bench/provision. Sourced, not run; needs root.
#
# nb_start brings Nestbox up the way a user does, with `./nestbox up` (the same scripts, config.yml, directory
# layout, system user and supervisor), inside a sandbox that looks like a fresh machine (e2e/sandbox): its own
# network namespace (nbe2e-<pid>: the ports, libvirt's bridge and the guests) and its own mount namespace in
# which /etc/nestbox, /var/lib/nestbox, /var/log/nestbox, /opt/nestbox, /run and libvirt's configuration and
# state start empty. The only settings the run makes are the ones an operator makes, in /etc/nestbox/env: its
# own database and role on the host's PostgreSQL (reached through a relay), TCG, and the E2E_* knobs below.
# Every client (curl, ssh, sftp, virsh) runs inside the sandbox. nb_stop (the EXIT trap) removes all of it.
#
# Knobs (environment): E2E_ACCEL (tcg; auto probes KVM), E2E_CONCURRENCY (2), E2E_DEADLINE (5m),
# E2E_BCRYPT_COST, E2E_ATTEMPTS_PER_MINUTE, E2E_MAX_HOSTINGS, E2E_DB_POOL, E2E_PROVISIONING,
# E2E_HOST_CHANGES_PER_MINUTE, E2E_HASHING_QUEUE, E2E_HASHING_MAX_WAIT, E2E_RECONCILE_INTERVAL,
# E2E_HEAL_INTERVAL, E2E_SWEEP_INTERVAL (each becomes the
# NESTBOX_* variable config.yml reads), E2E_KEEP=1 (keep the run dir for post-mortems).

E2E_HOME=${E2E_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

nb_say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
nb_die() { printf 'setup failed: %s\n' "$*" >&2; exit 2; }

nb_require() {
    [ "$(id -u)" = 0 ] || nb_die "run as root (network namespaces, libvirtd, nginx)"
    local tool
    for tool in ip unshare nsenter setpriv socat psql curl jq ssh sftp ssh-keygen ss; do
        command -v "$tool" >/dev/null 2>&1 || nb_die "missing command '$tool' (run ./nestbox setup)"
    done
    pg_isready -q -h 127.0.0.1 -p 5432 || nb_die "PostgreSQL does not answer on 127.0.0.1:5432 (./nestbox setup)"
}

# ---- sandbox helpers -----------------------------------------------------------------------------------------

# nb_in CMD...: runs CMD inside the sandbox (its network and mount namespaces).
nb_in() { "$E2E_HOME/e2e/sandbox" exec "$NB_SB" "$@"; }
nb_ns() { nb_in "$@"; }
nb_virsh() { nb_in virsh -q -c qemu:///system "$@"; }
nb_psql() { runuser -u postgres -- psql -X -qAt -d "${NB_DB:-postgres}" -v ON_ERROR_STOP=1 "$@"; }
# The server's pid (the JVM), read from the supervisor's pid file inside the sandbox.
nb_server_pid() { nb_in cat /run/nestbox/server.pid 2>/dev/null; }

# ---- start / stop --------------------------------------------------------------------------------------------

nb_start() {
    nb_require
    NB_NS="nbe2e-$$"
    NB_DIR=$(mktemp -d /tmp/nbe2e.XXXXXX)
    chmod 0755 "$NB_DIR"
    NB_SB="$NB_DIR/sandbox"
    # Host paths of the sandbox's directories, for checks that look at files.
    NB_STATE="$NB_SB/root/var/lib/nestbox"
    NB_LOGS="$NB_SB/root/var/log/nestbox"
    mkdir -p "$NB_DIR/logs" "$NB_SB"
    NB_DB="" NB_ROLE="" NB_SANDBOX_STARTED=""
    trap _nb_exit EXIT
    trap 'exit 130' INT TERM

    NB_API="http://127.0.0.1:8000"          # the panel origin, through nginx, as config.yml says
    NB_API_DIRECT="http://127.0.0.1:8080"   # the server's own connector
    NB_SITES="http://127.0.0.1:8088"
    E2E_API_PORT=8080 E2E_ADMIN_PORT=8081

    nb_say "run dir $NB_DIR, namespace $NB_NS"
    # Its own database and role on the host's cluster, named in /etc/nestbox/env as an operator would.
    NB_ROLE="nestbox_e2e_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    mkdir -p "$NB_SB/root/etc/nestbox"
    (umask 077; cat >"$NB_SB/root/etc/nestbox/env" <<ENV
NESTBOX_DB_URL=jdbc:postgresql://127.0.0.1:5432/$NB_ROLE
NESTBOX_DB_USER=$NB_ROLE
NESTBOX_ACCEL=${E2E_ACCEL:-tcg}
NESTBOX_PROVISIONING_CONCURRENCY=${E2E_CONCURRENCY:-2}
NESTBOX_PROVISIONING_DEADLINE=${E2E_DEADLINE:-5m}
NESTBOX_BCRYPT_COST=${E2E_BCRYPT_COST:-12}
NESTBOX_ATTEMPTS_PER_MINUTE=${E2E_ATTEMPTS_PER_MINUTE:-10}
NESTBOX_MAX_HOSTINGS=${E2E_MAX_HOSTINGS:-40}
NESTBOX_DB_POOL=${E2E_DB_POOL:-16}
NESTBOX_PROVISIONING=${E2E_PROVISIONING:-true}
NESTBOX_HOST_CHANGES_PER_MINUTE=${E2E_HOST_CHANGES_PER_MINUTE:-20}
NESTBOX_HASHING_QUEUE=${E2E_HASHING_QUEUE:-4}
NESTBOX_HASHING_MAX_WAIT=${E2E_HASHING_MAX_WAIT:-500ms}
NESTBOX_RECONCILE_INTERVAL=${E2E_RECONCILE_INTERVAL:-60s}
NESTBOX_HEAL_INTERVAL=${E2E_HEAL_INTERVAL:-30s}
NESTBOX_SWEEP_INTERVAL=${E2E_SWEEP_INTERVAL:-30s}
ENV
    )
    NB_SANDBOX_STARTED=1
    "$E2E_HOME/e2e/sandbox" start "$NB_SB" "$NB_NS" >"$NB_DIR/logs/sandbox.log" 2>&1 \
        || { cat "$NB_DIR/logs/sandbox.log" >&2; nb_die "the sandbox did not start"; }
    NB_DB=$NB_ROLE
    # A caller's preparation of the fresh machine before the user's first command (e2e/faults: a small disk pool).
    if declare -F nb_before_up >/dev/null; then nb_before_up || nb_die "nb_before_up failed"; fi
    nb_up || nb_die "./nestbox up failed (log above)"
    NB_SERVER_PID=$(nb_server_pid)   # for the benchmark's memory figures; the supervisor may replace it later
}

# nb_up / nb_down: the user's commands, inside the sandbox; output in logs/up.log and logs/down.log.
nb_up() {
    local t0=$SECONDS
    (cd "$E2E_HOME" && nb_in ./nestbox up) >>"$NB_DIR/logs/up.log" 2>&1 || { tail -30 "$NB_DIR/logs/up.log" >&2; return 1; }
    nb_say "./nestbox up: $((SECONDS - t0)) s"
}
nb_down() { (cd "$E2E_HOME" && nb_in ./nestbox down) >>"$NB_DIR/logs/down.log" 2>&1; }

# Waits until the API answers through nginx (an unauthenticated GET /host is a 401).
nb_server_wait() {
    local limit=${1:-60} start=$SECONDS code
    while [ $((SECONDS - start)) -lt "$limit" ]; do
        code=$(nb_in curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$NB_API/host" 2>/dev/null || true)
        [ "$code" = 401 ] && return 0
        sleep 0.5
    done
    return 1
}

# SIGKILLs (or another signal) the server; the supervisor starts it again by itself.
nb_server_kill() {
    local sig=${1:-KILL} pid
    pid=$(nb_server_pid) || return 0
    [ -n "$pid" ] && kill "-$sig" "$pid" 2>/dev/null
    return 0
}

# nb_fake_internet: the outside world of the isolation checks, in a namespace of its own (nbnet-<pid>) joined to
# the sandbox by a veth and made its default route, so guests' NATed traffic ends there and never on a real
# network. Its loopback carries a "public" host on a documentation address (198.51.100.10), a cloud metadata
# server (169.254.169.254), a "LAN" host (192.168.77.10) and a CGNAT host (100.64.0.10); each answers HTTP on 80
# with its own name, and the public one SMTP on 25. In the sandbox, listeners on the bridge address stand in for
# host services (22 sshd, 5432 PostgreSQL, 16509 libvirt) beside nginx's real panel and sites ports.
NB_PUBLIC=198.51.100.10 NB_METADATA=169.254.169.254 NB_LAN=192.168.77.10 NB_CGNAT=100.64.0.10 NB_BRIDGE=10.88.0.1
nb_fake_internet() {
    NB_NET="nbnet-$$"
    ip netns add "$NB_NET"
    ip link add "nbv$$" type veth peer name "nbw$$"
    ip link set "nbv$$" netns "$NB_NS"
    ip link set "nbw$$" netns "$NB_NET"
    nb_in ip addr add 203.0.113.1/30 dev "nbv$$"
    nb_in ip link set "nbv$$" up
    nb_in ip route replace default via 203.0.113.2
    ip netns exec "$NB_NET" sh -euc "
        ip link set lo up
        ip addr add 203.0.113.2/30 dev nbw$$
        ip link set nbw$$ up
        for a in $NB_PUBLIC $NB_METADATA $NB_LAN $NB_CGNAT; do ip addr add \$a/32 dev lo; done"
    local addr name
    for addr in $NB_PUBLIC:public $NB_METADATA:metadata $NB_LAN:lan $NB_CGNAT:cgnat; do
        name=${addr#*:} addr=${addr%:*}
        ip netns exec "$NB_NET" socat "TCP-LISTEN:80,bind=$addr,reuseaddr,fork" \
            "SYSTEM:echo HTTP/1.0 200 OK; echo; echo reached-$name" </dev/null >/dev/null 2>&1 &
    done
    ip netns exec "$NB_NET" socat "TCP-LISTEN:25,bind=$NB_PUBLIC,reuseaddr,fork" "SYSTEM:echo 220 reached-smtp" \
        </dev/null >/dev/null 2>&1 &
    for port in 22 5432 16509; do
        nb_in socat "TCP-LISTEN:$port,bind=$NB_BRIDGE,reuseaddr,fork" "SYSTEM:echo reached-host-$port" \
            </dev/null >/dev/null 2>&1 &
    done
}
nb_fake_internet_stop() {
    [ -n "${NB_NET:-}" ] || return 0
    local pid
    for pid in $(ip netns pids "$NB_NET" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    ip netns del "$NB_NET" 2>/dev/null
}

# The EXIT trap: tear down, then let the caller report (nb_on_exit RC, if defined); its status is the exit code.
_nb_exit() {
    local rc=$?
    nb_stop
    if declare -F nb_on_exit >/dev/null; then
        nb_on_exit "$rc" && rc=0 || rc=1
    fi
    exit "$rc"
}

nb_stop() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    [ -n "${NB_DIR:-}" ] || return $rc
    nb_say "tearing down ($NB_NS)"
    if [ -n "$NB_SANDBOX_STARTED" ]; then
        nb_down
        cp -a "$NB_LOGS/." "$NB_DIR/logs/" 2>/dev/null
        # libvirtd, virtlogd, dnsmasq, every qemu, the relay and the anchor: all live in the sandbox only
        "$E2E_HOME/e2e/sandbox" stop "$NB_SB" "$NB_NS" >>"$NB_DIR/logs/sandbox.log" 2>&1
    fi
    nb_fake_internet_stop
    if [ -n "$NB_DB" ]; then
        NB_DB=postgres nb_psql -c "DROP DATABASE IF EXISTS $NB_DB WITH (FORCE)" >/dev/null 2>&1 \
            || nb_say "could not drop database $NB_DB"
    fi
    [ -n "$NB_ROLE" ] && NB_DB=postgres nb_psql -c "DROP ROLE IF EXISTS $NB_ROLE" >/dev/null 2>&1
    if [ "${E2E_KEEP:-0}" = 1 ]; then
        nb_say "kept $NB_DIR"
    else
        rm -rf "$NB_DIR"
    fi
    return $rc
}

# ---- API helpers ---------------------------------------------------------------------------------------------

# nb_api METHOD PATH [TOKEN] [JSON]: sets NB_BODY and NB_CODE (000: no answer). Not in $(...): it sets globals.
nb_api() {
    local method=$1 path=$2 token=${3:-} body=${4:-} out args=()
    args=(-s -X "$method" --max-time 30 -H 'Accept: application/json' -w '\n%{http_code}')
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    out=$(nb_ns curl "${args[@]}" "$NB_API$path" 2>/dev/null) || true
    NB_CODE=${out##*$'\n'}
    [ -n "$NB_CODE" ] || NB_CODE=000
    NB_BODY=${out%$'\n'*}
    [ "$NB_BODY" != "$out" ] || NB_BODY=""
}

# nb_register / nb_login NAME: e-mail NAME@e2e.test, a fixed password; results in NB_CODE / NB_BODY.
nb_register() {
    local name=$1
    nb_api POST /register "" "$(jq -nc --arg u "$name" '{email: ($u + "@e2e.test"), password: "correct horse battery staple 9", username: $u}')"
}
nb_login() {
    local name=$1
    nb_api POST /login "" "$(jq -nc --arg u "$name" '{email: ($u + "@e2e.test"), password: "correct horse battery staple 9"}')"
}

# nb_wait_status TOKEN WANT TIMEOUT_S: polls GET /host; NB_BODY is the last answer; 0 when status = WANT.
nb_wait_status() {
    local token=$1 want=$2 timeout=$3 status start=$SECONDS
    while :; do
        nb_api GET /host "$token"
        status=$(jq -r '.data.status // empty' <<<"$NB_BODY" 2>/dev/null)
        [ "$status" = "$want" ] && return 0
        [ "$status" = failed ] && [ "$want" != failed ] && return 1
        [ $((SECONDS - start)) -ge "$timeout" ] && return 1
        sleep 0.5
    done
}

# nb_http URL: prints "<code>" and leaves the body in $NB_DIR/last-body
nb_http() {
    nb_ns curl -s -o "$NB_DIR/last-body" -w '%{http_code}' --max-time 10 "$1" 2>/dev/null || true
}

# Resident set size (kB) of a pid.
nb_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Peak resident set size (kB) of a pid.
nb_hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# CPU time (user + system, clock ticks) a pid has used, all its threads; 0 when it is gone.
nb_cpu_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# pids of qemu processes in our namespace
nb_qemu_pids() {
    local p
    for p in $(ip netns pids "$NB_NS" 2>/dev/null); do
        case "$(cat /proc/"$p"/comm 2>/dev/null)" in qemu-system-*) echo "$p" ;; esac
    done
}
# percentile P (0-100) of numbers on stdin (nearest rank)
nb_percentile() {
    sort -n | awk -v p="$1" '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit} r=int((p/100)*NR+0.999999); if (r<1) r=1; if (r>NR) r=NR; print a[r]}'
}
