#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bondctl show and set (the "bonding" generic netlink family's GET and SET
# requests; Documentation/bondctl.8): show --json parses, validates against
# Documentation/bondctl-show.schema.json and agrees with sysfs (every key
# that has a file) and /proc/net/bonding (every field both have), for an
# active-backup and an 802.3ad bond; the text output; set changes sysfs,
# refuses bad values, unknown options, unknown bonds and the unprivileged
# with the documented exit codes, and a refusal changes nothing; network
# namespace isolation; the keys of flap dampening and health are in the
# schema with their types and in show, off and on (v0 suppressed, the
# health lines in /proc). (monitor's failover-within-1s is events.sh's.)
. "$(dirname "$0")/lib.sh"

BONDCTL=${BONDCTL:-$BT_LIB_DIR/../tools/bondctl/bondctl}
SCHEMA=$BT_LIB_DIR/../Documentation/bondctl-show.schema.json
S=/sys/class/net/b0/bonding
CHK=/tmp/bondctl_check.py
OUT=/tmp/bondctl.json

if [ ! -x "$BONDCTL" ]; then
	fail build "no bondctl binary at $BONDCTL (make tools)"
	finish
fi
trap ns_cleanup EXIT

# The checker: validate (jsonschema if installed, else a small validator of
# the keywords the schema uses), then compare with sysfs and procfs.
cat >$CHK <<'PY'
import json, os, re, sys

def load(path):
    with open(path) as f:
        return json.load(f)

# --- schema ------------------------------------------------------------------
def mini_validate(inst, sch, root, path="$"):
    """the subset of JSON Schema the schema file uses"""
    if "$ref" in sch:
        ref = sch["$ref"]
        assert ref.startswith("#/$defs/"), ref
        return mini_validate(inst, root["$defs"][ref[8:]], root, path)
    errs = []
    if "oneOf" in sch:
        ok = sum(1 for s in sch["oneOf"] if not mini_validate(inst, s, root, path))
        if ok != 1:
            errs.append("%s: %d of oneOf match" % (path, ok))
        return errs
    t = sch.get("type")
    types = {"object": dict, "array": list, "string": str}
    if t == "integer":
        if not isinstance(inst, int) or isinstance(inst, bool):
            return ["%s: not an integer: %r" % (path, inst)]
        if "minimum" in sch and inst < sch["minimum"]:
            errs.append("%s: below minimum" % path)
    elif t:
        if not isinstance(inst, types[t]):
            return ["%s: not %s: %r" % (path, t, inst)]
    if "enum" in sch and inst not in sch["enum"]:
        errs.append("%s: %r not in enum" % (path, inst))
    if isinstance(inst, str):
        if len(inst) < sch.get("minLength", 0) or len(inst) > sch.get("maxLength", 1 << 30):
            errs.append("%s: length" % path)
    if isinstance(inst, dict):
        for k in sch.get("required", []):
            if k not in inst:
                errs.append("%s: %s missing" % (path, k))
        props = sch.get("properties", {})
        for k, v in inst.items():
            if k in props:
                errs += mini_validate(v, props[k], root, path + "." + k)
            elif sch.get("additionalProperties") is False:
                errs.append("%s: unexpected %s" % (path, k))
            elif isinstance(sch.get("additionalProperties"), dict):
                errs += mini_validate(v, sch["additionalProperties"], root, path + "." + k)
    if isinstance(inst, list) and "items" in sch:
        for i, v in enumerate(inst):
            errs += mini_validate(v, sch["items"], root, "%s[%d]" % (path, i))
    return errs

def validate(doc, schema):
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema:
        v = jsonschema.Draft202012Validator(schema)
        return ["%s: %s" % ("/".join(map(str, e.path)), e.message)
                for e in v.iter_errors(doc)], "jsonschema"
    return mini_validate(doc, schema, schema), "mini"

# --- back to text, as sysfs shows it ----------------------------------------
def text(v):
    if isinstance(v, dict):
        return "%s %d" % (v["name"], v["value"])
    return str(v)

def sysfs(path):
    with open(path) as f:
        return f.read().rstrip("\n")

