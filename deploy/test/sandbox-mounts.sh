#!/usr/bin/env bash
# sandbox-mounts.sh STATE_DIR COMMAND [ARGS...]: run inside `unshare -m --propagation private`;
# sets up (approximately) the mount sandbox of memfleet-collector.service, then execs COMMAND.
# Used by deploy/test-unit.sh --run on hosts without a running systemd.
set -euo pipefail
state_dir="$1"; shift
mount -t tmpfs -o mode=1777 tmpfs /tmp                      # PrivateTmp=yes
mount --bind "$state_dir" "$state_dir"                      # StateDirectory= stays writable ...
mount -o remount,bind,ro /                                  # ... under ProtectSystem=strict
for d in /home /root /run/user; do                          # ProtectHome=yes
  if [ -d "$d" ]; then mount -t tmpfs -o ro,mode=000 tmpfs "$d"; fi
done
mount --bind /proc /proc
mount -o remount,bind,ro /proc                              # ReadOnlyPaths=/proc
umask 0077                                                  # UMask=0077
exec "$@"
