# SPDX-License-Identifier: GPL-2.0
"""What every bench needs in the guest: run a command, and load our
bonding module or the stock one (with every bond deleted first)."""

import os
import subprocess

KVER = os.uname().release
OURS = f"/lib/modules/{KVER}/updates/bonding.ko"


def sh(cmd):
    return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True).stdout


def stock_ko():
    return sh(f"find /lib/modules/{KVER}/kernel/drivers/net/bonding "
              "-name 'bonding.ko*'").split()[0]


def load(which):
    sh("for b in $(cat /sys/class/net/bonding_masters 2>/dev/null); do "
       "ip link del $b; done; rmmod bonding 2>/dev/null")
    if which == "stock":
        sh("modprobe tls")
        sh(f"insmod {stock_ko()} max_bonds=0")
    else:
        sh(f"insmod {OURS} max_bonds=0")
