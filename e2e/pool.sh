# Sourced by e2e/run (its helpers and variables): step 12, the warm pool. The operator turns it on in
# /etc/nestbox/env and runs ./nestbox up; a spare boots; a user's POST /host takes it (the answer says "warm") and
# the site serves within seconds, on the spare's machine, with its own host key and the user's key; the pool makes
# a successor; with the pool empty a request boots cold and says so; deleting a site made from a spare leaves
# nothing; turning the pool off again discards the spares.

step "12. warm pool: a booted spare becomes a user's site in seconds"
spares() { nb_psql -c "SELECT count(*) FROM hosting WHERE status = 'spare' AND user_id IS NULL"; }
spare_names() { nb_psql -c "SELECT vm_id FROM hosting WHERE status = 'spare' AND user_id IS NULL ORDER BY id"; }
machine_of() { nb_psql -c "SELECT coalesce(machine, vm_id) FROM hosting WHERE vm_id = '$1'"; }
# first_200 URL: seconds from T_POST until URL first answers 200 through nginx (polled every 0.1 s, 60 s at most)
first_200() {
    local url=$1 i
    for i in $(seq 1 600); do
        [ "$(nb_http "$url")" = 200 ] && { awk -v a="$T_POST" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}'; return 0; }
        sleep 0.1
    done
    return 1
}
# warm_first_200 WHO LABEL URL: checks URL answers 200 through nginx soon after T_POST, and records when
warm_first_200() {
    local who=$1 label=$2 url=$3 secs
    if secs=$(first_200 "$url"); then
        ok "$who site answers 200 through nginx ${secs} s after POST /host (warm)"
        TIMINGS+=("$label: POST /host -> first 200 through nginx in ${secs} s")
    else
        bad "$who site answers 200 through nginx within 60 s of POST /host (warm)"
    fi
}
host_key_of() { nb_ns ssh-keyscan -T 10 -t ed25519 -p "$1" 127.0.0.1 2>/dev/null | awk '{print $3}'; }

PID_BEFORE=$(nb_server_pid)
echo "NESTBOX_WARM_POOL_MICRO=1" >>"$NB_SB/root/etc/nestbox/env"
check "./nestbox up after the operator set NESTBOX_WARM_POOL_MICRO=1" nb_up
check "... says the settings changed and restarts the server" \
    test "$(nb_server_pid)" != "$PID_BEFORE" -a -n "$(grep -F 'settings: /etc/nestbox/env changed' "$NB_DIR/logs/up.log")"
if wait_for 180 eval 'test "$(spares)" = 1'; then ok "a spare boots and waits in the pool ($(spare_names))"; else abort "a spare waits in the pool within 180 s"; fi
SPARE1=$(spare_names)
expect "its machine runs, named for the spare" "$(nb_virsh domstate "nestbox-$SPARE1" 2>/dev/null)" running
check "a spare has no routes" test ! -e "$NB_STATE/nginx/sites/nestbox-site-$SPARE1.conf" -a ! -e "$NB_STATE/nginx/ssh/nestbox-ssh-$SPARE1.conf"

ssh-keygen -q -t ed25519 -N '' -C pia@e2e -f "$NB_DIR/pia_key"
nb_register pia; nb_login pia; PIA=$(jq -r '.token // empty' <<<"$NB_BODY")
post_host "$PIA" "$NB_DIR/pia_key.pub"
expect "POST /host with a spare waiting answers 201 and says start: warm" "$NB_CODE/$(jq -r '.data.start' <<<"$HOST_JSON")" "201/warm"
P_SITE=$(jq -r '.data.vm_id' <<<"$HOST_JSON"); P_URL=$(jq -r '.data.web_url' <<<"$HOST_JSON"); P_PORT=$(jq -r '.data.ssh_port' <<<"$HOST_JSON")
expect "the site is the user's name, not the spare's" "$P_SITE" pia
warm_first_200 "pia's" "pia (warm pool)" "$P_URL"
await_running "$PIA" "pia (warm pool)"
check "it serves pia's default page" body_has "pia is live"
expect "the hosting runs on the spare's machine" "$(machine_of pia)" "$SPARE1"
expect "no second machine was booted for it" "$(domains | grep -c '^nestbox-pia$')" 0
out=$(ssh_web "$NB_DIR/pia_key" "$P_PORT" accept-new 'echo ok' 2>&1); expect "ssh with pia's key works" "$out" ok
echo "deployed with scp from a spare" >"$NB_DIR/pia-page.html"
check "scp uploads a page into the web root" nb_ns scp "${SSH_OPTS[@]}" -o StrictHostKeyChecking=accept-new \
    -o UserKnownHostsFile="$NB_DIR/known_hosts" \
    -i "$NB_DIR/pia_key" -P "$P_PORT" "$NB_DIR/pia-page.html" web@127.0.0.1:/srv/www/page.html
check "... and nginx serves it" serves "${P_URL}page.html" "deployed with scp from a spare"
P_KEY=$(host_key_of "$P_PORT"); B_KEY=$(host_key_of "$B_PORT")
check "pia's host key is the guest's own (not bob's)" test -n "$P_KEY" -a -n "$B_KEY" -a "$P_KEY" != "$B_KEY"

if wait_for 180 eval 'test "$(spares)" = 1 -a "$(spare_names)" != "$SPARE1"'; then ok "the pool made a successor ($(spare_names))"; else bad "the pool made a successor within 180 s"; fi
SPARE2=$(spare_names)
check "the successor is another machine" test -n "$SPARE2" -a "$SPARE2" != "$SPARE1"

