#!/usr/bin/env bash
# Checks of the collector's systemd unit and installer; exits non-zero if any fails.
#
#   deploy/test-unit.sh                   static checks (any user; the install.sh check needs root)
#   deploy/test-unit.sh --run H:P         also run the installed collector once against Kafka at
#                                         H:P the way the unit would, as far as possible without a
#                                         running systemd (root; after deploy/install.sh --no-start)
#
# Static checks:
#   1. shellcheck of install.sh, this script and test/sandbox-mounts.sh
#   2. systemd-analyze verify of the unit: no output allowed (it exits 0 on unknown keys)
#   3. systemd-analyze security --offline: overall exposure <= MAX_EXPOSURE (2.5)
#   4. the settings the collector cannot work without are still there (a better score must not
#      come from hiding /proc or dropping CAP_SYS_PTRACE)
#   5. install.sh into a scratch root: idempotent, never overwrites collector.properties, and
#      --uninstall / --purge remove what they say (root; needs a built collector/target)
# --run:
#   6. the collector as user memfleet with no capabilities, then with the unit's
#      (CAP_SYS_PTRACE ambient + bounding, no_new_privs): "unreadable" must drop
#   7. the same inside the unit's sandbox emulated: mount namespace (ProtectSystem=strict,
#      ProtectHome, PrivateTmp, read-only /proc), the unit's seccomp filter (python3-seccomp)
#   8. under that filter ptrace(ATTACH) and process_vm_readv of another user's process fail
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
repo="$(dirname "$here")"
unit="$here/systemd/memfleet-collector.service"
max_exposure="${MAX_EXPOSURE:-2.5}"
run_bootstrap=""
jar_dir="${JAR_DIR:-$repo/collector/target}"

while [ $# -gt 0 ]; do
  case "$1" in
    --run) [ $# -ge 2 ] || { echo "--run needs host:port" >&2; exit 2; }; run_bootstrap="$2"; shift 2 ;;
    --jar-dir) [ $# -ge 2 ] || { echo "--jar-dir needs a directory" >&2; exit 2; }; jar_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

failures=0
ok() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'skip  %s\n' "$*"; }
indent() { sed 's/^/        /'; }

