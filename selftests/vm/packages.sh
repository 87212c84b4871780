# SPDX-License-Identifier: GPL-2.0
# Debian packages the test harness needs (sourced by check.sh, demo-vm.sh).
# Guest packages are installed on the host: the guest sees the host root.
BT_HOST_PACKAGES=(make gcc qemu-system-x86 busybox-static kmod cpio xz-utils
	zstd dkms libmnl-dev)
BT_GUEST_PACKAGES=(iproute2 ethtool tcpdump iputils-ping procps psmisc
	python3 python3-jsonschema bash coreutils util-linux libteam-utils
	ifupdown ifenslave systemd dbus network-manager prometheus-node-exporter
	curl)