def proc_fields(bond):
    """/proc/net/bonding/BOND: the bond's fields and each slave's"""
    top, slaves, cur = {}, {}, None
    in_agg = False
    for line in open("/proc/net/bonding/" + bond):
        line = line.rstrip("\n")
        if line.startswith("Slave Interface: "):
            cur = slaves.setdefault(line.split(": ", 1)[1], {})
            continue
        if line == "Active Aggregator Info:":
            in_agg = True
            continue
        m = re.match(r"^\s*([^:]+): ?(.*)$", line)
        if not m:
            continue
        k, v = m.group(1).strip(), m.group(2)
        if cur is not None:
            cur.setdefault(k, v)
        elif in_agg and line.startswith("\t"):
            top["agg " + k] = v
        else:
            top.setdefault(k, v)
    return top, slaves

PROC_MODES = {
    "balance-rr": "load balancing (round-robin)",
    "active-backup": "fault-tolerance (active-backup)",
    "balance-xor": "load balancing (xor)",
    "broadcast": "fault-tolerance (broadcast)",
    "802.3ad": "IEEE 802.3ad Dynamic link aggregation",
    "balance-tlb": "transmit load balancing",
    "balance-alb": "adaptive load balancing",
}

def snapshot():
    """every sysfs file of every bond and slave: path -> text"""
    snap = {}
    for dev in os.listdir("/sys/class/net"):
        for sub in ("bonding", "bonding_slave"):
            d = "/sys/class/net/%s/%s/" % (dev, sub)
            if os.path.isdir(d):
                for f in os.listdir(d):
                    try:
                        snap[d + f] = sysfs(d + f)
                    except OSError:
                        pass
    return snap

