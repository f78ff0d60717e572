#!/bin/sh
set -e
echo "installing the team's tools"
apt-get install -y no-such-package-paas
