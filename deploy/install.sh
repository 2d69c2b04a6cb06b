#!/usr/bin/env bash
# Install (or remove) the memfleet collector as a systemd service on this host. Run as root.
#
#   deploy/install.sh [--jar-dir DIR] [--bootstrap-servers H:P[,H:P]] [--java PATH] [--no-start]
#   deploy/install.sh --uninstall [--purge]
#
# Idempotent: run it again to upgrade. What goes where:
#   /opt/memfleet/collector/                  memfleet-collector.jar + lib/   (replaced each run)
#   /etc/memfleet/collector.properties        the configuration               (created once, never overwritten)
#   /etc/memfleet/collector.properties.example                                (refreshed each run)
#   /etc/memfleet/collector-jvm.options       the JVM's flags (@argfile)      (created once; a newer one
#                                                                              is left beside it as .new)
#   /etc/systemd/system/memfleet-collector.service                            (replaced each run)
#   /etc/sysusers.d/memfleet.conf             the 'memfleet' system user
#   /var/lib/memfleet-collector/              the spool (created by systemd: StateDirectory=)
set -euo pipefail

readonly UNIT=memfleet-collector.service
readonly APP_DIR=/opt/memfleet/collector
readonly CONF_DIR=/etc/memfleet
readonly UNIT_DIR=/etc/systemd/system
readonly SYSUSERS_DIR=/etc/sysusers.d
readonly STATE_DIR=/var/lib/memfleet-collector
readonly SERVICE_USER=memfleet
readonly DEFAULT_JAVA=/usr/bin/java

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
root=""            # --root: install into another file system tree (images, tests); never touches systemd
jar_dir=""
bootstrap=""
java_bin=""
no_start=false
action=install
purge=false

say() { printf 'install.sh: %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: $0 [OPTIONS]             install or upgrade the memfleet collector service (as root)
       $0 --uninstall [--purge] remove it

Options:
  --jar-dir DIR              take memfleet-collector.jar and lib/ from DIR instead of building
                             them from this source tree (mvn -B -q -DskipTests package -pl collector -am)
  --bootstrap-servers H:P    Kafka brokers written into a NEW /etc/memfleet/collector.properties
                             (an existing one is never changed)
  --java PATH                the java (17 or newer) to run, if not $DEFAULT_JAVA (written as a drop-in)
  --no-start                 install and enable, but do not (re)start the service
  --uninstall                stop, disable and remove the service and /opt/memfleet/collector; keeps
                             the configuration, the spool and the user
  --purge                    with --uninstall: also remove the configuration and the spool
  --root DIR                 install into the file system tree DIR (an image, a test); does not
                             create the user or talk to systemd
  -h, --help                 this text
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --jar-dir) [ $# -ge 2 ] || die "--jar-dir needs a directory"; jar_dir="$2"; shift 2 ;;
    --jar-dir=*) jar_dir="${1#*=}"; shift ;;
    --bootstrap-servers) [ $# -ge 2 ] || die "--bootstrap-servers needs host:port[,host:port...]"; bootstrap="$2"; shift 2 ;;
    --bootstrap-servers=*) bootstrap="${1#*=}"; shift ;;
    --java) [ $# -ge 2 ] || die "--java needs the path of a java binary"; java_bin="$2"; shift 2 ;;
    --java=*) java_bin="${1#*=}"; shift ;;
    --no-start) no_start=true; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=true; shift ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root="$2"; shift 2 ;;
    --root=*) root="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run me as root (sudo $0 ...)"
if [ -n "$root" ]; then
  [ -d "$root" ] || die "--root $root: no such directory"
  root="$(cd "$root" && pwd)"
  [ "$root" != / ] || root=""
fi
$purge && [ "$action" != uninstall ] && die "--purge goes with --uninstall"
hostport_list='^[^,[:space:]]+:[0-9]+(,[^,[:space:]]+:[0-9]+)*$'
if [ -n "$bootstrap" ] && ! [[ "$bootstrap" =~ $hostport_list ]]; then
  die "--bootstrap-servers '$bootstrap' is not host:port[,host:port...]"
