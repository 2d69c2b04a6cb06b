#!/usr/bin/python3
"""seccomp-exec.py UNIT COMMAND [ARGS...]: load the system call filter that UNIT's
SystemCallFilter=, SystemCallErrorNumber=EPERM and SystemCallArchitectures=native lines describe,
then exec COMMAND. Lets deploy/test-unit.sh run the collector under the unit's filter on a host
without a running systemd. The groups (@system-service, ...) are expanded by systemd-analyze
itself, so the filter matches what this systemd version would install. Needs python3-seccomp
(Debian: apt-get install python3-seccomp) and no_new_privs or CAP_SYS_ADMIN to load the filter."""
import errno
import os
import re
import subprocess
import sys

import seccomp

ALWAYS_ALLOWED = {'execve', 'exit', 'exit_group', 'getrlimit', 'rt_sigreturn', 'sigreturn'}  # systemd.exec(5)


def expand(name, seen):
    if not name.startswith('@'):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    out = subprocess.run(['systemd-analyze', 'syscall-filter', name], check=True,
                         capture_output=True, text=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith('#'):
            calls |= expand(line, seen)
    return calls


def main():
    unit, command = sys.argv[1], sys.argv[2:]
    text = open(unit, encoding='utf-8').read()
    allow, deny = set(), set()
    for m in re.finditer(r'^SystemCallFilter=(~?)(.*)$', text, re.M):
        names = set().union(*(expand(n, set()) for n in m.group(2).split()))
        (deny if m.group(1) else allow).update(names)
    if not allow:
        sys.exit('seccomp-exec.py: %s has no SystemCallFilter= allow-list' % unit)
    if not re.search(r'^SystemCallErrorNumber=EPERM$', text, re.M):
        sys.exit('seccomp-exec.py: %s has no SystemCallErrorNumber=EPERM; this emulation assumes it' % unit)
    # Only the native architecture's syscalls are allowed (SystemCallArchitectures=native): a
    # libseccomp filter matches the native arch only, everything else gets the default action.
    f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(errno.EPERM))
    allowed = 0
    for name in sorted((allow - deny) | ALWAYS_ALLOWED):
        try:
            f.add_rule(seccomp.ALLOW, name)
            allowed += 1
        except (RuntimeError, ValueError, OSError):
            pass  # no such system call on this architecture
    sys.stderr.write('seccomp-exec.py: %d system calls allowed, the rest fail with EPERM\n' % allowed)
    f.load()
    os.execv(command[0], command)


if __name__ == '__main__':
    main()
