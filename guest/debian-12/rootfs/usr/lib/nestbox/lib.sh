# Nestbox debian-12 guest: definitions shared by nestbox-init, nestbox-ready and nestbox-setup. POSIX sh (dash).
# The validators (valid_site, valid_ipv4, valid_cidr, valid_pubkey, NB_KEY_TYPES) are the micro guest's own
# lib.sh, copied in by the build as lib-common.sh; this file overrides what differs on a full machine, where the
# whole root filesystem is the site's disk (/dev/vda).
. /usr/lib/nestbox/lib-common.sh

NB_HOSTKEY=/etc/ssh/ssh_host_ed25519_key    # sshd's own path; made on the first boot, then kept
NB_HOSTKEY_LINE=/etc/ssh/ssh_host_ed25519_key.nestbox   # its NESTBOX-HOSTKEY console line
NB_GROWN=/var/lib/nestbox/grown-to-sectors           # disk size (512-byte sectors) the filesystem was grown to
NB_ROOT_KEYS=$NB_RUN/root_authorized_keys   # the platform's key (nestbox.key), in RAM, rewritten at every boot
NB_SHELL=/bin/bash
NB_NGINX_SITE=/etc/nginx/sites-available/nestbox
NB_NGINX_ENABLED=/etc/nginx/sites-enabled/nestbox
NB_NGINX_TEMPLATE=/usr/share/nestbox/nginx-site.conf
NB_NGINX_KNOWN=/usr/share/nestbox/nginx-site.sha256   # sha256 of every site config a platform version wrote

say() { echo "nestbox: $*"; }
warn() { echo "nestbox: error: $*" >&2; }
# A console marker line. It starts on a line of its own (the platform's parser anchors it at a line start, and the
# firmware leaves the cursor after its own output when the kernel is quiet).
console() { printf '\n%s\n' "$*" > /dev/console 2>/dev/null || printf '%s\n' "$*"; }

# The root filesystem is the disk: everything persists when it is mounted read-write.
data_mounted() {
    awk '$2 == "/" && $4 ~ /(^|,)rw(,|$)/ {found = 1} END {exit !found}' /proc/mounts
}

# user/group web (uid/gid 1000, home /srv/home, bash, no password), passwordless sudo
ensure_web_user() {
    if ! getent group "$WEB_USER" >/dev/null; then
        groupadd -g "$WEB_GID" "$WEB_USER" || return 1
    fi
    if ! getent passwd "$WEB_USER" >/dev/null; then
        useradd -p '*' -u "$WEB_UID" -g "$WEB_GID" -d "$NB_HOME" -M -s "$NB_SHELL" -c "Nestbox site" "$WEB_USER" || return 1
    fi
    if [ ! -f /etc/sudoers.d/web ]; then
        printf '# Nestbox: the site owner administers the machine\n%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$WEB_USER" \
            > /etc/sudoers.d/.web.new && chmod 0440 /etc/sudoers.d/.web.new && mv -f /etc/sudoers.d/.web.new /etc/sudoers.d/web
    fi
}

port_listening() { # port
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# Run a command as web (no root privileges left): used for everything inside the tenant-writable home and
# web root so that symlinks planted there cannot redirect root's writes. Usage: as_web 'SCRIPT' [ARGS...]
as_web() {
    _script=$1; shift
    setpriv --reuid="$WEB_UID" --regid="$WEB_GID" --init-groups --inh-caps=-all --reset-env \
        /bin/sh -c "$_script" nestbox "$@"
}

# True when FILE is a site config the platform wrote (the current template or an earlier version of it),
# i.e. the tenant has not changed it.
nginx_site_is_ours() { # file
    [ -f "$1" ] && [ ! -L "$1" ] || return 1
    _sum=$(sha256sum < "$1" | cut -d' ' -f1)
    [ "$_sum" = "$(sha256sum < "$NB_NGINX_TEMPLATE" | cut -d' ' -f1)" ] && return 0
    grep -qx "$_sum" "$NB_NGINX_KNOWN" 2>/dev/null
}
