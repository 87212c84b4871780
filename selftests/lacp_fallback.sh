#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad without a partner: implicit fallback against the stock module,
# lacp_strict (lacp.sh part d); /proc's 802.3ad section against the stock
# module with teamd as partner (part e). See lacp.sh.
LACP_CASES="d e"
. "$(dirname "$0")/lacp.sh"
