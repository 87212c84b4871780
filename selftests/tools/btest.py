#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""btest.py - helpers for selftests written in Python.

Results go where lib.sh sends them (T_NAME, T_RESULTS from the runner), one
"PASS|FAIL|SKIP <test>/<case> [reason]" line each, so a Python test reports
exactly like a shell one. The module also reads the bond through every
surface: sysfs, `ip -d -j link`, raw netlink (bondnl.py) and /proc.
"""

import errno
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bondnl  # noqa: E402

T_NAME = os.environ.get("T_NAME", os.path.splitext(
    os.path.basename(sys.argv[0]))[0])
T_RESULTS = os.environ.get("T_RESULTS")
failed = False


def _result(status, case, reason=""):
    line = f"{status} {T_NAME}/{case}"
    if reason:
        line += f" {reason}"
    if T_RESULTS and T_RESULTS != "/dev/stdout":
        with open(T_RESULTS, "a") as f:
            f.write(line + "\n")
    print(line, flush=True)


def ok(case):
    _result("PASS", case)


def fail(case, reason=""):
    global failed
    failed = True
    _result("FAIL", case, reason)


def skip(case, reason=""):
    _result("SKIP", case, reason)


def check(case, cond, reason=""):
    if cond:
        ok(case)
    else:
        fail(case, reason)
    return cond


def finish():
    sys.exit(1 if failed else 0)


def sh(cmd, check=False):
    """Run a shell command; return (status, stdout+stderr)."""
    p = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if check and p.returncode:
        raise RuntimeError(f"{cmd}: {p.stdout.strip()}")
    return p.returncode, p.stdout


# --- sysfs ------------------------------------------------------------------

def sysfs_path(bond, name):
    return f"/sys/class/net/{bond}/bonding/{name}"


def sysfs_read(bond, name):
    with open(sysfs_path(bond, name)) as f:
        return f.read().rstrip("\n")


def sysfs_write(path, value):
    """Write like `echo value > path`; return 0 or the errno."""
    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as e:
        return e.errno
    try:
        os.write(fd, (value + "\n").encode())
        return 0
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def sysfs_set(bond, name, value):
    return sysfs_write(sysfs_path(bond, name), value)


def errname(e):
    return errno.errorcode.get(e, str(e)) if e else "OK"


# --- ip and netlink -----------------------------------------------------------

def ip_info(bond):
    _, out = sh(f"ip -d -j link show {bond}")
    data = json.loads(out)[0]
    return data.get("linkinfo", {}).get("info_data", {})


def ip_slave_info(dev):
    _, out = sh(f"ip -d -j link show {dev}")
    data = json.loads(out)[0]
    return data.get("linkinfo", {}).get("info_slave_data", {})


def ip_set(bond, *args):
    """`ip link set BOND type bond ARGS`; return (status, message)."""
    return sh(f"ip link set {bond} type bond " + " ".join(map(str, args)))


def nl_get(bond):
    return bondnl.get_bond(bond)


def nl_set(bond, **attrs):
    """Raw netlink change; return (errno or 0, extack text)."""
    try:
        bondnl.set_bond(bond, check=False, **attrs)
        return 0, ""
    except bondnl.NetlinkError as e:
        return e.errno, e.extack or ""


def nl_slave_set(dev, **attrs):
    try:
        bondnl.set_slave(dev, check=False, **attrs)
        return 0, ""
    except bondnl.NetlinkError as e:
        return e.errno, e.extack or ""


# --- /proc ----------------------------------------------------------------------

def proc(bond):
    with open(f"/proc/net/bonding/{bond}") as f:
        return f.read()


def proc_fields(bond):
    """The bond section of /proc/net/bonding/BOND as label -> value."""
    text = proc(bond).split("\nSlave Interface:")[0]
    fields = {}
    for line in text.splitlines():
        m = re.match(r"^([^:\t][^:]*): ?(.*)$", line)
        if m:
            fields[m.group(1)] = m.group(2)
    return fields


# --- the kernel log ----------------------------------------------------------------

def kmsg_mark(tag):
    with open("/dev/kmsg", "w") as f:
        f.write(f"bt-mark: {tag}\n")


def kmsg_since(tag):
    _, out = sh("dmesg")
    lines = out.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].endswith(f"bt-mark: {tag}"):
            return "\n".join(lines[i + 1:])
    return ""
