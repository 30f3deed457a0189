# The harness shared by e2e/run and bench/provision. Sourced, not run; needs root.
#
# nb_start brings up a complete Nestbox inside a network namespace made for this run (nbe2e-<pid>):
#   - a private libvirtd (own network namespace AND own mount namespace and socket, so a libvirtd of the host is
#     neither used nor disturbed): the libvirt adapter's libvirtd-sandbox.sh;
#   - PostgreSQL: a fresh database nestbox_e2e_<random> on the host's cluster, reached from inside the namespace
#     through two socat relays (namespace 127.0.0.1:5432 -> Unix socket in the run dir -> host 127.0.0.1:5432),
#     so it is an ordinary TCP login with a password, whatever pg_hba says about local sockets;
#   - nginx (main configuration from `nestbox.jar render-nginx`) and the server (`nestbox.jar server`).
# Every client (curl, ssh, sftp, virsh's guests) talks to loopback inside that namespace or to the guests there.
# nb_stop (installed as an EXIT trap by nb_start) removes all of it, whatever state the run ended in.
#
# Knobs (environment): E2E_ACCEL (tcg; auto probes KVM), E2E_CONCURRENCY (2), E2E_DEADLINE (5m),
# NESTBOX_TEST_PG_USER / NESTBOX_TEST_PG_PASSWORD (nestbox_test / nestbox_test: a role with CREATEDB, made by
# `./nestbox setup`), E2E_IMAGES_CACHE (/var/cache/nestbox-e2e), E2E_KEEP=1 (keep the run dir for post-mortems).

