#!/bin/sh
# Runs as root on the base's own file system, like a Dockerfile RUN line: the same script serves
# paas:build and the Jib extension.
set -eu
echo "personalising $PAAS_ARTIFACT_ID $PAAS_VERSION for $PAAS_ENVIRONMENTS"
install -d -m 0755 /opt/orders
echo "orders on ACME" > /opt/orders/motd.txt
ln -s /opt/orders/motd.txt /etc/motd-orders
rm -f /etc/motd
