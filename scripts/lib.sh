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
  "psql:postgresql" "pg_ctlcluster:postgresql-common"
  "qemu-system-x86_64:qemu-system-x86" "qemu-img:qemu-utils"
  "libvirtd:libvirt-daemon-system" "virsh:libvirt-clients" "virt-xml-validate:libvirt-clients"
  "/usr/lib/x86_64-linux-gnu/libvirt.so.0:libvirt0" "dnsmasq:dnsmasq-base"
  "nginx:nginx" "/usr/lib/nginx/modules/ngx_stream_module.so:libnginx-mod-stream"
  "/bin/busybox:busybox-static" "dropbear:dropbear-bin" "dropbearkey:dropbear-bin"
  "/usr/lib/openssh/sftp-server:openssh-sftp-server" "ssh:openssh-client" "sftp:openssh-client"
  "ssh-keygen:openssh-client"
  "xmllint:libxml2-utils" "curl:curl" "ip:iproute2" "socat:socat"
  "genisoimage:genisoimage" "cpio:cpio" "modinfo:kmod" "mke2fs:e2fsprogs" "ss:iproute2" "unshare:util-linux"
  "fc-list:fontconfig" "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core"
  "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0:libgtk-3-0"
)
# Only needed for the browser tests and the admin console's screenshots.
TEST_PACKAGES=("chromium:chromium" "chromedriver:chromium-driver" "Xvfb:xvfb")

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

# The service's role and database.
ensure_database() {
  ensure_role nestbox "$1"
  if ! su postgres -c "psql -qtA -c \"SELECT 1 FROM pg_database WHERE datname = 'nestbox'\"" | grep -q 1; then
    su postgres -c "createdb -O nestbox nestbox"
    say "database nestbox: created"
  fi
}

start_libvirt() {
  if virsh -c qemu:///system version >/dev/null 2>&1; then say "libvirtd: running"; return 0; fi
  if [ -d /run/systemd/system ]; then
    systemctl start virtlogd libvirtd
  else
    pgrep -x virtlogd >/dev/null || virtlogd -d
    pgrep -x libvirtd >/dev/null || libvirtd -d
  fi
  for _ in $(seq 1 20); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.5; done
  virsh -c qemu:///system version >/dev/null 2>&1 || die "libvirtd did not start"
  say "libvirtd: started"
}

NESTBOX_RUN=${NESTBOX_RUN:-/run/nestbox}
NESTBOX_JAR="$NESTBOX_HOME/bootstrap/target/nestbox.jar"
NESTBOX_CONFIG=${NESTBOX_CONFIG:-$NESTBOX_HOME/config.yml}

# Secrets made once per machine, kept root-only in /etc/nestbox/env and read by every command.
load_env() {
  mkdir -p "$NESTBOX_ETC" && chmod 0700 "$NESTBOX_ETC"
  if [ ! -f "$NESTBOX_ETC/env" ]; then
    umask 077
    {
      echo "NESTBOX_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)"
      echo "NESTBOX_DB_PASSWORD=$(head -c 24 /dev/urandom | base64 -w0 | tr -d '/+=')"
    } > "$NESTBOX_ETC/env"
    say "secrets: generated $NESTBOX_ETC/env (JWT secret, database password)"
  fi
  set -a; . "$NESTBOX_ETC/env"; set +a
  export NESTBOX_STATE NESTBOX_LOGS
}

nginx_dir() { echo "$NESTBOX_STATE/nginx"; }
nginx_running() { local pid; pid=$(cat "$(nginx_dir)/run/nginx.pid" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
server_running() { local pid; pid=$(cat "$NESTBOX_RUN/server.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }
nestbox_java() { java -jar "$NESTBOX_JAR" "$@"; }