def main():
    import subprocess
    bondctl, out, schema, want = sys.argv[1], sys.argv[2], load(sys.argv[3]), sys.argv[4:]
    # a value show gave must be what sysfs had just before or just after
    # (802.3ad port states move on their own)
    before = snapshot()
    with open(out, "w") as f:
        rc = subprocess.call([bondctl, "show", "--json"], stdout=f)
    after = snapshot()
    if rc:
        print("show exited %d" % rc)
        sys.exit(1)
    doc = load(out)
    errs, how = validate(doc, schema)
    report = {"schema": errs, "schema_by": how, "sysfs": [], "proc": [],
              "compared": 0}
    def cmp(where, what, exp, got):
        report["compared"] += 1
        if exp != got:
            report[where].append("%s: expected %r, got %r" % (what, exp, got))
    def between(path, got):
        # times a monitor updates every tick: anywhere from before to after;
        # a flap penalty decays: anywhere from before down to after
        try:
            if path.endswith(("/last_seen_up", "/last_seen_down")):
                return int(before[path]) <= int(got) <= int(after[path])
            if path.endswith("/bonding_slave/flap_penalty"):
                return int(after[path]) <= int(got) <= int(before[path])
        except (KeyError, ValueError, TypeError):
            pass
        return False
    def cmp_file(what, path, got):
        report["compared"] += 1
        if got not in (before.get(path), after.get(path)) and \
                not between(path, got):
            report["sysfs"].append("%s: sysfs had %r, then %r; show %r" %
                                   (what, before.get(path), after.get(path), got))
    names = [b["name"] for b in doc["bonds"]]
    for b in want:
        if b not in names:
            report["sysfs"].append("bond %s missing from the dump" % b)
    for b in doc["bonds"]:
        if b["name"] not in want:
            continue
        name, o = b["name"], b["options"]
        cmp("sysfs", name + " ifindex", int(sysfs("/sys/class/net/%s/ifindex" % name)),
            b["ifindex"])
        d = "/sys/class/net/%s/bonding/" % name
        for f in sorted(os.listdir(d)):
            if f not in o:
                report["sysfs"].append("%s: sysfs file %s not in show" % (name, f))
                continue
            cmp_file(name + " " + f, d + f, text(o[f]))
        cmp("sysfs", name + " slave list", sysfs(d + "slaves").split(),
            [s["name"] for s in b["slaves"]])
        for s in b["slaves"]:
            sd = "/sys/class/net/%s/bonding_slave/" % s["name"]
            cmp("sysfs", s["name"] + " ifindex",
                int(sysfs("/sys/class/net/%s/ifindex" % s["name"])), s["ifindex"])
            for f in sorted(os.listdir(sd)):
                if f not in s:
                    report["sysfs"].append("%s: sysfs file %s not in show" % (s["name"], f))
                    continue
                cmp_file(s["name"] + " " + f, sd + f, text(s[f]))
        # procfs: every field both have
        top, ps = proc_fields(name)
        cmp("proc", name + " mode", PROC_MODES[o["mode"]["name"]],
            top["Bonding Mode"].split(" (fail_over_mac")[0])
        cmp("proc", name + " MII Status", top["MII Status"], o["mii_status"])
        for k, key in (("MII Polling Interval (ms)", "miimon"),
                       ("Up Delay (ms)", "updelay"),
                       ("Down Delay (ms)", "downdelay"),
                       ("Peer Notification Delay (ms)", "peer_notif_delay"),
                       ("ARP Polling Interval (ms)", "arp_interval"),
                       ("ARP Missed Max", "arp_missed_max"),
                       ("Min links", "min_links")):
            if k in top:
                cmp("proc", name + " " + k, int(top[k]), o[key])
        if "Primary Slave" in top:
            p = top["Primary Slave"].split(" (")[0]
            cmp("proc", name + " primary", "" if p == "None" else p, o["primary"])
            if "(primary_reselect " in top["Primary Slave"]:
                cmp("proc", name + " primary_reselect",
                    top["Primary Slave"].split("(primary_reselect ")[1].rstrip(")"),
                    o["primary_reselect"]["name"])
        if "Currently Active Slave" in top:
            a = top["Currently Active Slave"]
            cmp("proc", name + " active", "" if a == "None" else a, o["active_slave"])
        if "Transmit Hash Policy" in top:
            cmp("proc", name + " xmit_hash_policy", top["Transmit Hash Policy"],
                "%s (%d)" % (o["xmit_hash_policy"]["name"], o["xmit_hash_policy"]["value"]))
        if "ARP IP target/s (n.n.n.n form)" in top:
            cmp("proc", name + " arp_ip_target",
                top["ARP IP target/s (n.n.n.n form)"].replace(",", "").split(),
                o["arp_ip_target"].split())
        if "NS IPv6 target/s (xx::xx form)" in top:
            cmp("proc", name + " ns_ip6_target",
                top["NS IPv6 target/s (xx::xx form)"].replace(",", "").split(),
                o["ns_ip6_target"].split())
        if "LACP rate" in top:
            cmp("proc", name + " lacp_rate", top["LACP rate"], o["lacp_rate"]["name"])
            cmp("proc", name + " lacp_active", top["LACP active"], o["lacp_active"]["name"])
            cmp("proc", name + " ad_select",
                top["Aggregator selection policy (ad_select)"], o["ad_select"]["name"])
        if "agg Aggregator ID" in top:
            for k, key in (("agg Aggregator ID", "ad_aggregator"),
                           ("agg Number of ports", "ad_num_ports"),
                           ("agg Actor Key", "ad_actor_key"),
                           ("agg Partner Key", "ad_partner_key")):
                cmp("proc", name + " " + key, int(top[k]), o[key])
            cmp("proc", name + " ad_partner_mac", top["agg Partner Mac Address"],
                o["ad_partner_mac"])
        for s in b["slaves"]:
            p = ps.get(s["name"])
            if p is None:
                report["proc"].append("slave %s not in procfs" % s["name"])
                continue
            sn = s["name"]
            cmp("proc", sn + " MII Status", p["MII Status"], s["mii_status"])
            cmp("proc", sn + " Link Failure Count", int(p["Link Failure Count"]),
                s["link_failure_count"])
            cmp("proc", sn + " Permanent HW addr", p["Permanent HW addr"], s["perm_hwaddr"])
            cmp("proc", sn + " Slave queue ID", int(p["Slave queue ID"]), s["queue_id"])
            if "Aggregator ID" in p:
                agg = p["Aggregator ID"]
                cmp("proc", sn + " Aggregator ID", agg if agg == "N/A" else int(agg),
                    s["ad_aggregator_id"])
            # the lines of dampening and proc_extended, when there; /proc is
            # read after show: a penalty may have decayed since, a seen
            # time moved on
            if "Flap suppressed" in p:
                cmp("proc", sn + " Flap suppressed", p["Flap suppressed"],
                    "yes" if s["suppressed"] else "no")
            if "Flap penalty" in p:
                cmp("proc", sn + " Flap penalty (not above show's)", True,
                    int(p["Flap penalty"]) <= s["flap_penalty"])
            for k, key in (("ARP probes missed", "arp_missed"),
                           ("NS probes missed", "ns_missed")):
                if k in p:
                    cmp("proc", sn + " " + k, p[k], "%d (total %d)" %
                        (s[key], s[key + "_total"]))
            for k, key in (("Last seen up", "last_seen_up"),
                           ("Last seen down", "last_seen_down")):
                if k in p:
                    cmp("proc", sn + " " + k + " (not before show's)", True,
                        int(p[k].split()[0]) >= s[key])
            if "Last failure reason" in p:
                cmp("proc", sn + " Last failure reason", p["Last failure reason"],
                    s["last_failure"])
        if len(ps) != len(b["slaves"]):
            report["proc"].append("%s: %d slaves in procfs, %d in show" %
                                  (name, len(ps), len(b["slaves"])))
    print(json.dumps(report))

