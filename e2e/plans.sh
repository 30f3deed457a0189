# Sourced by e2e/run (its helpers and variables): step 11, plans. A full Debian machine (debian-12) beside the micro
# guest: chosen through the API, served, sudo and apt-get for the tenant, files kept across a hard restart, an image
# rebuilt under a running site, deleted without leftovers.

step "11. plans: a full Debian machine (debian-12) beside the micro guest"
D_IMAGES="$NB_STATE/images/debian-12"
nb_api GET /plans ""
expect "GET /plans answers 200 without a token" "$NB_CODE" 200
expect "GET /plans offers micro (the default) and debian-12, both bootable here" \
    "$(jq -c '[.data.default] + [.data.plans[] | .name + ":" + (.available | tostring)]' <<<"$NB_BODY")" \
    '["micro","micro:true","debian-12:true"]'
check "./nestbox up installed the debian-12 image: current -> a version with kernel, initrd, base, cmdline, manifest" \
    test -f "$D_IMAGES/current/vmlinuz" -a -f "$D_IMAGES/current/initrd.img" -a -f "$D_IMAGES/current/base.qcow2" \
    -a -f "$D_IMAGES/current/cmdline" -a -f "$D_IMAGES/current/manifest"
D_V1=$(basename "$(readlink "$D_IMAGES/current")")

ssh-keygen -q -t ed25519 -N '' -C dave@e2e -f "$NB_DIR/dave_key"
nb_register dave; nb_login dave; DAVE=$(jq -r '.token // empty' <<<"$NB_BODY")
nb_api POST /host "$DAVE" '{"plan":"ubuntu-99"}'
expect "POST /host with an unknown plan answers 400 INVALID_INPUT on the field plan" \
    "$NB_CODE/$(jq -r '.error.code + "/" + .error.field' <<<"$NB_BODY")" "400/INVALID_INPUT/plan"
expect "and records nothing" "$(nb_psql -c "SELECT count(*) FROM hosting h JOIN users u ON u.id = h.user_id WHERE u.username = 'dave'")" 0

# post_debian TOKEN KEYFILE: POST /host with the plan debian-12
post_debian() {
    T_POST=$(date +%s.%N)
    nb_api POST /host "$1" "$(jq -nc --arg k "$(cat "$2")" '{ssh_public_key: $k, plan: "debian-12"}')"
    HOST_JSON=$NB_BODY
}
# backing_version SITE: the image version directory the site's disk is a linked clone of
backing_version() {
    local vol
    vol=$(volumes | grep -E "^$1\.[0-9]+\.qcow2$" | head -1)
    nb_virsh vol-dumpxml --pool nestbox "$vol" 2>/dev/null \
        | sed -n 's|.*<backingStore>.*||; s|^ *<path>\(.*/debian-12/[^/]*\)/base\.qcow2</path>.*|\1|p' | head -1 | xargs -r basename
}
in_dave() { ssh_web "$NB_DIR/dave_key" "$D_PORT" accept-new "$@" 2>&1; }

post_debian "$DAVE" "$NB_DIR/dave_key.pub"
expect "POST /host {\"plan\":\"debian-12\"} answers 201 and says the plan" \
    "$NB_CODE/$(jq -r '.data.plan' <<<"$HOST_JSON")" "201/debian-12"
