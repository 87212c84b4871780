#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad, our module against itself (lacp.sh part b: keys, min_links,
# ad_select, bandwidth against count over taps of different speeds) and
# malformed LACPDUs (part c). See lacp.sh.
LACP_CASES="b c"
. "$(dirname "$0")/lacp.sh"