fi

# systemd manages this boot (sd_booted(3): /run/systemd/system exists) and is PID 1 here, i.e.
# not a container or chroot whose PID 1 is something else.
systemd_running() {
  [ -z "$root" ] && [ -d /run/systemd/system ] && [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]
}

# Runs systemctl, or says what it would run when there is no systemd to talk to.
sysctl_or_say() {
  if systemd_running; then
    say "systemctl $*"
    systemctl "$@"
  else
    say "($(why_no_systemctl): would run 'systemctl $*')"
  fi
}

why_no_systemctl() {
  if [ -n "$root" ]; then echo "--root: not talking to this host's systemd"; else echo "no systemd running as PID 1"; fi
}

group_id() { # the memfleet group's id in the target tree, empty if it does not exist
  if [ -z "$root" ]; then
    getent group "$SERVICE_USER" | cut -d: -f3
  elif [ -f "$root/etc/group" ]; then
    awk -F: -v g="$SERVICE_USER" '$1 == g { print $3 }' "$root/etc/group"
  fi
}

java_major() { # "17" for a Java 17; empty if it cannot tell
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

uninstall() {
  if systemd_running && systemctl cat "$UNIT" >/dev/null 2>&1; then
    sysctl_or_say disable --now "$UNIT"
  elif ! systemd_running; then
    say "($(why_no_systemctl): would run 'systemctl disable --now $UNIT')"
  fi
  rm -f "$root$UNIT_DIR/$UNIT"
  rm -rf "$root$UNIT_DIR/$UNIT.d"
  say "removed $UNIT_DIR/$UNIT"
  sysctl_or_say daemon-reload
  rm -rf "$root$APP_DIR" "$root$APP_DIR.new" "$root$APP_DIR.old"
  rmdir "$root/opt/memfleet" 2>/dev/null || true
  say "removed $APP_DIR"
  if $purge; then
    rm -f "$root$CONF_DIR/collector.properties" "$root$CONF_DIR/collector.properties.example" \
      "$root$CONF_DIR/collector-jvm.options" "$root$CONF_DIR/collector-jvm.options.new"
    rmdir "$root$CONF_DIR" 2>/dev/null || true
    rm -rf "$root$STATE_DIR" "$root/var/lib/private/memfleet-collector"
    rm -f "$root$SYSUSERS_DIR/memfleet.conf"
    say "purged $CONF_DIR/collector.properties, $CONF_DIR/collector-jvm.options and the spool $STATE_DIR"
    say "the system user '$SERVICE_USER' is kept (its uid must not be reused by accident); 'userdel $SERVICE_USER' removes it"
  else
    say "kept $CONF_DIR/collector.properties, $CONF_DIR/collector-jvm.options, the spool $STATE_DIR and the user '$SERVICE_USER' (--purge removes all but the user)"
  fi
}

if [ "$action" = uninstall ]; then
  uninstall
  exit 0
fi

# --- 1. What to install -------------------------------------------------------------------------
[ -f "$here/systemd/$UNIT" ] || die "$here/systemd/$UNIT is missing: run me from the memfleet source tree or a release's deploy/ folder"
[ -f "$here/collector.properties.example" ] || die "$here/collector.properties.example is missing"

java_bin="${java_bin:-$DEFAULT_JAVA}"
[ -x "$java_bin" ] || die "$java_bin not found or not executable: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless) or pass --java PATH"
major="$(java_major "$java_bin")"
[ "${major:-0}" -ge 17 ] 2>/dev/null || die "$java_bin is Java ${major:-of an unknown version}; the collector needs Java 17 or newer"

if [ -z "$jar_dir" ]; then
  if [ ! -f "$repo/pom.xml" ] || [ ! -d "$repo/collector" ]; then
    die "no --jar-dir given and $repo is not the memfleet source tree to build from"
  fi
  command -v mvn >/dev/null 2>&1 || die "no --jar-dir given and Maven is not installed to build the collector (Debian: apt-get install maven)"
  say "building the collector in $repo (mvn -B -q -DskipTests package -pl collector -am)..."
  (cd "$repo" && mvn -B -q -DskipTests package -pl collector -am) || die "build failed; run 'mvn -B -DskipTests package -pl collector -am' in $repo to see why"
  jar_dir="$repo/collector/target"
fi
jar_dir="$(cd "$jar_dir" 2>/dev/null && pwd)" || die "--jar-dir: no such directory"
[ -f "$jar_dir/memfleet-collector.jar" ] || die "$jar_dir/memfleet-collector.jar is missing"
compgen -G "$jar_dir/lib/*.jar" >/dev/null || die "$jar_dir/lib/ holds no jars: the collector's dependencies belong there"

jvm_options_src="$here/collector-jvm.options"
if [ ! -f "$jvm_options_src" ] && [ ! -f "$root$CONF_DIR/collector-jvm.options" ]; then
  die "$jvm_options_src is missing and $CONF_DIR/collector-jvm.options does not exist: java would not start without its @argfile"
fi

# --- 2. The service user ------------------------------------------------------------------------
install -d -m 0755 "$root$SYSUSERS_DIR"
install -m 0644 "$here/sysusers.d/memfleet.conf" "$root$SYSUSERS_DIR/memfleet.conf"
if [ -n "$root" ]; then
  if command -v systemd-sysusers >/dev/null 2>&1 && [ -f "$root/etc/passwd" ]; then
    systemd-sysusers --root="$root" "$root$SYSUSERS_DIR/memfleet.conf"
  else
    say "the user '$SERVICE_USER' is created at first boot of $root by systemd-sysusers ($SYSUSERS_DIR/memfleet.conf)"
  fi
elif getent passwd "$SERVICE_USER" >/dev/null; then
  say "system user '$SERVICE_USER' exists"
elif command -v systemd-sysusers >/dev/null 2>&1; then
  systemd-sysusers "$SYSUSERS_DIR/memfleet.conf"
  say "created system user '$SERVICE_USER' (systemd-sysusers)"
else
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --comment "memfleet collector" "$SERVICE_USER"
  say "created system user '$SERVICE_USER' (useradd)"
fi
gid="$(group_id)"
[ -n "$gid" ] || [ -n "$root" ] || die "the group '$SERVICE_USER' does not exist after creating the user"

# --- 3. The program: replaced as a whole, root-owned (the service must not change its own code) --
install -d -m 0755 "$root/opt/memfleet"
rm -rf "$root$APP_DIR.new" "$root$APP_DIR.old"
install -d -m 0755 "$root$APP_DIR.new/lib"
install -m 0644 "$jar_dir/memfleet-collector.jar" "$root$APP_DIR.new/memfleet-collector.jar"
install -m 0644 "$jar_dir"/lib/*.jar "$root$APP_DIR.new/lib/"
if [ -d "$root$APP_DIR" ]; then
  mv "$root$APP_DIR" "$root$APP_DIR.old"
fi
mv "$root$APP_DIR.new" "$root$APP_DIR"
rm -rf "$root$APP_DIR.old"
say "installed $APP_DIR/memfleet-collector.jar and $(find "$root$APP_DIR/lib" -name '*.jar' | wc -l) jars in $APP_DIR/lib (from $jar_dir)"

# --- 4. Configuration ---------------------------------------------------------------------------
install -d -m 0755 "$root$CONF_DIR"
install -m 0644 "$here/collector.properties.example" "$root$CONF_DIR/collector.properties.example"
config="$root$CONF_DIR/collector.properties"
if [ -f "$config" ]; then
  say "kept the existing $CONF_DIR/collector.properties"
  [ -z "$bootstrap" ] || warn "--bootstrap-servers ignored: $CONF_DIR/collector.properties exists and is never overwritten; edit it"
else
  tmp="$(mktemp "$root$CONF_DIR/.collector.properties.XXXXXX")"
  if [ -n "$bootstrap" ]; then
    sed "s|^bootstrap\.servers=.*|bootstrap.servers=$bootstrap|" "$here/collector.properties.example" >"$tmp"
  else
    cat "$here/collector.properties.example" >"$tmp"
  fi
  # root:memfleet 0640: readable by the service, not by other users (SASL passwords, key store passwords).
  chmod 0640 "$tmp"
  chown "0:${gid:-0}" "$tmp"
  mv "$tmp" "$config"
  say "created $CONF_DIR/collector.properties (root:$SERVICE_USER 0640)"
fi

jvm_options="$root$CONF_DIR/collector-jvm.options"
if [ -f "$jvm_options_src" ]; then
  if [ ! -f "$jvm_options" ]; then
    install -m 0644 "$jvm_options_src" "$jvm_options"
    say "created $CONF_DIR/collector-jvm.options"
  elif cmp -s "$jvm_options_src" "$jvm_options"; then
    rm -f "$jvm_options.new"
    say "kept $CONF_DIR/collector-jvm.options (unchanged)"
  else
    install -m 0644 "$jvm_options_src" "$jvm_options.new"
    warn "$CONF_DIR/collector-jvm.options differs from this release's; kept yours, the new one is $CONF_DIR/collector-jvm.options.new (diff them)"
  fi
fi

# --- 5. The unit --------------------------------------------------------------------------------
install -d -m 0755 "$root$UNIT_DIR"
install -m 0644 "$here/systemd/$UNIT" "$root$UNIT_DIR/$UNIT"
say "installed $UNIT_DIR/$UNIT"
dropin="$root$UNIT_DIR/$UNIT.d/10-java.conf"
if [ "$java_bin" != "$DEFAULT_JAVA" ]; then
  install -d -m 0755 "$(dirname "$dropin")"
  {
    echo "# Written by install.sh --java: the java to run."
    echo "[Service]"
    echo "ExecStart="
    sed -n "s|^ExecStart=$DEFAULT_JAVA |ExecStart=$java_bin |p" "$here/systemd/$UNIT"
  } >"$dropin"
  chmod 0644 "$dropin"
  say "installed $UNIT_DIR/$UNIT.d/10-java.conf (ExecStart with $java_bin)"
elif [ -f "$dropin" ]; then
  rm -f "$dropin"
  rmdir "$(dirname "$dropin")" 2>/dev/null || true
  say "removed $UNIT_DIR/$UNIT.d/10-java.conf (back to $DEFAULT_JAVA)"
fi
if [ -z "$root" ] && command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify "$UNIT_DIR/$UNIT" || warn "systemd-analyze verify $UNIT_DIR/$UNIT reported the problems above"
fi

# --- 6. systemd -------------------------------------------------------------------------------
if [ -n "$root" ]; then
  say "installed into $root; enable it there with 'systemctl --root=$root enable $UNIT'"
  exit 0
fi
sysctl_or_say daemon-reload
sysctl_or_say enable "$UNIT"
if grep -Eq '^[[:space:]]*bootstrap\.servers[[:space:]]*[=:].*example\.com' "$config"; then
  warn "$CONF_DIR/collector.properties still names the example brokers (example.com): not starting."
  say "set bootstrap.servers there (and kafka.* for TLS/SASL), then: systemctl restart $UNIT"
elif $no_start; then
  say "--no-start: start it with 'systemctl restart $UNIT'"
else
  sysctl_or_say restart "$UNIT"
  if systemd_running; then
    sleep 2
    if systemctl is-active --quiet "$UNIT"; then
      say "$UNIT is running; its log: journalctl -u $UNIT -f"
    else
      systemctl --no-pager status "$UNIT" || true
      die "$UNIT did not stay up; see journalctl -u $UNIT"
    fi
  fi
fi
say "done"