D_SITE=$(jq -r '.data.vm_id' <<<"$HOST_JSON"); D_URL=$(jq -r '.data.web_url' <<<"$HOST_JSON"); D_PORT=$(jq -r '.data.ssh_port' <<<"$HOST_JSON")
if await_running "$DAVE" "dave (debian-12)"; then
    expect "GET /host shows the plan and its size" \
        "$(jq -c '.data | [.plan, .memory_mib, .vcpus, .disk_mib]' <<<"$HOST_JSON")" '["debian-12",512,1,4096]'
    check "the site answers through nginx with the default page ('$D_SITE is live')" wait_for 10 serves "$D_URL" "$D_SITE is live"
    expect "its disk is a linked clone of the installed image's base ($D_V1)" "$(backing_version "$D_SITE")" "$D_V1"
    expect "the machine has the plan's memory (512 MiB)" \
        "$(nb_virsh dumpxml "nestbox-$D_SITE" | sed -n "s|.*<memory unit='KiB'>\([0-9]*\)</memory>.*|\1|p")" 524288
    out=$(in_dave 'cat /etc/debian_version; sudo -n true && echo sudo-ok; apt-get --version | head -1; id -un')
    check "ssh as web: Debian 12 ($(head -1 <<<"$out"))" grep -qE '^12\.' <<<"$out"
    check "web has passwordless sudo (sudo -n true)" grep -qx sudo-ok <<<"$out"
    check "apt-get is there ($(grep -m1 '^apt' <<<"$out"))" grep -q '^apt ' <<<"$out"
    out=$(in_dave 'df -m --output=size / | tail -1')
    check "the root filesystem grew to the plan's disk (${out// /} MiB of 4096)" test "${out// /}" -gt 3500
    D_MARK="dave-debian-$RANDOM$RANDOM"
    printf '<h1>%s</h1>\n' "$D_MARK" >"$NB_DIR/dave-index.html"
    printf 'put %s /srv/www/index.html\n' "$NB_DIR/dave-index.html" >"$NB_DIR/sftp-dave"
    check "sftp uploads index.html into the web root" sftp_web "$NB_DIR/dave_key" "$D_PORT" "$NB_DIR/sftp-dave"
    check "the site serves the uploaded page" wait_for 10 serves "$D_URL" "$D_MARK"
    # A change of the tenant's own to the machine's nginx: a snippet the platform does not manage.
    out=$(in_dave 'echo "add_header X-Dave-Edit kept always;" | sudo tee /etc/nginx/conf.d/dave.conf >/dev/null && sudo nginx -t 2>&1 && sudo systemctl reload nginx && echo reloaded')
    check "web changes the machine's nginx configuration with sudo (a header of its own)" grep -q reloaded <<<"$out"
    hdr() { nb_ns curl -s -o /dev/null -D - --max-time 10 "$D_URL" | grep -i '^x-dave-edit: kept'; }
    check "nginx in the guest sends the tenant's header through the proxy" wait_for 10 hdr

    # apt-get install where there is a network: a small Debian repository on a public address of the run's own
    # "internet" namespace, reached through NAT under the guest network policy (port 80 is allowed out).
    D_REPO_IP=198.51.100.20
    d_repo() {
        local repo=$NB_DIR/apt-repo pkg=$NB_DIR/apt-pkg
        rm -rf "$repo" "$pkg"; mkdir -p "$repo" "$pkg/DEBIAN" "$pkg/usr/share/nestbox-e2e"
        echo "installed from the e2e repository" >"$pkg/usr/share/nestbox-e2e/hello.txt"
        printf 'Package: nestbox-e2e-hello\nVersion: 1.0\nArchitecture: all\nMaintainer: e2e <e2e@e2e.test>\nDescription: e2e package\n' \
            >"$pkg/DEBIAN/control"
        dpkg-deb -Zgzip --root-owner-group --build "$pkg" "$repo/nestbox-e2e-hello_1.0_all.deb" >/dev/null || return 1
        local deb=$repo/nestbox-e2e-hello_1.0_all.deb
        { cat "$pkg/DEBIAN/control"
          echo "Filename: ./nestbox-e2e-hello_1.0_all.deb"
          echo "Size: $(stat -c %s "$deb")"
          echo "SHA256: $(sha256sum "$deb" | cut -d' ' -f1)"; echo; } >"$repo/Packages"
        { echo "Origin: nestbox-e2e"; echo "Label: nestbox-e2e"; echo "Suite: e2e"; echo "Codename: e2e"
          echo "Date: $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"; echo "Architectures: all amd64"
          echo "SHA256:"; echo " $(sha256sum "$repo/Packages" | cut -d' ' -f1) $(stat -c %s "$repo/Packages") Packages"
        } >"$repo/Release"
        nb_fake_internet
        ip netns exec "$NB_NET" ip addr add "$D_REPO_IP/32" dev lo
        ip netns exec "$NB_NET" /usr/bin/python3 -m http.server 80 --bind "$D_REPO_IP" --directory "$repo" \
            </dev/null >"$NB_DIR/logs/apt-repo.log" 2>&1 &
        wait_for 10 eval "nb_in curl -sf --max-time 2 http://$D_REPO_IP/Release >/dev/null"
    }
    check "a Debian repository answers on $D_REPO_IP:80 in the run's own internet namespace" d_repo
    out=$(in_dave "echo 'deb [trusted=yes] http://$D_REPO_IP/ ./' | sudo tee /etc/apt/sources.list.d/e2e.list >/dev/null
        sudo apt-get -q update -o Dir::Etc::sourcelist=sources.list.d/e2e.list -o Dir::Etc::sourceparts=- \
            -o APT::Get::List-Cleanup=0 >/tmp/apt.log 2>&1 || { tail -5 /tmp/apt.log; exit 1; }
        sudo DEBIAN_FRONTEND=noninteractive apt-get -q -y install nestbox-e2e-hello >>/tmp/apt.log 2>&1 || { tail -5 /tmp/apt.log; exit 1; }
        cat /usr/share/nestbox-e2e/hello.txt")
    check "web runs sudo apt-get update and install from it: the package is installed ($(tail -1 <<<"$out" | head -c 80))" \
        grep -qx "installed from the e2e repository" <<<"$out"
    nb_fake_internet_stop

    # An operator rebuilds the image: a new version becomes current; the running site keeps its own base.
    nb_say "a new debian-12 image version is installed under dave's running site"
    cp -a "$D_IMAGES/$D_V1" "$D_IMAGES/e2e-v2" && echo "rebuilt for e2e" >>"$D_IMAGES/e2e-v2/manifest" \
        && ln -sfn e2e-v2 "$D_IMAGES/.current.new" && mv -T "$D_IMAGES/.current.new" "$D_IMAGES/current"
    expect "the new version is current" "$(basename "$(readlink "$D_IMAGES/current")")" e2e-v2
    in_dave sync >/dev/null
    check "virsh destroy dave's machine (hard stop)" nb_virsh destroy "nestbox-$D_SITE"
    check "virsh start (or the machine healer started it first)" wait_for 20 start_again "$D_SITE"
    check "after the restart the uploaded page is served again" wait_for 240 serves "$D_URL" "$D_MARK"
    check "and the tenant's nginx change is still in effect" wait_for 10 hdr
    expect "the restarted site still boots its own base ($D_V1), not the new current" "$(backing_version "$D_SITE")" "$D_V1"
    check "its kernel is its own version's" grep -qF "/debian-12/$D_V1/vmlinuz</kernel>" <<<"$(nb_virsh dumpxml "nestbox-$D_SITE")"
    check "ssh works after the restart with the same host key" eval "[ \"\$(in_dave echo ok)\" = ok ]"

    keep_console_logs
    nb_api DELETE /host "$DAVE"; expect "DELETE /host (debian-12) answers 200" "$NB_CODE" 200
    deleted_cleanly "$D_SITE" "$D_PORT" "$D_URL"
    check "the deletion left the image's base untouched" qemu-img check -q "$D_IMAGES/$D_V1/base.qcow2"

    post_debian "$DAVE" "$NB_DIR/dave_key.pub"; expect "a new debian-12 POST /host answers 201" "$NB_CODE" 201
    D_SITE=$(jq -r '.data.vm_id' <<<"$HOST_JSON"); D_URL=$(jq -r '.data.web_url' <<<"$HOST_JSON"); D_PORT=$(jq -r '.data.ssh_port' <<<"$HOST_JSON")
    if await_running "$DAVE" "dave again (debian-12, rebuilt image)"; then
        expect "a new site gets the new base (e2e-v2)" "$(backing_version "$D_SITE")" e2e-v2
        check "and is served with the default page" wait_for 10 serves "$D_URL" "$D_SITE is live"
        out=$(ssh_web "$NB_DIR/dave_key" "$D_PORT" no 'sudo -n true && echo ok' 2>&1)
        check "ssh and sudo on the new site" grep -qx ok <<<"$out"
    fi
    keep_console_logs
    nb_api DELETE /host "$DAVE"; expect "DELETE /host of the new site answers 200" "$NB_CODE" 200
    deleted_cleanly "$D_SITE" "$D_PORT" "$D_URL"
fi
