#!/bin/sh
# install-deps.sh - install what edgenet needs on Debian 12, with apt-get.
#   scripts/install-deps.sh build   compilers, autotools and libraries
#   scripts/install-deps.sh test    the above plus what the tests run
#                                   (tmux, iproute2, util-linux, python3;
#                                   clang and its libFuzzer runtime for
#                                   tests/fuzz/run.sh; arping and ping,
#                                   the peers of tests/bench/bench_probe.sh;
#                                   mandoc, groff-base and man-db for
#                                   tests/static/man_lint.sh;
#                                   bash-completion for cli_completion.sh;
#                                   dpkg-dev, debhelper, lintian and
#                                   debootstrap for tests/pkg/deb.sh)
# Run as root (or through sudo).  Installing starts no service.
set -eu
what=${1:-build}

BUILD="build-essential autoconf automake libtool pkg-config
libncurses-dev libvirt-dev libnl-3-dev libnl-route-3-dev libconfig-dev
libcmocka-dev libsystemd-dev libc-ares-dev libjson-c-dev libisofs-dev"
TEST="tmux iproute2 util-linux python3 procps genisoimage xorriso
clang libclang-rt-14-dev iputils-arping iputils-ping bash-completion
mandoc groff-base man-db dpkg-dev debhelper lintian debootstrap"

case $what in
build) pkgs=$BUILD ;;
test) pkgs="$BUILD $TEST" ;;
*) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "$0: run as root, e.g. sudo $0 $what" >&2
	exit 2
fi

# Only touch apt when something is missing.
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
# The end-to-end tests' daemons and guest (libvirtd, qemu, dnsmasq,
# systemd-resolved unpacked, the guest kernel...) have their own script.
if [ "$what" = test ] && [ -x "$(dirname "$0")/e2e-deps.sh" ]; then
	"$(dirname "$0")/e2e-deps.sh"
fi
echo "dependencies ($what) present"