main()
PY

# report CASE FIELD: pass when the checker's FIELD list is empty
report() {
	local r
	r=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[sys.argv[2]]; print("|".join(r[:5]))' /tmp/bondctl.report "$2")
	if [ -z "$r" ]; then pass "$1"; else fail "$1" "($r)"; fi
}

# show_check TAG BOND...: show --json, then parse, schema, sysfs and procfs
show_check() {
	local tag=$1
	shift
	if ! python3 $CHK "$BONDCTL" $OUT "$SCHEMA" "$@" >/tmp/bondctl.report 2>&1; then
		fail "$tag-show" "($(tail -1 /tmp/bondctl.report))"
		return
	fi
	pass "$tag-show"
	check "$tag-json-parses" python3 -m json.tool $OUT
	report "$tag-schema" schema
	report "$tag-agrees-with-sysfs" sysfs
	report "$tag-agrees-with-proc" proc
	echo "$tag: $(python3 -c 'import json; r=json.load(open("/tmp/bondctl.report")); print(r["compared"], "values compared, schema by", r["schema_by"])')"
}

# jq-less key lookups: jget EXPR (on $OUT, "d" is the document)
jget() { python3 -c "import json; d=json.load(open('$OUT')); print($1)"; }

# --- without the module ------------------------------------------------------

bond_unload >/dev/null 2>&1
"$BONDCTL" show >/dev/null 2>&1
check_eq no-module-show-exit-2 2 "$?"
"$BONDCTL" set b0 miimon=100 >/dev/null 2>&1
check_eq no-module-set-exit-2 2 "$?"
"$BONDCTL" show --bogus >/dev/null 2>&1
check_eq show-usage-exit-1 1 "$?"
"$BONDCTL" set b0 >/dev/null 2>&1
check_eq set-no-pair-exit-1 1 "$?"
"$BONDCTL" set b0 miimon >/dev/null 2>&1
check_eq set-not-a-pair-exit-1 1 "$?"

# --- an active-backup bond and an 802.3ad one ----------------------------------

bond_load max_bonds=0
"$BONDCTL" show --json >$OUT
check_eq no-bonds-exit-0 0 "$?"
check_eq no-bonds-empty '{"bonds":[]}' "$(tr -d ' \n' <$OUT)"

ns_add peer
ip -n peer link add br0 type bridge
ip -n peer link set br0 up
ip link add b0 type bond mode active-backup miimon 100 updelay 200 \
	downdelay 100 arp_validate none
for i in 0 1 2; do
	veth v$i p$i peer
	ip -n peer link set p$i master br0
	ip link set v$i master b0
done
ip link set b0 type bond primary v1
ip link set b0 up
check ab-active-is-v1 wait_for 5 grep -qx v1 $S/active_slave
ip link set v2 type bond_slave queue_id 3
ip link set v2 type bond_slave prio 7

ip link add b1 type bond mode 802.3ad miimon 100 lacp_rate fast min_links 1
for i in 3 4; do
	veth v$i p$i peer
	ip link set v$i master b1
done
ip link set b1 up
check lacp-aggregator wait_for 5 sh -c \
	"[ \"\$(cat /sys/class/net/v3/bonding_slave/ad_aggregator_id)\" != N/A ]"