scratch="$(mktemp -d)"
sleeper=""
test_spool=""
cleanup() {
  if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null || true; fi
  if [ -n "$test_spool" ]; then rm -rf "$test_spool"; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# --- 1. shellcheck ----------------------------------------------------------------------------
if command -v shellcheck >/dev/null 2>&1; then
  if out="$(shellcheck "$here/install.sh" "$here/test-unit.sh" "$here/test/sandbox-mounts.sh" 2>&1)"; then
    ok "shellcheck install.sh test-unit.sh test/sandbox-mounts.sh"
  else
    fail "shellcheck:"; echo "$out" | indent
  fi
else
  fail "shellcheck is not installed (Debian: apt-get install shellcheck)"
fi

command -v systemd-analyze >/dev/null 2>&1 || { fail "systemd-analyze is not installed (Debian: apt-get install systemd)"; exit 1; }

# --- 2. systemd-analyze verify ----------------------------------------------------------------
# verify also checks that ExecStart='s binary is executable. Where /usr/bin/java is missing (a
# build machine with a JDK elsewhere), a copy with this machine's java is verified instead.
verify_copy="$scratch/verify/memfleet-collector.service"
mkdir -p "$(dirname "$verify_copy")"
java_here="$(command -v java || true)"
if [ -x /usr/bin/java ]; then
  cp "$unit" "$verify_copy"; note="ExecStart=/usr/bin/java exists"
elif [ -n "$java_here" ]; then
  sed "s|^ExecStart=/usr/bin/java |ExecStart=$java_here |" "$unit" >"$verify_copy"; note="verified with ExecStart=$java_here: /usr/bin/java is missing here"
else
  sed "s|^ExecStart=/usr/bin/java |ExecStart=/bin/true |" "$unit" >"$verify_copy"; note="verified with ExecStart=/bin/true: no java on this machine"
fi
if out="$(systemd-analyze verify "$verify_copy" 2>&1)" && [ -z "$out" ]; then
  ok "systemd-analyze verify: no warnings ($note)"
else
  fail "systemd-analyze verify ($note):"; echo "$out" | indent
fi

# --- 3. security exposure -------------------------------------------------------------------
security="$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1 || true)"
score="$(printf '%s\n' "$security" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
if [ -z "$score" ]; then
  fail "systemd-analyze security gave no score:"; echo "$security" | indent
elif awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'; then
  ok "systemd-analyze security --offline=true: exposure $score <= $max_exposure; what remains:"
  printf '%s\n' "$security" | grep '✗' | sed 's/  \+/  /g' | indent
else
  fail "systemd-analyze security: exposure $score > $max_exposure:"
  printf '%s\n' "$security" | grep -E '✗|Overall' | indent
fi

# --- 4. what the collector needs ----------------------------------------------------------------
need() { # need KEY=VALUE: the unit sets exactly this
  if grep -qx "$1" "$unit"; then ok "unit has $1"; else fail "unit lacks $1 ($2)"; fi
}
need_not() { # need_not REGEX WHY
  if grep -Eq "$1" "$unit"; then fail "unit must not match /$1/ ($2)"; else ok "unit has no $1"; fi
}
need "AmbientCapabilities=CAP_SYS_PTRACE" "reading other users' /proc/<pid>/maps needs it"
need "CapabilityBoundingSet=CAP_SYS_PTRACE" "and nothing else"
need "ProtectProc=default" "other users' /proc/<pid> must be visible"
need "ProcSubset=all" "/proc/sys/kernel/hostname and random/boot_id give the host identity"
need "StateDirectory=memfleet-collector" "the spool lives there"
need "User=memfleet" "the unprivileged service user"
need_not '^PrivateUsers=(yes|true|1|on|self|identity)' "capabilities in a user namespace of its own do not count for host processes"
need_not '^MemoryDenyWriteExecute=(yes|true|1|on)' "the JVM's JIT needs W+X memory"
need_not '^(PrivateNetwork|IPAddressDeny)=(yes|true|1|on|any)$' "it must reach Kafka"
need_not '^(AmbientCapabilities|CapabilityBoundingSet)=.*CAP_DAC_' "no DAC override: it would expose every file and, with CAP_SYS_PTRACE, /proc/<pid>/mem"

# --- 5. install.sh into a scratch root ----------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
  skip "install.sh into a scratch root: needs root"
elif [ ! -f "$jar_dir/memfleet-collector.jar" ]; then
  skip "install.sh into a scratch root: no $jar_dir/memfleet-collector.jar (build it, or --jar-dir DIR)"
else
  root="$scratch/root"
  mkdir -p "$root/etc"
  for f in passwd group shadow gshadow; do if [ -f "/etc/$f" ]; then cp -p "/etc/$f" "$root/etc/"; fi; done
  log="$scratch/install.log"
  if "$here/install.sh" --root "$root" --jar-dir "$jar_dir" --bootstrap-servers kafka-a:9092 >"$log" 2>&1; then
    conf="$root/etc/memfleet/collector.properties"
    mode="$(stat -c '%a %U' "$conf" 2>/dev/null || true)"
    if [ -f "$root/opt/memfleet/collector/memfleet-collector.jar" ] && [ -f "$root/etc/systemd/system/memfleet-collector.service" ] \
       && grep -qx 'bootstrap.servers=kafka-a:9092' "$conf" && [ "$mode" = "640 root" ]; then
      ok "install.sh --root: jar, unit and collector.properties (0640, bootstrap.servers filled in) installed"
    else
      fail "install.sh --root: something is missing (collector.properties: ${mode:-absent}):"; indent <"$log"
    fi
    echo "# local edit" >>"$conf"
    if "$here/install.sh" --root "$root" --jar-dir "$jar_dir" --bootstrap-servers kafka-b:9092 >"$log" 2>&1 \
       && grep -qx '# local edit' "$conf" && grep -qx 'bootstrap.servers=kafka-a:9092' "$conf"; then
      ok "install.sh --root again: succeeds and keeps the edited collector.properties"
    else
      fail "install.sh --root again:"; indent <"$log"
    fi
    "$here/install.sh" --root "$root" --uninstall >"$log" 2>&1 || true
    if [ ! -e "$root/opt/memfleet/collector" ] && [ ! -e "$root/etc/systemd/system/memfleet-collector.service" ] && [ -f "$conf" ]; then
      ok "install.sh --uninstall: program and unit gone, configuration kept"
    else
      fail "install.sh --uninstall:"; indent <"$log"
    fi
    "$here/install.sh" --root "$root" --uninstall --purge >"$log" 2>&1 || true
    left="$(find "$root" -path '*memfleet*' ! -path "$root/etc/sysusers.d" | head -5)"
    if [ -z "$left" ]; then ok "install.sh --uninstall --purge: nothing left"; else fail "install.sh --uninstall --purge left: $left"; fi
  else
    fail "install.sh --root failed:"; indent <"$log"
  fi
fi

# --- 6-8. run the installed collector the way the unit does -----------------------------------
passline() { # the "Pass: N processes sampled, U unreadable" numbers of a collector log, as "N U"
  sed -n 's/.*Pass: \([0-9]*\) processes sampled, \([0-9]*\) unreadable.*/\1 \2/p' "$1" | tail -1
}
if [ -n "$run_bootstrap" ]; then
  jar=/opt/memfleet/collector/memfleet-collector.jar
  state=/var/lib/memfleet-collector
  if [ "$(id -u)" -ne 0 ]; then
    fail "--run needs root"
  elif [ ! -f "$jar" ] || [ ! -f /etc/memfleet/collector-jvm.options ] || ! getent passwd memfleet >/dev/null; then
    fail "--run: the collector is not installed: deploy/install.sh --no-start --bootstrap-servers $run_bootstrap first"
  else
    # What systemd does for StateDirectory= and the environment it passes.
    install -d -o memfleet -g memfleet -m 0700 "$state"
    envs=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin "STATE_DIRECTORY=$state" MALLOC_ARENA_MAX=2)
    # A spool of its own, inside the state directory (writable in the sandbox): a running
    # service's spool is not touched.
    test_spool="$state/test-unit-spool-$$"
    java_cmd=(/usr/bin/java @/etc/memfleet/collector-jvm.options -jar "$jar" --config /etc/memfleet/collector.properties
              --bootstrap-servers "$run_bootstrap" --spool-dir "$test_spool" --once)
    as_user=(setpriv --reuid=memfleet --regid=memfleet --init-groups --no-new-privs)
    no_caps=(--inh-caps=-all --bounding-set=-all)
    unit_caps=('--inh-caps=-all,+sys_ptrace' '--ambient-caps=-all,+sys_ptrace' '--bounding-set=-all,+sys_ptrace')

    (cd "$state" && umask 0077 && "${envs[@]}" "${as_user[@]}" "${no_caps[@]}" "${java_cmd[@]}" --host-id "test-unit-nocaps-$$") >"$scratch/nocaps.log" 2>&1 || true
    (cd "$state" && umask 0077 && "${envs[@]}" "${as_user[@]}" "${unit_caps[@]}" "${java_cmd[@]}" --host-id "test-unit-caps-$$") >"$scratch/caps.log" 2>&1 || true
    read -r seen0 unread0 <<<"$(passline "$scratch/nocaps.log")" || true
    read -r seen1 unread1 <<<"$(passline "$scratch/caps.log")" || true
    if [ -z "${unread0:-}" ] || [ -z "${unread1:-}" ]; then
      fail "collector --once as memfleet did not complete a pass:"; tail -5 "$scratch/nocaps.log" "$scratch/caps.log" | indent
    elif [ "$unread1" -lt "$unread0" ]; then
      ok "as memfleet without capabilities: $seen0 processes read, $unread0 unreadable; with CAP_SYS_PTRACE: $seen1 read, $unread1 unreadable"
    else
      fail "CAP_SYS_PTRACE did not help: without $unread0 unreadable, with $unread1"
    fi

    if ! command -v unshare >/dev/null || ! /usr/bin/python3 -c 'import seccomp' 2>/dev/null; then
      skip "sandbox emulation: needs unshare and python3-seccomp (apt-get install python3-seccomp)"
    else
      sandbox=(unshare -m --propagation private "$here/test/sandbox-mounts.sh" "$state")
      filter=(/usr/bin/python3 "$here/test/seccomp-exec.py" "$unit")
      # The helper scripts must be visible inside the sandbox: not under /tmp, /home or /root.
      case "$here" in /tmp/*|/home/*|/root/*) skip "sandbox emulation: $here is hidden by the sandbox (PrivateTmp/ProtectHome); copy deploy/ elsewhere" ;;
      *)
        (cd "$state" && "${sandbox[@]}" "${envs[@]}" "${as_user[@]}" "${unit_caps[@]}" "${filter[@]}" "${java_cmd[@]}" --host-id "test-unit-sandbox-$$") >"$scratch/sandbox.log" 2>&1 \
          && rc=0 || rc=$?
        read -r seen2 unread2 <<<"$(passline "$scratch/sandbox.log")" || true
        if [ "$rc" -eq 0 ] && [ -n "${unread2:-}" ] && [ "$unread2" -le "$unread1" ]; then
          ok "in the emulated sandbox (read-only /, /proc; PrivateTmp; ProtectHome; seccomp filter): exit 0, $seen2 processes read, $unread2 unreadable"
        else
          fail "collector in the emulated sandbox (exit $rc):"; tail -8 "$scratch/sandbox.log" | indent
        fi
        setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups sleep 120 &
        sleeper=$!
        sleep 0.5
        probe='import ctypes, errno, sys
pid = int(sys.argv[1]); libc = ctypes.CDLL(None, use_errno=True)
class iovec(ctypes.Structure): _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
addr = next(int(l.split("-")[0], 16) for l in open("/proc/%d/maps" % pid) if "[stack]" in l)
buf = ctypes.create_string_buffer(8); local = iovec(ctypes.cast(buf, ctypes.c_void_p), 8); remote = iovec(addr, 8)
r1 = libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0); e1 = ctypes.get_errno()
r2 = libc.ptrace(16, pid, None, None); e2 = ctypes.get_errno()
if r2 == 0: libc.ptrace(17, pid, None, None)
print("maps=readable process_vm_readv=%s ptrace_attach=%s" % ("ok" if r1 >= 0 else errno.errorcode[e1], "ok" if r2 == 0 else errno.errorcode[e2]))'
        got="$("${as_user[@]}" "${unit_caps[@]}" "${filter[@]}" /usr/bin/python3 -c "$probe" "$sleeper" 2>/dev/null || true)"
        if [ "$got" = "maps=readable process_vm_readv=EPERM ptrace_attach=EPERM" ]; then
          ok "under the unit's filter, CAP_SYS_PTRACE reads another user's maps but cannot ptrace or process_vm_readv it"
        else
          fail "ptrace probe under the unit's filter gave: ${got:-nothing}"
        fi
        ;;
      esac
    fi
  fi
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
