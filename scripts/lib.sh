# Shared helpers of the nestbox command and CI. Sourced, not run.
set -euo pipefail

NESTBOX_HOME=${NESTBOX_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
NESTBOX_STATE=${NESTBOX_STATE:-/var/lib/nestbox}
NESTBOX_ETC=${NESTBOX_ETC:-/etc/nestbox}
NESTBOX_LOGS=${NESTBOX_LOGS:-/var/log/nestbox}

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_root() { [ "$(id -u)" = 0 ] || die "run this as root (it installs packages and starts system services)"; }

# Debian packages the service and its tests need, by the command or file that shows each is there.
PACKAGES=(
  "java:openjdk-17-jdk-headless" "mvn:maven" "node:nodejs" "npm:npm"
  "psql:postgresql" "pg_ctlcluster:postgresql-common" "mmdebstrap:mmdebstrap" "flock:util-linux"
  "qemu-system-x86_64:qemu-system-x86" "qemu-img:qemu-utils"
  "libvirtd:libvirt-daemon-system" "virsh:libvirt-clients" "virt-xml-validate:libvirt-clients"
  "/usr/lib/x86_64-linux-gnu/libvirt.so.0:libvirt0" "dnsmasq:dnsmasq-base"
  "nginx:nginx" "/usr/lib/nginx/modules/ngx_stream_module.so:libnginx-mod-stream"
  "/bin/busybox:busybox-static" "dropbear:dropbear-bin" "dropbearkey:dropbear-bin"
  "/usr/lib/openssh/sftp-server:openssh-sftp-server" "ssh:openssh-client" "sftp:openssh-client"
  "ssh-keygen:openssh-client" "scp:openssh-client" "rsync:rsync"
  "xmllint:libxml2-utils" "curl:curl" "ip:iproute2" "socat:socat"
  "genisoimage:genisoimage" "cpio:cpio" "modinfo:kmod" "modprobe:kmod" "mke2fs:e2fsprogs" "ss:iproute2" "unshare:util-linux"
  "fc-list:fontconfig" "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core"
  "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0:libgtk-3-0"
  "jq:jq" "git:git" "setpriv:util-linux" "nsenter:util-linux" "pg_isready:postgresql-client"
  "iptables:iptables" "ebtables:iptables" "tc:iproute2" "logrotate:logrotate"
  "/usr/bin/python3:python3"
)
# Only needed by the test suites: the browser tests and the console's screenshots, the container smoke test
# (podman with runc, its base image made by mmdebstrap), the units check, the scripts' command check and the
# benchmarks' load generator (wrk).
TEST_PACKAGES=("chromium:chromium" "chromedriver:chromium-driver" "Xvfb:xvfb"
  "podman:podman" "runc:runc" "systemd-analyze:systemd" "shfmt:shfmt" "wrk:wrk")

# A TCP port nothing listens on (a race with another process is possible, and harmless in tests).
free_port() {
  local port
  while :; do
    port=$(shuf -i 30000-60999 -n 1)
    ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

have() { case "$1" in /*) [ -e "$1" ] ;; *) command -v "$1" >/dev/null 2>&1 ;; esac; }

kernel_present() { ls /boot/vmlinuz-* >/dev/null 2>&1; }

install_packages() {
  local missing=() entry
  for entry in "$@"; do
    have "${entry%%:*}" || missing+=("${entry#*:}")
  done
  kernel_present || missing+=("linux-image-amd64")
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: all present"
    return 0
  fi
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

postgres_running() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

start_postgres() {
  if postgres_running; then say "PostgreSQL: running"; return 0; fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$version" main >/dev/null
  fi
  if [ -d /run/systemd/system ]; then
    systemctl start "postgresql@$version-main"
  else
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  for _ in $(seq 1 30); do postgres_running && break; sleep 1; done
  postgres_running || die "PostgreSQL did not start; see /var/log/postgresql/"
  say "PostgreSQL: started ($version)"
}

# A login role with CREATEDB. Local peer auth as the postgres OS user works on any Debian install.
ensure_role() {
  local role=$1 password=$2
  su postgres -c "psql -qtA -v ON_ERROR_STOP=1" >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
}

# The service's role and database, as named by the configuration (db_user, db_name).
ensure_database() {
  local role db; role=$(db_user); db=$(db_name)
  ensure_role "$role" "$1"
  if ! su postgres -c "psql -qtA -c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1; then
    su postgres -c "createdb -O $role $db"
    say "database $db: created"
  fi
}

libvirt_answers() { virsh -c qemu:///system version >/dev/null 2>&1; }

# With systemd, Debian's units and polkit rule let the libvirt group in. Without it (containers, build machines) we
# start libvirtd ourselves with a configuration of our own that does the same: the socket belongs to root:libvirt,
# mode 0770, so the unprivileged server reaches it through its group and nobody else does.
start_libvirt() {
  if libvirt_answers; then say "libvirtd: running"; return 0; fi
  if [ -d /run/systemd/system ]; then
    systemctl start virtlogd libvirtd
  else
    local conf="$NESTBOX_ETC/libvirtd.conf"
    cat >"$conf" <<'CONF'
# Written by ./nestbox up: libvirtd started without systemd lets the libvirt group in, as Debian's polkit rule does.
unix_sock_group = "libvirt"
unix_sock_ro_perms = "0770"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
CONF
    # Not pgrep: a libvirtd of another namespace (a sandbox, a container) is not ours. A second daemon of the same
    # /run fails on its pid file and says so, harmlessly.
    # virtlogd writes the guests' console logs (DomainXml's serial file) and rolls each over at max_size, keeping
    # max_backups (virtlogd's own defaults, written down; Debian's virtlogd.service reads /etc/libvirt's).
    local logd="$NESTBOX_ETC/virtlogd.conf"
    cat >"$logd" <<'CONF'
# Written by ./nestbox up: virtlogd rolls every guest's console log over at max_size bytes, keeping max_backups.
max_size = 2097152
max_backups = 3
CONF
    [ -S /run/libvirt/virtlogd-sock ] || virtlogd -d -f "$logd" || true
    libvirtd -d -f "$conf" || true
  fi
  wait_until 20 libvirt_answers || die "libvirtd did not start"
  say "libvirtd: started"
}

# Guest limits this host cannot enforce are turned off, loudly, in $NESTBOX_ETC/env: libvirt would otherwise refuse
# to start any machine. A limit the operator set there is left alone (the machines then fail with a message that
# names the setting). Probed, not guessed: the cgroup CPU controller libvirt uses, and the tc queueing disciplines
# and police action of the bandwidth limits, tried in a network namespace of their own.
host_limits() {
  local env="$NESTBOX_ETC/env" off=() item
  # limit_off VAR WHY: turns the limit VAR off in the env file unless the operator set it there.
  limit_off() {
    grep -q "^$1=" "$env" && return 0
    printf '# ./nestbox up: %s\n%s=0\n' "$2" "$1" >>"$env"
    off+=("$1 ($2)")
  }
  [ -e /sys/fs/cgroup/cpu/cpu.cfs_quota_us ] || grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null \
    || limit_off NESTBOX_GUEST_CPU_PERCENT "this host has no cgroup cpu controller"
  local htb='tc qdisc add dev lo root handle 1: htb default 1 && tc class add dev lo parent 1: classid 1:1 htb rate 1mbit'
  unshare -n sh -c "$htb && tc qdisc add dev lo parent 1:1 handle 2: sfq" >/dev/null 2>&1 \
    || limit_off NESTBOX_GUEST_NET_IN_KIBPS "this kernel has no htb/sfq queueing"
  local police='tc qdisc add dev lo ingress && tc filter add dev lo parent ffff: protocol all u32 match u32 0 0'
  unshare -n sh -c "$police police rate 1mbit burst 10k drop" >/dev/null 2>&1 \
    || limit_off NESTBOX_GUEST_NET_OUT_KIBPS "this kernel has no tc police action"
  for item in "${off[@]}"; do warn "guest limit off on this host: $item; see $env"; done
  set -a; . "$env"; set +a
}

# Memory merging (KSM): off unless the operator sets NESTBOX_KSM=1 in $NESTBOX_ETC/env. It lets the kernel share
# the identical pages of all guests (~80 MiB less per micro site, bench/density --ksm), at ~10% of a core for ksmd
# and a cross-tenant side channel (SECURITY.md): an operator's choice, never a default. NESTBOX_KSM=0 stops it.
# Applied at each `up`; under systemd a tmpfiles.d entry applies it again at boot.
KSM_DIR=/sys/kernel/mm/ksm
memory_merging() {
  local tmpfiles=/etc/tmpfiles.d/nestbox-ksm.conf pages=${NESTBOX_KSM_PAGES:-4000} sleep_ms=${NESTBOX_KSM_SLEEP_MS:-20}
  case "${NESTBOX_KSM:-}" in
    "") return 0 ;;
    0|1) ;;
    *) die "NESTBOX_KSM must be 0 (off) or 1 (merge the guests' identical memory pages), not '$NESTBOX_KSM'" ;;
  esac
  [[ "$pages" =~ ^[0-9]+$ && "$sleep_ms" =~ ^[0-9]+$ ]] || die "NESTBOX_KSM_PAGES and NESTBOX_KSM_SLEEP_MS must be whole numbers"
  if [ ! -w "$KSM_DIR/run" ]; then
    [ "$NESTBOX_KSM" = 0 ] || warn "NESTBOX_KSM=1, but this kernel has no KSM ($KSM_DIR): guests' memory is not merged"
    return 0
  fi
  if [ "$NESTBOX_KSM" = 1 ]; then
    echo "$pages" >"$KSM_DIR/pages_to_scan" && echo "$sleep_ms" >"$KSM_DIR/sleep_millisecs" && echo 1 >"$KSM_DIR/run" \
      || die "could not turn KSM on ($KSM_DIR)"
    if have_systemd; then
      printf '# ./nestbox up: NESTBOX_KSM=1\nw %s/pages_to_scan - - - - %s\nw %s/sleep_millisecs - - - - %s\nw %s/run - - - - 1\n' \
        "$KSM_DIR" "$pages" "$KSM_DIR" "$sleep_ms" "$KSM_DIR" >"$tmpfiles"
    fi
    say "KSM on (NESTBOX_KSM=1): pages_to_scan $pages, sleep_millisecs $sleep_ms; see SECURITY.md"
  else
    [ "$(cat "$KSM_DIR/run")" = 0 ] || echo 0 >"$KSM_DIR/run"
    rm -f "$tmpfiles"
    say "KSM off (NESTBOX_KSM=0)"
  fi
}

# The guest filter's address rules (iptables) see bridged traffic only with bridge netfilter on.
bridge_filtering() {
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] || modprobe br_netfilter 2>/dev/null || true
  [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] \
    || die "the kernel has no bridge netfilter (br_netfilter), so guests could not be kept from the host and the LAN"
  [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables)" = 1 ] || echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables
}

# wait_until SECONDS COMMAND...: runs COMMAND every half second until it succeeds; fails after SECONDS.
wait_until() {
  local limit=$1 start=$SECONDS; shift
  until "$@" >/dev/null 2>&1; do
    [ $((SECONDS - start)) -lt "$limit" ] || return 1
    sleep 0.5
  done
}

NESTBOX_RUN=${NESTBOX_RUN:-/run/nestbox}
# What the service runs: a copy of the build and of config.yml that `up` installs, readable by the service's user
# (the checkout may live where that user cannot look, such as /root).
NESTBOX_LIB=${NESTBOX_LIB:-/opt/nestbox}
NESTBOX_JAR="$NESTBOX_HOME/bootstrap/target/nestbox.jar"
NESTBOX_CONFIG=${NESTBOX_CONFIG:-$NESTBOX_LIB/config.yml}
NESTBOX_USER=nestbox

# Secrets made once per machine, kept root-only in /etc/nestbox/env and read by every command. Operators put their
# own settings there too (any variable config.yml reads: NESTBOX_PANEL_URL, NESTBOX_DB_URL, ...); a secret that
# is missing is added, nothing else is touched.
load_env() {
  mkdir -p "$NESTBOX_ETC" && chmod 0700 "$NESTBOX_ETC"
  local env="$NESTBOX_ETC/env" added=()
  (umask 077; touch "$env")
  chmod 0600 "$env"
  grep -q '^NESTBOX_JWT_SECRET=' "$env" || {
    echo "NESTBOX_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)" >>"$env"; added+=("JWT secret"); }
  grep -q '^NESTBOX_DB_PASSWORD=' "$env" || {
    echo "NESTBOX_DB_PASSWORD=$(head -c 24 /dev/urandom | base64 -w0 | tr -d '/+=')" >>"$env"; added+=("database password"); }
  [ ${#added[@]} = 0 ] || say "secrets: added to $env (${added[*]})"
  set -a; . "$env"; set +a
  # JSON log lines unless the operator's env says NESTBOX_LOG_FORMAT=text (the systemd unit has the same default).
  NESTBOX_LOG_FORMAT=${NESTBOX_LOG_FORMAT:-json}
  export NESTBOX_STATE NESTBOX_LOGS NESTBOX_LOG_FORMAT
}

# The database and role the configuration names (NESTBOX_DB_URL / NESTBOX_DB_USER, as config.yml reads them).
db_name() { local url=${NESTBOX_DB_URL:-jdbc:postgresql://127.0.0.1:5432/nestbox}; url=${url%%\?*}; echo "${url##*/}"; }
db_user() { echo "${NESTBOX_DB_USER:-nestbox}"; }
# db_host / db_port: where NESTBOX_DB_URL points (jdbc:postgresql://HOST:PORT/NAME?...), as the server connects.
db_host() { local url=${NESTBOX_DB_URL:-jdbc:postgresql://127.0.0.1:5432/nestbox}; url=${url#*://}; url=${url%%/*}; echo "${url%%:*}"; }
db_port() { local url=${NESTBOX_DB_URL:-jdbc:postgresql://127.0.0.1:5432/nestbox}; url=${url#*://}; url=${url%%/*}
            case "$url" in *:*) echo "${url##*:}" ;; *) echo 5432 ;; esac; }
# service_pg PROGRAM ARGS...: a PostgreSQL client as the service's role, with its password from the env file.
service_pg() {
  local program=$1; shift
  PGPASSWORD=${NESTBOX_DB_PASSWORD:-} "$program" -w -h "$(db_host)" -p "$(db_port)" -U "$(db_user)" "$@"
}
service_psql() { service_pg psql -X -qAt -v ON_ERROR_STOP=1 -d "$(db_name)" "$@"; }

# The system user the server and its nginx run as: no login, no home of its own, in the libvirt group (the
# hypervisor's socket) and the kvm group (/dev/kvm for the acceleration probe) where they exist.
ensure_user() {
  if ! getent passwd "$NESTBOX_USER" >/dev/null; then
    useradd --system --user-group --home-dir "$NESTBOX_STATE" --no-create-home --shell /usr/sbin/nologin \
      --comment "Nestbox server" "$NESTBOX_USER"
    say "user $NESTBOX_USER: created"
  fi
  local group
  for group in libvirt kvm; do
    getent group "$group" >/dev/null && usermod -a -G "$group" "$NESTBOX_USER"
  done
  return 0
}

# Owners and modes of the layout. qemu runs as libvirt-qemu and must traverse the state directory to the kernel,
# the disks and the seeds, so those are world-traversable; what is secret stays owner-only.
prepare_layout() {
  install -d -o root -g root -m 0755 "$NESTBOX_STATE" "$NESTBOX_STATE/images" "$NESTBOX_LIB"
  install -d -o root -g root -m 0711 "$NESTBOX_STATE/disks"
  install -d -o "$NESTBOX_USER" -g "$NESTBOX_USER" -m 0755 "$NESTBOX_STATE/nginx" "$NESTBOX_STATE/console" \
    "$NESTBOX_STATE/seeds"
  install -d -o "$NESTBOX_USER" -g "$NESTBOX_USER" -m 0700 "$NESTBOX_STATE/provisioning" "$NESTBOX_STATE/known_hosts"
  install -d -o "$NESTBOX_USER" -g "$NESTBOX_USER" -m 0750 "$NESTBOX_LOGS"
  install -d -o root -g root -m 0755 "$NESTBOX_RUN"
  # A stack that ran as root before leaves root-owned files where the server now writes.
  chown -R "$NESTBOX_USER:$NESTBOX_USER" "$NESTBOX_STATE/nginx" "$NESTBOX_STATE/provisioning" \
    "$NESTBOX_STATE/known_hosts" "$NESTBOX_STATE/seeds" "$NESTBOX_LOGS"
}

as_nestbox() { "$NESTBOX_HOME/scripts/as-nestbox" "$@"; }

nginx_dir() { echo "$NESTBOX_STATE/nginx"; }
nginx_conf() { echo "$(nginx_dir)/nginx.conf"; }
pid_alive() { local pid; pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
nginx_running() { pid_alive "$(nginx_dir)/run/nginx.pid"; }
server_running() { pid_alive "$NESTBOX_RUN/server.pid"; }
supervised() { pid_alive "$NESTBOX_RUN/$1.supervisor.pid"; }
nestbox_java() { as_nestbox java -jar "$NESTBOX_LIB/nestbox.jar" "$@"; }
admin_url() { echo "http://127.0.0.1:${NESTBOX_ADMIN_PORT:-8081}"; }
api_answers() { curl -s -o /dev/null -m 2 "$(admin_url)/ping"; }

# True when this machine runs systemd as its init (Debian/Ubuntu servers); containers and build machines do not.
have_systemd() { [ -d /run/systemd/system ]; }

# guest/build's output for the installed kernel and packages, built once per set of inputs and kept under
# /var/cache/nestbox (a rebuild with the same inputs is byte-identical, so the cache is safe to share).
NESTBOX_CACHE=${NESTBOX_CACHE:-/var/cache/nestbox}
guest_image_dir() {
  local key dir
  key=$( { (cd "$NESTBOX_HOME/guest" && find build rootfs -type f -print0 | sort -z | xargs -0 sha256sum;
             find rootfs -printf '%p %m %l\n' | sort);
           ls -l --time-style=+%s /boot/vmlinuz-* 2>/dev/null;
           dpkg-query -W busybox-static dropbear-bin openssh-sftp-server openssh-client rsync nginx e2fsprogs 2>/dev/null; } | sha256sum | cut -c1-16)
  dir="$NESTBOX_CACHE/guest-$key"
  if [ ! -f "$dir/vmlinuz" ] || [ ! -f "$dir/initrd.img" ]; then
    mkdir -p "$dir"
    "$NESTBOX_HOME/guest/build" "$dir" >"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; die "guest/build failed (log: $dir.log)"; }
  fi
  echo "$dir"
}

# The images ./nestbox up installs: micro (the default plan's, always) and debian-12 (a full Debian machine, built
# with mmdebstrap from Debian's mirror: a few minutes once, ~700 MB). NESTBOX_IMAGES="micro" skips debian-12.
NESTBOX_IMAGES=${NESTBOX_IMAGES:-micro debian-12}
wants_image() { case " $NESTBOX_IMAGES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
check_images_knob() {
  local image
  for image in $NESTBOX_IMAGES; do
    case "$image" in micro|debian-12) ;; *) die "NESTBOX_IMAGES: unknown image '$image' (known: micro debian-12)" ;; esac
  done
  wants_image micro || die "NESTBOX_IMAGES must name micro: it is the default plan's image (NESTBOX_IMAGES=\"$NESTBOX_IMAGES\")"
}

# guest/debian-12/build's output, built once per set of inputs (guest/debian-12/** and the micro guest's lib.sh,
# whose checks it shares) and kept under $NESTBOX_CACHE/debian-12-<key>, its log beside it. Every suite and
# sandbox of a run finds it there; a lock keeps two of them from building it at once. Debian's packages are not
# an input (they come from the mirror): NESTBOX_IMAGES_REFRESH=1 builds it again with today's packages.
debian_image_dir() {
  local key dir
  key=$( { (cd "$NESTBOX_HOME/guest/debian-12" && find . -type f -print0 | sort -z | xargs -0 sha256sum;
             find . -printf '%p %m %l\n' | sort);
           sha256sum <"$NESTBOX_HOME/guest/rootfs/usr/lib/nestbox/lib.sh"; } | sha256sum | cut -c1-16)
  dir="$NESTBOX_CACHE/debian-12-$key"
  mkdir -p "$NESTBOX_CACHE"
  (
    flock 9
    if [ "${NESTBOX_IMAGES_REFRESH:-0}" = 1 ] || ! debian_image_complete "$dir"; then
      say "debian-12 image: building $key (mmdebstrap from Debian's mirror; log: $dir.log)" >&2
      rm -rf "$dir.partial"
      "$NESTBOX_HOME/guest/debian-12/build" "$dir.partial" >"$dir.log" 2>&1 \
        || { tail -20 "$dir.log" >&2; rm -rf "$dir.partial"; exit 1; }
      chmod 0444 "$dir.partial/base.qcow2"
      rm -rf "$dir.old"; [ -d "$dir" ] && mv "$dir" "$dir.old"
      mv "$dir.partial" "$dir" && rm -rf "$dir.old"
    fi
  ) 9>"$dir.lock" || die "guest/debian-12/build failed (log: $dir.log)"
  echo "$dir"
}
debian_image_complete() {
  local f
  for f in vmlinuz initrd.img base.qcow2 cmdline manifest; do [ -s "$1/$f" ] || return 1; done
}

# A version of an image: the first 16 hex digits of the sha256 of its manifest (kernel, every package, the base
# disk's sha256), so a rebuild with the same packages is the same version and a refreshed one a new one.
image_version() { sha256sum <"$1/manifest" | cut -c1-16; }

# install_versioned_image NAME SOURCE_DIR: $NESTBOX_STATE/images/NAME/<version>/ (never overwritten once there;
# files 0644 root, base.qcow2 0444), then NAME/current -> <version> (a new symlink renamed over the old one). True
# (0) when current changed. Sites' overlays name their version's base.qcow2 by absolute path: see prune_image_versions.
install_versioned_image() {
  local name=$1 src=$2 root="$NESTBOX_STATE/images/$1" version f tmp
  version=$(image_version "$src")
  install -d -o root -g root -m 0755 "$root"
  if [ ! -d "$root/$version" ]; then
    tmp=$(mktemp -d "$root/.new-$version.XXXXXX")
    for f in vmlinuz initrd.img cmdline manifest base.qcow2; do
      # a hard link when the cache is on the same filesystem (the base is ~700 MB), a copy otherwise
      ln "$src/$f" "$tmp/$f" 2>/dev/null || cp --sparse=always "$src/$f" "$tmp/$f"
      chown root:root "$tmp/$f"; chmod 0644 "$tmp/$f"
    done
    chmod 0444 "$tmp/base.qcow2"
    chmod 0755 "$tmp"
    mv -T "$tmp" "$root/$version"
    say "image $name: installed version $version ($root/$version)" >&2
  fi
  [ "$(readlink "$root/current" 2>/dev/null)" = "$version" ] && return 1
  ln -sfn "$version" "$root/.current.new" && mv -T "$root/.current.new" "$root/current"
  say "image $name: current -> $version (new sites get it; existing sites keep theirs)" >&2
  return 0
}

# backing_file DISK: the file a qcow2 disk is an overlay on (a linked clone's image base), empty for a disk of its own;
# fails when the disk cannot be read.
backing_file() {
  qemu-img info -U --output=json "$1" 2>/dev/null | jq -er '."full-backing-filename" // ."backing-filename" // ""'
}

# prune_image_versions NAME: removes NAME's version directories that are not current and that no disk in the pool
# ($NESTBOX_STATE/disks/*.qcow2) has as its backing file. When a disk cannot be read, nothing is removed.
prune_image_versions() {
  local name=$1 root="$NESTBOX_STATE/images/$1" current disk backing dir used=""
  [ -d "$root" ] || return 0
  current=$(readlink "$root/current" 2>/dev/null || true)
  for disk in "$NESTBOX_STATE"/disks/*.qcow2; do
    [ -e "$disk" ] || continue
    backing=$(backing_file "$disk") \
      || { warn "image $name: cannot read $disk; keeping every version"; return 0; }
    [ -n "$backing" ] && used+=" $(realpath -m "$backing")"
  done
  for dir in "$root"/*/; do
    dir=${dir%/}
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    [ "$(basename "$dir")" = "$current" ] && continue
    case "$used " in *" $dir/base.qcow2 "*) continue ;; esac
    rm -rf "$dir" && say "image $name: removed version $(basename "$dir") (no disk uses it)" >&2
  done
  return 0
}

# render_units DIR: the systemd units (services and timers) of ops/systemd with this machine's paths, into DIR.
render_units() {
  local dir=$1 caps="" groups unit
  nginx_needs_low_ports && caps=CAP_NET_BIND_SERVICE
  groups=$(for g in libvirt kvm; do getent group "$g" >/dev/null && printf '%s ' "$g"; done)
  for unit in "$NESTBOX_HOME"/ops/systemd/*.service "$NESTBOX_HOME"/ops/systemd/*.timer; do
    sed -e "s|@HOME@|$NESTBOX_HOME|g" -e "s|@ETC@|$NESTBOX_ETC|g" -e "s|@STATE@|$NESTBOX_STATE|g" \
        -e "s|@LOGS@|$NESTBOX_LOGS|g" -e "s|@LIB@|$NESTBOX_LIB|g" -e "s|@CONFIG@|$NESTBOX_CONFIG|g" \
        -e "s|@CAPS@|$caps|g" -e "s|@GROUPS@|${groups% }|g" "$unit" >"$dir/$(basename "$unit")"
  done
}

# render_logrotate FILE [USER]: ops/logrotate/nestbox with this machine's paths, into FILE.
render_logrotate() {
  sed -e "s|@NGINX_RUN@|$(nginx_dir)/run|g" -e "s|@NGINX_DIR@|$(nginx_dir)|g" -e "s|@LOGS@|$NESTBOX_LOGS|g" \
      -e "s|@USER@|${2:-$NESTBOX_USER}|g" "$NESTBOX_HOME/ops/logrotate/nestbox" >"$1"
}

# True when the rendered nginx configuration listens on a port below 1024.
nginx_needs_low_ports() {
  [ -f "$(nginx_conf)" ] || return 1
  grep -rhoE '^\s*listen\s+[^;]*' "$(nginx_dir)"/*.conf 2>/dev/null | grep -oE '(^|[: ])[0-9]{1,5}(\s|$)' \
    | awk '$1 < 1024 {found = 1} END {exit !found}'
}
