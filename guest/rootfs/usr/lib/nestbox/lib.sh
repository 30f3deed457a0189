# Nestbox guest: definitions shared by /init, the service wrappers and nestbox-setup.
# Sourced by busybox ash; keep it POSIX sh.

NB_DATA=/srv                      # the persistent data disk (/dev/vda) is mounted here
NB_WWW=/srv/www                   # web root: served on port 80, sftp landing directory of user web
NB_HOME=/srv/home                 # home of user web (.ssh, shell history): never inside the web root
NB_STATE=/srv/nestbox             # root-only (0700): host key, configured marker
NB_MARKER=$NB_STATE/configured    # exists once nestbox-setup succeeded; contains the site name
NB_PREPARED=$NB_STATE/prepared    # a warm-pool spare: nestbox-setup --prepare ran, no site yet (the claim removes it)
NB_HOSTKEY=$NB_STATE/dropbear_ed25519_host_key
NB_RUN=/run/nestbox               # RAM: pid files, current host key link
WEB_USER=web
WEB_UID=1000
WEB_GID=1000
NB_NL='
'

say() { echo "nestbox: $*"; }
warn() { echo "nestbox: error: $*" >&2; }

# Site name, the shape of the server's SiteName (kept equal by the domain's RuleCopiesTest): [a-z0-9-]{3,32},
# not starting or ending with '-'. Its reserved words need no copy here: no stored site has one.
valid_site() {
    case "$1" in ''|*[!a-z0-9-]*|-*|*-) return 1 ;; esac
    [ "${#1}" -ge 3 ] && [ "${#1}" -le 32 ]
}

# Dotted quad, each octet 0-255 without leading zeros.
valid_ipv4() {
    case "$1" in ''|*[!0-9.]*|.*|*.|*..*|*.*.*.*.*) return 1 ;; *.*.*.*) ;; *) return 1 ;; esac
    _o1=${1%%.*}; _r=${1#*.}
    _o2=${_r%%.*}; _r=${_r#*.}
    _o3=${_r%%.*}; _o4=${_r#*.}
    case "$_o4" in *.*) return 1 ;; esac
    for _o in "$_o1" "$_o2" "$_o3" "$_o4"; do
        case "$_o" in ''|0?*) return 1 ;; esac
        [ "${#_o}" -le 3 ] && [ "$_o" -le 255 ] || return 1
    done
    return 0
}

# <ipv4>/<prefix 1-32>
valid_cidr() {
    case "$1" in */*) ;; *) return 1 ;; esac
    _p=${1#*/}
    case "$_p" in ''|*[!0-9]*|0?*) return 1 ;; esac
    [ "$_p" -ge 1 ] && [ "$_p" -le 32 ] && valid_ipv4 "${1%/*}"
}

# The key types the server's PublicKeyPolicy accepts (kept equal by the domain's RuleCopiesTest); it refuses
# ssh-dss, security keys (sk-*) and certificates, so the guest does too.
NB_KEY_TYPES='ssh-ed25519 ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 ssh-rsa'

# One OpenSSH public key line: "<type> <base64> [comment]", no options, no control characters; that is
# ^[a-z0-9-]+ [A-Za-z0-9+/]{16,}={0,3}( [^[:cntrl:]]*)?$ (the type one of NB_KEY_TYPES), checked with the shell's
# own patterns: the claim of a warm-pool spare runs it, and a grep would be a process started under emulation.
valid_pubkey() {
    case "$1" in *"$NB_NL"*) return 1 ;; esac
    [ "${#1}" -le 8192 ] || return 1
    case "$1" in *" "*) ;; *) return 1 ;; esac
    case " $NB_KEY_TYPES " in *" ${1%% *} "*) ;; *) return 1 ;; esac
    _rest=${1#* }
    _b64=${_rest%% *}
    _body=${_b64%%=*}
    case "${_b64#"$_body"}" in ''|=|==|===) ;; *) return 1 ;; esac
    case "$_body" in ''|*[!A-Za-z0-9+/]*) return 1 ;; esac
    [ "${#_body}" -ge 16 ] || return 1
    case "$_rest" in *" "*) case "${_rest#* }" in *[[:cntrl:]]*) return 1 ;; esac ;; esac
    return 0
}

# read by the shell itself, as the checks below (no process: the claim of a warm-pool spare runs them)
data_mounted() {
    while read -r _dev _mnt _rest; do [ "$_mnt" = "$NB_DATA" ] && return 0; done < /proc/mounts
    return 1
}

configured() {
    data_mounted && [ -f "$NB_MARKER" ]
}

# Adds user/group web (uid/gid 1000, home /srv/home, shell /bin/sh, no password) if missing.
# /etc lives in RAM: init calls this at every boot once the site is configured.
ensure_web_user() {
    grep -q "^$WEB_USER:" /etc/group ||
        echo "$WEB_USER:x:$WEB_GID:" >> /etc/group
    grep -q "^$WEB_USER:" /etc/passwd ||
        echo "$WEB_USER:x:$WEB_UID:$WEB_GID:Nestbox site:$NB_HOME:/bin/sh" >> /etc/passwd
    grep -q "^$WEB_USER:" /etc/shadow ||
        echo "$WEB_USER:*:0:0:99999:7:::" >> /etc/shadow
}

# web's home (web:web 0700) on the data disk; root creates only the directory itself.
ensure_web_home() {
    if [ -L "$NB_HOME" ] || { [ -e "$NB_HOME" ] && [ ! -d "$NB_HOME" ]; }; then
        rm -f "$NB_HOME"
    fi
    [ -d "$NB_HOME" ] || mkdir "$NB_HOME" || return 1
    [ "$(stat -c %u:%g "$NB_HOME")" = "$WEB_UID:$WEB_GID" ] || chown -h "$WEB_UID:$WEB_GID" "$NB_HOME"
    [ "$(stat -c %a "$NB_HOME")" = 700 ] || chmod 0700 "$NB_HOME"
}

# Run a command as web (no root privileges left): used for everything inside the
# tenant-writable web root so that symlinks planted there cannot redirect root's writes.
# Usage: as_web 'SCRIPT' [ARGS...]   (stdin is passed through)
as_web() {
    _script=$1; shift
    su -s /bin/sh "$WEB_USER" -c "$_script" nestbox "$@"
}

# nginx (port 80) and the CGI helper (busybox httpd, 127.0.0.1:8080) are supervised by busybox init once these
# lines are in /etc/inittab.
HTTPD_INITTAB_LINE='::respawn:/usr/lib/nestbox/svc-httpd'
CGI_INITTAB_LINE='::respawn:/usr/lib/nestbox/svc-cgi'

httpd_enabled() {
    while IFS= read -r _line; do [ "$_line" = "$HTTPD_INITTAB_LINE" ] && return 0; done < /etc/inittab
    return 1
}

# Whether the web server may run: the site is configured, or the machine is a prepared spare of the warm pool.
web_enabled() {
    configured || { data_mounted && [ -f "$NB_PREPARED" ]; }
}

# Wait helper for respawned services: avoid a tight loop when a service keeps failing.
throttle() { # name
    _now=$(date +%s)
    _last=$(cat "$NB_RUN/$1.started" 2>/dev/null || echo 0)
    if [ $((_now - _last)) -lt 3 ]; then sleep 3; _now=$(date +%s); fi
    echo "$_now" > "$NB_RUN/$1.started"
}
