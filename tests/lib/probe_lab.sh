# probe_lab.sh - a plant network in network namespaces for the probes'
# tests (tests/system/netprobe.sh, tests/bench/bench_probe.sh, the `edgenet diag` and
# console tests).  Sourced, not run; POSIX sh; needs root, ip, dnsmasq
# and ss.  Every name it makes carries $$, so two labs never meet:
#
#   host side (LAB_HOST_NS)                 plant (LAB_PLANT_NS)
#     LAB_UPLINK (veth, no bridge,  <--->     pl0 --+-- bridge pbr0
#       no address)                                 |
#     LAB_HOST_BR (bridge, empty)                   +-- pN <---> eth0 of a
#                                                   |   peer namespace:
#                                                   |   dnsmasq, a holder
#                                                   |   of an address, a
#                                                   |   gateway...
#
# The uplink is what an external switch's physical NIC is before apply:
# in no bridge (lab_enslave puts it in one).  Peers get addresses in
# LAB_SUBNET.0/LAB_PLEN (default 10.231.7.0/24) unless the caller says.
#
# Functions (each returns non-zero with a line on stderr when it fails;
# every wait is bounded):
#   lab_up [HOSTNS]        build the lab; HOSTNS: use this existing
#                          namespace as the host side (else one is made)
#   lab_dhcp_server NAME RANGE ROUTER DNS LEASE [ADDR]
#                          dnsmasq serving RANGE ("A,B"), router ROUTER,
#                          DNS servers DNS ("a" or "a,b"), lease LEASE
#                          seconds (dnsmasq's floor: 120), from ADDR (else
#                          the next free LAB_SUBNET.x); ready when it
#                          listens on port 67.  As shipped, dnsmasq pings
#                          the address it means to offer and OFFERs 3 s
#                          after the DISCOVER; LAB_DNSMASQ_OPTS=--no-ping
#                          (extra options, word-split) makes it answer at
#                          once.  Its log: LAB_LAST_LOG; leases:
#                          $LAB_DIR/NAME.leases
#   lab_holder ADDR        a namespace holding ADDR (answers ARP and ping)
#   lab_gateway ADDR ping|arp-only
#                          a gateway at ADDR; arp-only ignores echo
#   lab_carrier_down       the plant end of the uplink down: no carrier
#   lab_carrier_up         and up again (waits for carrier)
#   lab_enslave [BRIDGE]   the uplink into BRIDGE (default LAB_HOST_BR;
#                          made when missing) on the host side
#   lab_peer_down NS       removes one peer namespace made by the lab
#   lab_mac NS IFNAME      prints the MAC of IFNAME in NS (`ip -j link`)
#   lab_host CMD...        runs CMD in the host side namespace
#   lab_down               removes everything the lab made; kills only the
#                          processes it started (by pid) and what runs in
#                          the namespaces it made
# After lab_up: LAB_HOST_NS, LAB_PLANT_NS, LAB_UPLINK, LAB_HOST_BR,
# LAB_PLANT_BR, LAB_DIR (a temporary directory).  After each peer
# function: LAB_LAST_NS, LAB_LAST_MAC (its eth0), LAB_LAST_ADDR, and for
# dnsmasq LAB_LAST_PID and LAB_LAST_LOG.

LAB_SUBNET=${LAB_SUBNET:-10.231.7}
LAB_PLEN=${LAB_PLEN:-24}
LAB_HOST_NS=
LAB_PLANT_NS=
LAB_UPLINK=
LAB_HOST_BR=
LAB_PLANT_BR=pbr0
LAB_DIR=
LAB_PIDS=
LAB_PEERS=
LAB_N=0
LAB_OWN_HOST=0
LAB_ADDR_NEXT=240

# _lab_wait TRIES CMD...: CMD until it succeeds, TRIES x 20 ms at most
_lab_wait() {
	_lw_n=$1
	shift
	while ! "$@" 2>/dev/null; do
		_lw_n=$((_lw_n - 1))
		test "$_lw_n" -gt 0 || return 1
		sleep 0.02
	done
	return 0
}