# let both settle (the carrier is up already; aggregator choice is quick)
sleep 1

show_check base b0 b1

check_eq json-bond-order "b0 b1" "$(jget '" ".join(b["name"] for b in d["bonds"])')"
check_eq json-mode-enum "{'name': 'active-backup', 'value': 1}" \
	"$(jget 'd["bonds"][0]["options"]["mode"]')"
check_eq json-miimon-number "100 int" \
	"$(jget '"%s %s" % (d["bonds"][0]["options"]["miimon"], type(d["bonds"][0]["options"]["miimon"]).__name__)')"
check_eq json-slaves-string "v0 v1 v2" "$(jget 'd["bonds"][0]["options"]["slaves"]')"
check_eq json-primary v1 "$(jget 'd["bonds"][0]["options"]["primary"]')"
check_eq json-slave-names "v0 v1 v2" \
	"$(jget '" ".join(s["name"] for s in d["bonds"][0]["slaves"])')"
check_eq json-slave-queue-id 3 "$(jget 'd["bonds"][0]["slaves"][2]["queue_id"]')"
check_eq json-slave-prio 7 "$(jget 'd["bonds"][0]["slaves"][2]["prio"]')"
check_eq json-slave-state "backup active backup" \
	"$(jget '" ".join(s["state"] for s in d["bonds"][0]["slaves"])')"
check_eq json-netlink-only-option 1 "$(jget 'd["bonds"][1]["options"]["coupled_control"]')"
check_eq json-lacp-rate fast "$(jget 'd["bonds"][1]["options"]["lacp_rate"]["name"]')"

# one bond by name, and the text output
"$BONDCTL" show --json b1 >$OUT
check_eq one-bond-exit-0 0 "$?"
check_eq one-bond-only b1 "$(jget '" ".join(b["name"] for b in d["bonds"])')"
txt=$("$BONDCTL" show b0)
check_eq text-exit-0 0 "$?"
check_eq text-header "bond b0 (ifindex $(cat /sys/class/net/b0/ifindex))" "$(echo "$txt" | head -1)"
check_eq text-mode "  mode: active-backup 1" "$(echo "$txt" | grep '^  mode:')"
check_eq text-slave "  slave v1 (ifindex $(cat /sys/class/net/v1/ifindex))" \
	"$(echo "$txt" | grep '^  slave v1')"
check_eq text-slave-key "    state: active" \
	"$(echo "$txt" | sed -n '/^  slave v1/,/^  slave/p' | grep '^    state:')"

# after a failover, the state still agrees
ip -n peer link set p1 down
check ab-failover wait_for 5 sh -c "[ \"\$(cat $S/active_slave)\" != v1 ]"
sleep 0.3
show_check failover b0 b1
check_eq failover-count 1 "$(jget '[s for s in d["bonds"][0]["slaves"] if s["name"] == "v1"][0]["link_failure_count"]')"
ip -n peer link set p1 up
check ab-primary-back wait_for 5 grep -qx v1 $S/active_slave

# --- the keys of flap dampening and health -------------------------------------
# the schema names each with its type (and requires it), and show gives them
# in every state: off by default, and with v0 suppressed and the health
# lines in /proc
FLAP_BOND_KEYS="flap_suppress flap_penalty flap_half_life_ms flap_reuse flap_max_suppress_ms proc_extended"
FLAP_SLAVE_KEYS="flap_penalty suppressed arp_missed arp_missed_total ns_missed ns_missed_total last_seen_up last_seen_down last_failure"
check schema-names-flap-health python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["$defs"]
bad = []
for where, keys in (("bond_options", sys.argv[2]), ("slave", sys.argv[3])):
    for k in keys.split():
        p = s[where]["properties"].get(k)
        if k not in s[where]["required"] or not p or "$ref" not in p:
            bad.append(where + "." + k)
