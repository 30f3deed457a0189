#!/bin/sh
# A private libvirtd for tests: inside its own network namespace (its bridge, NAT rules and guests never touch
# the host's network) and its own mount namespace (its state never mixes with a host libvirtd's), answering
# on a socket in DIR that the test process connects to as qemu+unix:///system?socket=DIR/sock/libvirt-sock.
#
#   libvirtd-sandbox.sh start DIR NETNS
#   libvirtd-sandbox.sh restart DIR NETNS   (libvirtd only, as after an upgrade; guests keep running)
#   libvirtd-sandbox.sh stop  DIR NETNS
set -eu
cmd=$1 dir=$2 ns=$3

case "$cmd" in
start)
    for tool in ip unshare libvirtd virtlogd qemu-system-x86_64 dnsmasq; do
        command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool (libvirt-daemon-system, qemu-system-x86, dnsmasq-base, iproute2, util-linux)" >&2; exit 2; }
    done
    # An empty configuration directory: nothing of the host's libvirt (its networks, pools, settings) comes in.
    mkdir -p "$dir/sock" "$dir/etc"
    cat > "$dir/etc/libvirtd.conf" <<CONF
unix_sock_dir = "$dir/sock"
auth_unix_rw = "none"
auth_unix_ro = "none"
CONF
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" unshare --mount --propagation private sh -eu -c "
        mount --bind '$dir/etc' /etc/libvirt
        mount -t tmpfs -o mode=0755 tmpfs /run
        mount -t tmpfs -o mode=0755 tmpfs /var/lib/libvirt
        mount -t tmpfs -o mode=0755 tmpfs /var/cache/libvirt
        virtlogd -d
        libvirtd -d -f /etc/libvirt/libvirtd.conf -p '$dir/libvirtd.pid'
    "
    i=0
    while [ ! -S "$dir/sock/libvirt-sock" ]; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "libvirtd did not open $dir/sock/libvirt-sock" >&2; exit 1; }
        sleep 0.1
    done
    ;;
restart)
    pid=$(cat "$dir/libvirtd.pid")
    kill "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "libvirtd $pid did not stop" >&2; exit 1; }
        sleep 0.1
    done
    anchor=
    for p in $(ip netns pids "$ns"); do
        [ "$(cat /proc/"$p"/comm 2>/dev/null)" = virtlogd ] && anchor=$p
    done
    [ -n "$anchor" ] || { echo "no virtlogd left in $ns to find the mount namespace by" >&2; exit 1; }
    rm -f "$dir/sock/libvirt-sock"
    nsenter -t "$anchor" -m -n libvirtd -d -f /etc/libvirt/libvirtd.conf -p "$dir/libvirtd.pid"
    i=0
    while [ ! -S "$dir/sock/libvirt-sock" ]; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "libvirtd did not open $dir/sock/libvirt-sock" >&2; exit 1; }
        sleep 0.1
    done
    ;;
stop)
    if ip netns list | grep -qw "$ns"; then
        # Everything in the namespace was started by "start": libvirtd, virtlogd, dnsmasq, qemu.
        for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null || true; done
        sleep 1
        for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns"
    fi
    ;;
*)
    echo "usage: $0 start|stop DIR NETNS" >&2; exit 2 ;;
esac