_lab_fail() {
	echo "probe_lab: $*" >&2
	return 1
}

lab_host() {
	ip netns exec "$LAB_HOST_NS" "$@"
}

_lab_carrier_is() {
	test "$(ip netns exec "$1" cat "/sys/class/net/$2/carrier" 2>/dev/null)" = "$3"
}

lab_mac() {
	ip -n "$1" -j link show dev "$2" |
		sed -n 's/.*"address":"\([0-9a-f:]*\)".*/\1/p'
}

# _lab_quiet NS: the links made in NS from now on send nothing of the
# kernel's own: no IPv6 (router solicitations, MLD reports and DAD go on
# for about 10 s after a link comes up) and no IGMP reports for 224.0.0.x
# (two when a bridge comes up).  The lab is IPv4 only, and tests that
# count the uplink's frames to prove a probe sent nothing counted that
# chatter (cli_diag.sh once saw 73 -> 74).
_lab_quiet() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.igmp_link_local_mcast_reports=0 ||
		{ _lab_fail "cannot turn IPv6 off in $1"; return 1; }
}

lab_up() {
	test "$(id -u)" -eq 0 || { _lab_fail "needs root"; return 1; }
	LAB_DIR=$(mktemp -d /tmp/edgenet-lab.XXXXXX) || return 1
	chmod 755 "$LAB_DIR"
	LAB_PLANT_NS=edgenet-lab-p-$$
	LAB_UPLINK=lup$$
	LAB_HOST_BR=lbr$$
	if test -n "$1"; then
		LAB_HOST_NS=$1
		LAB_OWN_HOST=0
		ip netns pids "$LAB_HOST_NS" >/dev/null 2>&1 ||
			{ _lab_fail "no namespace $LAB_HOST_NS"; return 1; }
	else
		LAB_HOST_NS=edgenet-lab-h-$$
		LAB_OWN_HOST=1
		ip netns add "$LAB_HOST_NS" ||
			{ _lab_fail "cannot create a network namespace"; return 1; }
		ip -n "$LAB_HOST_NS" link set lo up
		_lab_quiet "$LAB_HOST_NS" || return 1
	fi
	ip netns add "$LAB_PLANT_NS" || { _lab_fail "cannot create $LAB_PLANT_NS"; return 1; }
	_lab_quiet "$LAB_PLANT_NS" || return 1
	ip -n "$LAB_PLANT_NS" link set lo up
	ip -n "$LAB_PLANT_NS" link add "$LAB_PLANT_BR" type bridge &&
	ip -n "$LAB_PLANT_NS" link set "$LAB_PLANT_BR" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$LAB_PLANT_NS" link set "$LAB_PLANT_BR" up &&
	ip -n "$LAB_HOST_NS" link add "$LAB_UPLINK" type veth peer name pl0 \
		netns "$LAB_PLANT_NS" &&
	ip -n "$LAB_PLANT_NS" link set pl0 master "$LAB_PLANT_BR" &&
	ip -n "$LAB_PLANT_NS" link set pl0 up &&
	ip -n "$LAB_HOST_NS" link set "$LAB_UPLINK" up &&
	ip -n "$LAB_HOST_NS" link add "$LAB_HOST_BR" type bridge &&
	ip -n "$LAB_HOST_NS" link set "$LAB_HOST_BR" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$LAB_HOST_NS" link set "$LAB_HOST_BR" up ||
		{ _lab_fail "cannot build the links"; return 1; }
	# in a namespace lent to us, only our own links are made quiet
	for _lq in "$LAB_UPLINK" "$LAB_HOST_BR"; do
		ip netns exec "$LAB_HOST_NS" sysctl -qw \
			"net.ipv6.conf.$_lq.disable_ipv6=1" ||
			{ _lab_fail "cannot turn IPv6 off on $_lq"; return 1; }
	done
	_lab_wait 250 _lab_carrier_is "$LAB_HOST_NS" "$LAB_UPLINK" 1 ||
		{ _lab_fail "no carrier on $LAB_UPLINK after 5 s"; return 1; }
	export LAB_HOST_NS LAB_PLANT_NS LAB_UPLINK LAB_HOST_BR LAB_PLANT_BR LAB_DIR
	return 0
}