sys.exit(" ".join(bad) or None)' "$SCHEMA" "$FLAP_BOND_KEYS" "$FLAP_SLAVE_KEYS"
# the types show gives, by the schema: JSON type names of bond b0 and slave v0
flap_types() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
b = [x for x in d["bonds"] if x["name"] == "b0"][0]
v0 = [x for x in b["slaves"] if x["name"] == "v0"][0]
t = lambda v: type(v).__name__
print(" ".join(t(b["options"].get(k)) for k in sys.argv[2].split()),
      "|", " ".join(t(v0.get(k)) for k in sys.argv[3].split()))' $OUT "$FLAP_BOND_KEYS" "$FLAP_SLAVE_KEYS"
}
FLAP_TYPES="int int int int int int | int int int int int int int int str"
"$BONDCTL" show --json >$OUT
check_eq flap-off-types "$FLAP_TYPES" "$(flap_types)"
check_eq flap-off-values "0 0 none" \
	"$(jget '" ".join(str([s for s in d["bonds"][0]["slaves"] if s["name"] == "v0"][0][k]) for k in ("suppressed", "flap_penalty", "last_failure"))')"
echo 600000 >$S/flap_half_life_ms
echo 1000 >$S/flap_reuse
echo 5000 >$S/flap_penalty
echo 0 >$S/flap_max_suppress_ms
echo 3000 >$S/flap_suppress
echo 1 >$S/proc_extended
ip -n peer link set p0 down
check flap-suppressed wait_for 5 grep -qx 1 /sys/class/net/v0/bonding_slave/suppressed
ip -n peer link set p0 up
sleep 0.3
show_check flap b0 b1
check_eq flap-on-types "$FLAP_TYPES" "$(flap_types)"
check_eq flap-on-values "1 carrier 3000 1" \
	"$(jget '" ".join(str(x) for x in ([s for s in d["bonds"][0]["slaves"] if s["name"] == "v0"][0]["suppressed"], [s for s in d["bonds"][0]["slaves"] if s["name"] == "v0"][0]["last_failure"], d["bonds"][0]["options"]["flap_suppress"], d["bonds"][0]["options"]["proc_extended"]))')"
check flap-on-penalty [ "$(jget '[s for s in d["bonds"][0]["slaves"] if s["name"] == "v0"][0]["flap_penalty"]')" -gt 4900 ]
check flap-proc-lines grep -q '^Flap suppressed: yes' /proc/net/bonding/b0
# dampening off lets v0 go; the health lines off again
echo 0 >$S/flap_suppress
echo 0 >$S/proc_extended
check flap-released wait_for 5 grep -qx up /sys/class/net/v0/bonding_slave/mii_status

# --- set -------------------------------------------------------------------

"$BONDCTL" set b0 miimon=200 updelay=400
check_eq set-exit-0 0 "$?"
check_eq set-miimon 200 "$(cat $S/miimon)"
check_eq set-updelay 400 "$(cat $S/updelay)"
"$BONDCTL" set b0 xmit_hash_policy=layer3+4 num_grat_arp=3
check_eq set-enum-exit-0 0 "$?"
check_eq set-enum "layer3+4 1" "$(cat $S/xmit_hash_policy)"
check_eq set-alias 3 "$(cat $S/num_unsol_na)"

before=$(cd $S && grep -r . | sort)
err=$("$BONDCTL" set b0 downdelay=600 miimon=abc 2>&1 >/dev/null)
check_eq set-bad-value-exit-5 5 "$?"
case "$err" in
*miimon*"invalid value"*abc*) pass set-bad-value-message ;;
*) fail set-bad-value-message "(got '$err')" ;;
esac
check_eq set-bad-value-changes-nothing "$before" "$(cd $S && grep -r . | sort)"

err=$("$BONDCTL" set b0 miimon=300 frobnicate=1 2>&1 >/dev/null)
check_eq set-unknown-option-exit-5 5 "$?"
case "$err" in
*"unknown option frobnicate"*) pass set-unknown-option-message ;;
*) fail set-unknown-option-message "(got '$err')" ;;
esac
check_eq set-unknown-option-changes-nothing 200 "$(cat $S/miimon)"

# a state refusal: mode only while down; earlier pairs of the request stay
err=$("$BONDCTL" set b0 mode=balance-rr 2>&1 >/dev/null)
check_eq set-refused-exit-5 5 "$?"
case "$err" in
*"option mode"*) pass set-refused-message ;;
*) fail set-refused-message "(got '$err')" ;;
esac
check_eq set-refused-mode "active-backup 1" "$(cat $S/mode)"

