# SPDX-License-Identifier: GPL-2.0
#
# bonding: out-of-tree Linux bonding driver.
#
#   make                 build bonding.ko against KDIR
#   make tools           build the user tools (tools/)
#   make install         install the module into updates/ (+ depmod) and tools
#   make deb             bonding-dkms_*.deb (DKMS source package) into DEBDIR
#   make check           build, boot the test kernel under QEMU, run selftests/
#   make check-upstream  the kernel's bonding kselftests, on stock and on ours
#   make check-debug     make check on a KASAN/lockdep/kmemleak kernel (built once)
#   make debug-kernel    only build and cache that kernel
#   make demo            boot the test kernel and show an active-backup failover
#   make bench           throughput and memory, ours beside the stock module
#   make lint            checkpatch.pl over our sources
#   make W=1 / C=1       extra warnings / sparse, passed to Kbuild
#
# KDIR defaults to the running kernel's build directory, else to the test
# kernel's headers (installed when missing). KVER picks the test kernel: a
# release (6.1.0-56-amd64) or a series (6.1, 6.12); default: newest 6.1.
# DEBDIR: where make deb puts the package (default: here).

KVER ?= 6.1
TESTS ?=
DEBDIR ?= $(CURDIR)
# Kept outside the tree: "make clean" (Kbuild) deletes every *.ko and
# modules.order below the module directory, the cached kernels included.
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/bonding

# the test kernel's full release, computed once and only when needed
kver = $(eval kver := $(shell scripts/kver.sh $(KVER)))$(kver)

RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(origin KDIR),undefined)
ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
KDIR := $(RUNNING_KDIR)
else
KDIR = /usr/src/linux-headers-$(kver)
AUTO_HEADERS := 1
endif
endif

GIT_VERSION := $(shell git -C $(CURDIR) describe --always --dirty 2>/dev/null)
export BOND_GIT_VERSION := $(if $(GIT_VERSION),1.0-g$(GIT_VERSION:g%=%),)

.PHONY: all module tools install modules_install tools_install clean \
	check check-upstream check-debug debug-kernel demo bench lint help deb

all: module

module:
ifeq ($(AUTO_HEADERS),1)
	@scripts/deps.sh headers:$(kver)
endif
ifneq ($(filter 1 2,$(C)),)
	@scripts/deps.sh sparse
endif
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	@scripts/deps.sh libmnl-dev
	$(MAKE) -C tools

install: modules_install tools_install

modules_install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null || uname -r)

tools_install: tools
	$(MAKE) -C tools install

deb:
	@scripts/mkdeb.sh $(DEBDIR)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || \
		rm -rf *.o *.ko *.mod *.mod.c .*.cmd bond_modes/*.o bond_modes/.*.cmd \
			modules.order Module.symvers .tmp_versions
	-$(MAKE) -C tools clean

# --- testing ----------------------------------------------------------------

check:
	@selftests/vm/check.sh --kver $(KVER) --cache $(CACHE) $(if $(TESTS),--tests "$(TESTS)")

check-upstream:
	@selftests/vm/upstream.sh --kver $(KVER) --cache $(CACHE) $(if $(TESTS),--tests "$(TESTS)") \
		$(if $(UPSTREAM_TIMEOUT),--timeout $(UPSTREAM_TIMEOUT)) \
		$(if $(UPSTREAM_MODULES),--modules "$(UPSTREAM_MODULES)")

check-debug:
	@selftests/vm/check.sh --debug --cache $(CACHE) $(if $(TESTS),--tests "$(TESTS)")

debug-kernel:
	@selftests/vm/debug-kernel.sh $(CACHE)

demo:
	@selftests/vm/demo.sh --kver $(KVER) --cache $(CACHE)

bench:
	@bench/run.sh --kver $(KVER) --cache $(CACHE) $(if $(BENCH),--only $(BENCH))

lint:
	@scripts/lint.sh --cache $(CACHE)

help:
	@sed -n '3,19p' Makefile | sed 's/^# \?//'
