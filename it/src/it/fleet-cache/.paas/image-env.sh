#!/bin/sh
# Not reproducible on purpose: had the second machine run it, its layer would differ.
set -eu
echo "fleet-cache step ran"
date +%s%N > /opt/when
