#!/usr/bin/env bash
# Debian's mosquitto and openssl, for the test that connects the local core to an external MQTT
# broker with mutual TLS as AWS IoT Core requires (test/emulator/iotcore/external-broker-tls.test.ts).
# Idempotent; installs with apt-get as root.
set -euo pipefail

if command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ]; then
  if command -v openssl >/dev/null; then
    echo "mqtt broker: $(dpkg-query -W -f='${Package} ${Version}' mosquitto 2>/dev/null || echo mosquitto), $(openssl version)"
    exit 0
  fi
fi
if [ "$(id -u)" != 0 ]; then
  echo "mqtt broker: needs mosquitto and openssl (apt-get install mosquitto openssl as root)" >&2
  exit 1
fi
apt-get update -q >/tmp/mqtt-broker-apt.log 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mosquitto openssl >>/tmp/mqtt-broker-apt.log 2>&1 || {
  echo "mqtt broker: apt-get could not install mosquitto openssl (see /tmp/mqtt-broker-apt.log)" >&2
  exit 1
}
echo "mqtt broker: installed mosquitto openssl"