ssh-keygen -q -t ed25519 -N '' -C quinn@e2e -f "$NB_DIR/quinn_key"
ssh-keygen -q -t ed25519 -N '' -C rosa@e2e -f "$NB_DIR/rosa_key"
nb_register quinn; nb_login quinn; QUINN=$(jq -r '.token // empty' <<<"$NB_BODY")
nb_register rosa; nb_login rosa; ROSA=$(jq -r '.token // empty' <<<"$NB_BODY")
post_host "$QUINN" "$NB_DIR/quinn_key.pub"; Q_JSON=$HOST_JSON; T_Q=$T_POST
expect "quinn takes the successor (start: warm)" "$NB_CODE/$(jq -r '.data.start' <<<"$Q_JSON")" "201/warm"
post_host "$ROSA" "$NB_DIR/rosa_key.pub"; R_JSON=$HOST_JSON
expect "rosa, right after, finds the pool empty and boots cold (start: cold)" "$NB_CODE/$(jq -r '.data.start' <<<"$R_JSON")" "201/cold"
T_POST=$T_Q; await_running "$QUINN" "quinn (warm pool)"
await_running "$ROSA" "rosa (cold, pool empty)"
expect "rosa's machine is named for her site" "$(machine_of rosa)" rosa
Q_KEY=$(host_key_of "$(jq -r '.data.ssh_port' <<<"$Q_JSON")")
check "quinn's host key is neither pia's nor bob's" test -n "$Q_KEY" -a "$Q_KEY" != "$P_KEY" -a "$Q_KEY" != "$B_KEY"

keep_console_logs
nb_api DELETE /host "$PIA"; expect "pia's DELETE /host answers 200" "$NB_CODE" 200
expect "the spare's machine is gone with the site" "$(domains | grep -cx "nestbox-$SPARE1")" 0
expect "its volume is gone" "$(volumes | grep -c "^$SPARE1\.")" 0
check "pia's nginx files are gone" test ! -e "$NB_STATE/nginx/sites/nestbox-site-pia.conf" -a ! -e "$NB_STATE/nginx/ssh/nestbox-ssh-pia.conf"
code=$(nb_http "$P_URL"); expect "$P_URL answers 404" "$code" 404
expect "no hosting row for pia" "$(hosting_rows pia)" 0
check "the spare's console log and pinned key are gone" test ! -e "$NB_STATE/console/$SPARE1.log" -a ! -e "$NB_STATE/known_hosts/$SPARE1"
nb_api DELETE /host "$QUINN"; expect "quinn's DELETE /host answers 200" "$NB_CODE" 200
nb_api DELETE /host "$ROSA"; expect "rosa's DELETE /host answers 200" "$NB_CODE" 200

# A debian-12 spare: its image has no prepare step (it takes --prepare for a bad site name and answers 2), so the
# claim does its whole set-up; the pool is the same.
sed -i 's/^NESTBOX_WARM_POOL_MICRO=.*/NESTBOX_WARM_POOL_MICRO=0/' "$NB_SB/root/etc/nestbox/env"
echo "NESTBOX_WARM_POOL_DEBIAN_12=1" >>"$NB_SB/root/etc/nestbox/env"
check "./nestbox up after the operator set NESTBOX_WARM_POOL_DEBIAN_12=1 (and micro 0)" nb_up
debian_spares() { nb_psql -c "SELECT count(*) FROM hosting WHERE status = 'spare' AND user_id IS NULL AND plan = 'debian-12'"; }
if wait_for 300 eval 'test "$(debian_spares)" = 1'; then ok "a debian-12 spare boots and waits"; else bad "a debian-12 spare waits within 300 s"; fi
check "the server noted that its image has no prepare step" grep -q "has no prepare step" "$NB_LOGS/nestbox.log"
ssh-keygen -q -t ed25519 -N '' -C tess@e2e -f "$NB_DIR/tess_key"
nb_register tess; nb_login tess; TESS=$(jq -r '.token // empty' <<<"$NB_BODY")
post_debian "$TESS" "$NB_DIR/tess_key.pub"
expect "POST /host {\"plan\":\"debian-12\"} takes the debian-12 spare (start: warm)" \
    "$NB_CODE/$(jq -r '.data.start + "/" + .data.plan' <<<"$HOST_JSON")" "201/warm/debian-12"
T_URL=$(jq -r '.data.web_url' <<<"$HOST_JSON"); T_PORT=$(jq -r '.data.ssh_port' <<<"$HOST_JSON")
warm_first_200 "tess's debian-12" "tess (debian-12, warm pool)" "$T_URL"
await_running "$TESS" "tess (debian-12, warm pool)"
check "it serves tess's default page" serves "$T_URL" "tess is live"
out=$(ssh_web "$NB_DIR/tess_key" "$T_PORT" accept-new 'hostname' 2>&1); expect "ssh with tess's key works, on a machine named tess" "$out" tess
nb_api DELETE /host "$TESS"; expect "tess's DELETE /host answers 200" "$NB_CODE" 200

sed -i '/^NESTBOX_WARM_POOL_MICRO=/d; /^NESTBOX_WARM_POOL_DEBIAN_12=/d' "$NB_SB/root/etc/nestbox/env"
check "./nestbox up after the operator turned the pool off" nb_up
if wait_for 120 eval 'test "$(nb_psql -c "SELECT count(*) FROM hosting WHERE user_id IS NULL")" = 0'; then
    ok "the spares are discarded"
else
    bad "the spares are discarded within 120 s ($(spare_names))"
fi
check "no spare machine is left" wait_for 30 eval 'test -z "$(domains | grep "^nestbox-spare--")"'
