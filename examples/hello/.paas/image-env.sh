#!/bin/sh
# Runs as root on the base image's own file system while paas:build composes the image, like a
# Dockerfile RUN line; what it changes becomes one layer, cached until the base or .paas/ changes.
set -eu
echo "personalising the image of $PAAS_ARTIFACT_ID $PAAS_VERSION (a $PAAS_OS_FAMILY base)"
install -d -o app -g app -m 0750 /var/lib/hello
cp "$PAAS_DIR/hello.properties" /etc/hello.properties
chmod 0644 /etc/hello.properties
rm -f /etc/motd