# _lab_peer ROLE ADDR: a namespace with eth0 on the plant bridge holding
# ADDR/LAB_PLEN; sets LAB_LAST_NS, LAB_LAST_MAC, LAB_LAST_ADDR
_lab_peer() {
	LAB_N=$((LAB_N + 1))
	_lp_ns=edgenet-lab-$1$LAB_N-$$
	ip netns add "$_lp_ns" || { _lab_fail "cannot create $_lp_ns"; return 1; }
	LAB_PEERS="$LAB_PEERS $_lp_ns"
	_lab_quiet "$_lp_ns" || return 1
	ip -n "$_lp_ns" link set lo up
	ip -n "$LAB_PLANT_NS" link add "p$LAB_N" type veth peer name eth0 \
		netns "$_lp_ns" &&
	ip -n "$LAB_PLANT_NS" link set "p$LAB_N" master "$LAB_PLANT_BR" &&
	ip -n "$LAB_PLANT_NS" link set "p$LAB_N" up &&
	ip -n "$_lp_ns" link set eth0 up ||
		{ _lab_fail "cannot link $_lp_ns"; return 1; }
	_lab_wait 250 _lab_carrier_is "$_lp_ns" eth0 1 ||
		{ _lab_fail "no carrier in $_lp_ns"; return 1; }
	# (the address after "up": one added before has no route at first)
	ip -n "$_lp_ns" addr add "$2/$LAB_PLEN" dev eth0 ||
		{ _lab_fail "cannot put $2 in $_lp_ns"; return 1; }
	LAB_LAST_NS=$_lp_ns
	LAB_LAST_ADDR=$2
	LAB_LAST_MAC=$(lab_mac "$_lp_ns" eth0)
	return 0
}


_lab_listens67() {
	test -n "$(ip netns exec "$1" ss -Hlun 'sport = :67')"
}

lab_dhcp_server() {
	test $# -ge 5 || { _lab_fail "lab_dhcp_server NAME RANGE ROUTER DNS LEASE [ADDR]"; return 1; }
	if test -n "$6"; then
		_ld_addr=$6
	else
		LAB_ADDR_NEXT=$((LAB_ADDR_NEXT + 1))
		_ld_addr=$LAB_SUBNET.$LAB_ADDR_NEXT
	fi
	_lab_peer "d" "$_ld_addr" || return 1
	LAB_LAST_LOG=$LAB_DIR/dnsmasq-$1.log
	_ld_mask=$(_lab_mask "$LAB_PLEN")
	ip netns exec "$LAB_LAST_NS" dnsmasq --conf-file=/dev/null \
		--keep-in-foreground --user=root --pid-file= --no-hosts \
		--no-resolv --port=0 --interface=eth0 --bind-interfaces \
		--dhcp-range="$2,$_ld_mask,$5" --dhcp-option="3,$3" \
		--dhcp-option="6,$4" --dhcp-leasefile="$LAB_DIR/$1.leases" \
		--log-dhcp --log-facility=- $LAB_DNSMASQ_OPTS >"$LAB_LAST_LOG" 2>&1 &
	LAB_LAST_PID=$!
	LAB_PIDS="$LAB_PIDS $LAB_LAST_PID"
	if ! _lab_wait 250 _lab_listens67 "$LAB_LAST_NS"; then
		_lab_fail "dnsmasq $1 did not listen within 5 s:"
		cat "$LAB_LAST_LOG" >&2
		return 1
	fi
	return 0
}

# _lab_mask PLEN: the dotted netmask
_lab_mask() {
	_lm_p=$1 _lm_out= _lm_i=0
	while test $_lm_i -lt 4; do
		if test "$_lm_p" -ge 8; then
			_lm_o=255
			_lm_p=$((_lm_p - 8))
		else
			_lm_o=$(( (255 << (8 - _lm_p)) & 255 ))
			_lm_p=0
		fi
		_lm_out=$_lm_out${_lm_out:+.}$_lm_o
		_lm_i=$((_lm_i + 1))
	done
	echo "$_lm_out"
}