E2E_HOME=${E2E_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
NB_SANDBOX="$E2E_HOME/adapters-libvirt/src/test/resources/dev/nestbox/adapters/libvirt/libvirtd-sandbox.sh"

nb_say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
nb_die() { printf 'setup failed: %s\n' "$*" >&2; exit 2; }

nb_require() {
    [ "$(id -u)" = 0 ] || nb_die "run as root (network namespaces, libvirtd, nginx)"
    local tool
    for tool in ip unshare nsenter libvirtd virtlogd virsh qemu-system-x86_64 qemu-img dnsmasq nginx socat psql \
                curl jq ssh sftp ssh-keygen java ss; do
        command -v "$tool" >/dev/null 2>&1 || nb_die "missing command '$tool' (run ./nestbox setup)"
    done
    [ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || nginx -V 2>&1 | grep -q with-stream \
        || nb_die "nginx has no stream module (apt-get install libnginx-mod-stream)"
    [ -f "$NB_SANDBOX" ] || nb_die "missing $NB_SANDBOX"
}

# ---- namespace helpers ---------------------------------------------------------------------------------------

nb_ns() { ip netns exec "$NB_NS" "$@"; }
NB_VIRSH_URI() { echo "qemu+unix:///system?socket=$NB_DIR/libvirt/sock/libvirt-sock"; }
nb_virsh() { virsh -q -c "$(NB_VIRSH_URI)" "$@"; }
nb_psql() { PGPASSWORD=$NB_PG_PASSWORD psql -X -qAt -h 127.0.0.1 -U "$NB_PG_USER" -d "${NB_DB:-postgres}" -v ON_ERROR_STOP=1 "$@"; }

# ---- build inputs --------------------------------------------------------------------------------------------

# The server jar, copied into the run dir so that a concurrent `mvn install` cannot swap it under a running test.
nb_jar() {
    local jar="$E2E_HOME/bootstrap/target/nestbox.jar"
    if [ ! -f "$jar" ]; then
        nb_say "no $jar: building (mvn -B -q install -DskipTests -Dskip.npm)"
        (cd "$E2E_HOME" && mvn -B -q install -DskipTests -Dskip.npm) >&2 || nb_die "maven build failed"
    fi
    cp "$jar" "$NB_DIR/nestbox.jar"
}

# guest/build output, cached by the inputs that determine it (guest/, kernel, packages).
nb_images() {
    local cache=${E2E_IMAGES_CACHE:-/var/cache/nestbox-e2e} key dir
    key=$( { (cd "$E2E_HOME/guest" && find build rootfs -type f -print0 | sort -z | xargs -0 sha256sum;
               find rootfs -printf '%p %m %l\n' | sort);
             ls -l --time-style=+%s /boot/vmlinuz-* 2>/dev/null;
             dpkg-query -W busybox-static dropbear-bin openssh-sftp-server e2fsprogs 2>/dev/null; } | sha256sum | cut -c1-16)
    dir="$cache/images-$key"
    if [ ! -f "$dir/vmlinuz" ] || [ ! -f "$dir/initrd.img" ]; then
        nb_say "building the guest image into $dir"
        mkdir -p "$dir"
        "$E2E_HOME/guest/build" "$dir" >"$NB_DIR/logs/guest-build.log" 2>&1 \
            || { tail -20 "$NB_DIR/logs/guest-build.log" >&2; nb_die "guest/build failed"; }
    fi
    mkdir -p "$NB_DIR/images"
    # a copy per run: libvirt relabels the kernel and initrd of running guests
    install -m 0644 "$dir/vmlinuz" "$dir/initrd.img" "$NB_DIR/images/"
}

# ---- start / stop --------------------------------------------------------------------------------------------

nb_start() {
    nb_require
    NB_NS="nbe2e-$$"
    NB_DIR=$(mktemp -d /tmp/nbe2e.XXXXXX)
    chmod 0755 "$NB_DIR"   # qemu runs as libvirt-qemu and must reach images/ and disks/
    mkdir -p "$NB_DIR/logs" "$NB_DIR/state" "$NB_DIR/disks" "$NB_DIR/console"
    NB_PG_USER=${NESTBOX_TEST_PG_USER:-nestbox_test}
    NB_PG_PASSWORD=${NESTBOX_TEST_PG_PASSWORD:-nestbox_test}
    NB_DB=""
    NB_SERVER_PID="" NB_SOCAT_HOST_PID="" NB_SOCAT_NS_PID="" NB_LIBVIRT_STARTED=""
    trap _nb_exit EXIT
    trap 'exit 130' INT TERM

    export E2E_DIR=$NB_DIR
    export E2E_API_PORT=8080 E2E_ADMIN_PORT=8081 E2E_SITES_PORT=18088 E2E_PANEL_PORT=18000 E2E_PG_PORT=5432
    export E2E_PG_USER=$NB_PG_USER E2E_PG_PASSWORD=$NB_PG_PASSWORD
    NB_API="http://127.0.0.1:$E2E_PANEL_PORT"          # the panel origin, through nginx
    NB_API_DIRECT="http://127.0.0.1:$E2E_API_PORT"     # the server's own connector
    NB_SITES="http://127.0.0.1:$E2E_SITES_PORT"
    NB_CONFIG="$E2E_HOME/e2e/config.yml"
    NB_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)

    nb_say "run dir $NB_DIR, namespace $NB_NS"
    nb_jar
    nb_images

    # database
    pg_isready -q -h 127.0.0.1 -p 5432 || nb_die "PostgreSQL does not answer on 127.0.0.1:5432 (./nestbox setup)"
    local db="nestbox_e2e_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    NB_DB=postgres nb_psql -c "CREATE DATABASE $db" >/dev/null \
        || nb_die "cannot create database $db as role $NB_PG_USER (./nestbox setup makes the role)"
    NB_DB=$db
    export E2E_DB=$db

    # libvirtd in its own network + mount namespace; this also creates $NB_NS
    NB_LIBVIRT_STARTED=1
    sh "$NB_SANDBOX" start "$NB_DIR/libvirt" "$NB_NS" >"$NB_DIR/logs/libvirtd-sandbox.log" 2>&1 \
        || { cat "$NB_DIR/logs/libvirtd-sandbox.log" >&2; nb_die "libvirtd sandbox did not start"; }

    # PostgreSQL relay: namespace loopback -> Unix socket -> host loopback
    socat UNIX-LISTEN:"$NB_DIR/pg.sock",fork,mode=600 TCP:127.0.0.1:5432 2>>"$NB_DIR/logs/socat.log" &
    NB_SOCAT_HOST_PID=$!
    ip netns exec "$NB_NS" socat TCP-LISTEN:"$E2E_PG_PORT",bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:"$NB_DIR/pg.sock" \
        2>>"$NB_DIR/logs/socat.log" &
    NB_SOCAT_NS_PID=$!

    # nginx
    nb_ns java -jar "$NB_DIR/nestbox.jar" render-nginx "$NB_CONFIG" >"$NB_DIR/logs/render-nginx.log" 2>&1 \
        || { tail -30 "$NB_DIR/logs/render-nginx.log" >&2; nb_die "render-nginx failed"; }
    nb_ns nginx -p "$NB_DIR/nginx/" -c "$NB_DIR/nginx/nginx.conf" >"$NB_DIR/logs/nginx-start.log" 2>&1 \
        || { cat "$NB_DIR/logs/nginx-start.log" >&2; nb_die "nginx did not start"; }

    nb_server_start
    nb_server_wait || { tail -20 "$NB_DIR/logs/nestbox.log" >&2 2>/dev/null; nb_die "the server did not come up"; }
}

nb_server_start() {
    # `ip netns exec` execs java, so $! is the JVM itself (SIGKILL reaches the server, not a wrapper)
    NESTBOX_JWT_SECRET=$NB_JWT_SECRET ip netns exec "$NB_NS" \
        java ${E2E_JAVA_OPTS:-} -jar "$NB_DIR/nestbox.jar" server "$NB_CONFIG" >>"$NB_DIR/logs/server.out" 2>&1 &
    NB_SERVER_PID=$!
    disown "$NB_SERVER_PID"   # no "Killed" job report when a test SIGKILLs it
}

# Waits until the API answers through nginx (an unauthenticated GET /host is a 401).
nb_server_wait() {
    local i code
    for i in $(seq 1 120); do
        kill -0 "$NB_SERVER_PID" 2>/dev/null || { tail -40 "$NB_DIR/logs/server.out" >&2; return 1; }
        code=$(nb_ns curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$NB_API/host" 2>/dev/null || true)
        [ "$code" = 401 ] && return 0
        sleep 0.5
    done
    return 1
}

nb_server_kill() {
    local sig=${1:-KILL}
    [ -n "$NB_SERVER_PID" ] || return 0
    kill "-$sig" "$NB_SERVER_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do kill -0 "$NB_SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$NB_SERVER_PID" 2>/dev/null || true

    NB_SERVER_PID=""
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
    nb_server_kill TERM
    if [ -f "$NB_DIR/nginx/run/nginx.pid" ]; then
        local npid; npid=$(cat "$NB_DIR/nginx/run/nginx.pid" 2>/dev/null)
        [ -n "$npid" ] && kill -QUIT "$npid" 2>/dev/null
    fi
    for p in "$NB_SOCAT_NS_PID" "$NB_SOCAT_HOST_PID"; do
        [ -n "$p" ] && { kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; }
    done
    if [ -n "$NB_LIBVIRT_STARTED" ]; then
        # stops libvirtd, virtlogd, dnsmasq and every qemu: all of them live in our namespace only; deletes it
        sh "$NB_SANDBOX" stop "$NB_DIR/libvirt" "$NB_NS" >>"$NB_DIR/logs/libvirtd-sandbox.log" 2>&1
    fi
    ip netns list 2>/dev/null | grep -qw "$NB_NS" && ip netns del "$NB_NS"
    if [ -n "$NB_DB" ]; then
        NB_DB=postgres nb_psql -c "DROP DATABASE IF EXISTS $NB_DB WITH (FORCE)" >/dev/null 2>&1 \
            || nb_say "could not drop database $NB_DB"
    fi
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