err=$("$BONDCTL" set nosuchbond miimon=100 2>&1 >/dev/null)
check_eq set-unknown-bond-exit-4 4 "$?"
case "$err" in
*"no such bond"*nosuchbond*) pass set-unknown-bond-message ;;
*) fail set-unknown-bond-message "(got '$err')" ;;
esac
"$BONDCTL" set v0 miimon=100 >/dev/null 2>&1
check_eq set-not-a-bond-exit-4 4 "$?"
"$BONDCTL" show nosuchbond >/dev/null 2>&1
check_eq show-unknown-bond-exit-4 4 "$?"

# slaves through set, as sysfs does
"$BONDCTL" set b0 slaves=-v2
check_eq set-release-exit-0 0 "$?"
check_eq set-release "v0 v1" "$(cat $S/slaves)"
"$BONDCTL" set b0 slaves=+v2
check_eq set-enslave-exit-0 0 "$?"
check set-enslave-up wait_for 5 grep -qx up /sys/class/net/v2/bonding_slave/mii_status
"$BONDCTL" set b0 active_slave=v2
check_eq set-active-exit-0 0 "$?"
check_eq set-active v2 "$(cat $S/active_slave)"
# the pairs apply in order: the refusal of the second keeps the first
err=$("$BONDCTL" set b0 resend_igmp=5 active_slave=v9 2>&1 >/dev/null)
check_eq set-partial-exit-5 5 "$?"
check_eq set-partial-first-kept 5 "$(cat $S/resend_igmp)"
check_eq set-partial-active-kept v2 "$(cat $S/active_slave)"

# --- not root ------------------------------------------------------------------

if command -v setpriv >/dev/null; then
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BONDCTL" set b0 miimon=100 2>&1 >/dev/null)
	check_eq nonroot-set-exit-6 6 "$?"
	case "$err" in
	*"permission denied"*) pass nonroot-set-message ;;
	*) fail nonroot-set-message "(got '$err')" ;;
	esac
	check_eq nonroot-set-changes-nothing 200 "$(cat $S/miimon)"
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$BONDCTL" show --json >/tmp/bondctl.nobody 2>&1
	check_eq nonroot-show-exit-0 0 "$?"
	check_eq nonroot-show-bonds "b0 b1" "$(python3 -c 'import json; print(" ".join(b["name"] for b in json.load(open("/tmp/bondctl.nobody"))["bonds"]))')"
	# the 802.3ad values sysfs keeps from the unprivileged stay hidden
	check_eq nonroot-show-ad-private "" "$(python3 -c 'import json; print(json.load(open("/tmp/bondctl.nobody"))["bonds"][1]["options"]["ad_actor_key"])')"
else
	skip nonroot "no setpriv"
fi
if unshare --user --map-root-user true 2>/dev/null; then
	# root of a new user namespace is not admin of this network namespace
	unshare --user --map-root-user "$BONDCTL" set b0 miimon=100 >/dev/null 2>&1
	check_eq userns-set-exit-6 6 "$?"
	check_eq userns-set-changes-nothing 200 "$(cat $S/miimon)"
else
	skip userns "no unprivileged user namespaces"
fi

# --- namespaces ----------------------------------------------------------------

ip -n peer link add nb type bond
ip netns exec peer "$BONDCTL" show --json >$OUT
check_eq netns-show-own "nb" "$(jget '" ".join(b["name"] for b in d["bonds"])')"
ip netns exec peer "$BONDCTL" set b0 miimon=100 >/dev/null 2>&1
check_eq netns-set-other-exit-4 4 "$?"
ip netns exec peer "$BONDCTL" set nb miimon=150
check_eq netns-set-own "150" "$(ip netns exec peer cat /sys/class/net/nb/bonding/miimon)"

# --- many slaves: a long message -------------------------------------------------

ip link add b2 type bond mode balance-xor miimon 100
for i in $(seq 10 29); do
	ip link add v$i type veth peer name p$i
	ip link set v$i master b2
done
show_check many b0 b1 b2
check_eq many-slaves 20 "$(jget 'len([b for b in d["bonds"] if b["name"] == "b2"][0]["slaves"])')"
for i in $(seq 10 29); do ip link del v$i; done

check no-kernel-complaints sh -c "! dmesg | grep -qE 'WARNING:|BUG:|sysfs_emit'"

ip link del b2
ip link del b1
ip link del b0
finish