lab_holder() {
	_lab_peer "a" "$1"
}

lab_gateway() {
	case $2 in
	ping|arp-only) ;;
	*) _lab_fail "lab_gateway ADDR ping|arp-only"; return 1 ;;
	esac
	_lab_peer "g" "$1" || return 1
	if test "$2" = arp-only; then
		ip netns exec "$LAB_LAST_NS" sysctl -qw net.ipv4.icmp_echo_ignore_all=1 ||
			{ _lab_fail "cannot silence ping in $LAB_LAST_NS"; return 1; }
	fi
	return 0
}

lab_carrier_down() {
	ip -n "$LAB_PLANT_NS" link set pl0 down || return 1
	_lab_wait 250 _lab_carrier_is "$LAB_HOST_NS" "$LAB_UPLINK" 0 ||
		_lab_fail "carrier still on $LAB_UPLINK after 5 s"
}

lab_carrier_up() {
	ip -n "$LAB_PLANT_NS" link set pl0 up || return 1
	_lab_wait 250 _lab_carrier_is "$LAB_HOST_NS" "$LAB_UPLINK" 1 ||
		_lab_fail "no carrier on $LAB_UPLINK after 5 s"
}

lab_enslave() {
	_le_br=${1:-$LAB_HOST_BR}
	if ! ip -n "$LAB_HOST_NS" link show dev "$_le_br" >/dev/null 2>&1; then
		ip -n "$LAB_HOST_NS" link add "$_le_br" type bridge &&
		ip -n "$LAB_HOST_NS" link set "$_le_br" up || return 1
	fi
	ip -n "$LAB_HOST_NS" link set "$LAB_UPLINK" master "$_le_br"
}

# _lab_kill_ns NS: whatever runs in NS (a namespace the lab made)
_lab_kill_ns() {
	for _lk_p in $(ip netns pids "$1" 2>/dev/null); do
		kill "$_lk_p" 2>/dev/null
	done
}

lab_peer_down() {
	case " $LAB_PEERS " in
	*" $1 "*) ;;
	*) _lab_fail "$1 is not a peer of this lab"; return 1 ;;
	esac
	_lab_kill_ns "$1"
	_lab_wait 250 test -z "$(ip netns pids "$1" 2>/dev/null)"
	ip netns del "$1"
	_lpd_rest=
	for _lpd_n in $LAB_PEERS; do
		test "$_lpd_n" = "$1" || _lpd_rest="$_lpd_rest $_lpd_n"
	done
	LAB_PEERS=$_lpd_rest
}

lab_down() {
	for _ld_p in $LAB_PIDS; do
		kill "$_ld_p" 2>/dev/null
	done
	for _ld_n in $LAB_PEERS $LAB_PLANT_NS; do
		_lab_kill_ns "$_ld_n"
	done
	if test "$LAB_OWN_HOST" = 1; then
		_lab_kill_ns "$LAB_HOST_NS"
	fi
	for _ld_p in $LAB_PIDS; do
		wait "$_ld_p" 2>/dev/null
	done
	for _ld_n in $LAB_PEERS $LAB_PLANT_NS; do
		ip netns del "$_ld_n" 2>/dev/null
	done
	if test -n "$LAB_HOST_NS"; then
		if test "$LAB_OWN_HOST" = 1; then
			ip netns del "$LAB_HOST_NS" 2>/dev/null
		else
			# a namespace that is not ours: only our links go
			ip -n "$LAB_HOST_NS" link del "$LAB_UPLINK" 2>/dev/null
			ip -n "$LAB_HOST_NS" link del "$LAB_HOST_BR" 2>/dev/null
		fi
	fi
	test -n "$LAB_DIR" && rm -rf "$LAB_DIR"
	LAB_PIDS= LAB_PEERS= LAB_PLANT_NS= LAB_HOST_NS= LAB_DIR=
	return 0
}
