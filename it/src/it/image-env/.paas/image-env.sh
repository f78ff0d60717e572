#!/bin/sh
# Runs as root on the base image's own file system, like a Dockerfile RUN.
set -eu
echo "image-env for $PAAS_ARTIFACT_ID $PAAS_VERSION ($PAAS_ENVIRONMENTS) on $PAAS_OS_FAMILY"
apt-get update -qq
apt-get install -y -qq --no-install-recommends wget >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*
mkdir -p /opt/orders
cp "$PAAS_DIR/motd.txt" /opt/orders/motd.txt
chown root:app /opt/orders/motd.txt
chmod 0640 /opt/orders/motd.txt
ln -s /opt/orders/motd.txt /etc/motd-orders
rm /etc/issue.net
date +%s%N > /opt/orders/built-at
echo "image-env done"
