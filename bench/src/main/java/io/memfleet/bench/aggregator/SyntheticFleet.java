package io.memfleet.bench.aggregator;

import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records from synthetic hosts, as a collector would send them: every pass, one ProcessSample per
 * process and a closing HostHeartbeat, {@code seq} contiguous per host. A process's full mapping
 * list goes with its first sample and whenever its mapping set changed (on {@code changeFraction}
 * of the later samples); other samples carry the digest only. Pure and deterministic: the same
 * seed and sizes give the same records, whatever order hosts and passes are asked for in.
 *
 * @param seed           everything random derives from it
 * @param hostPrefix     host ids are this prefix and a number-derived hex suffix
 * @param hosts          number of hosts
 * @param processes      processes per host
 * @param mappings       mappings per process (its full list)
 * @param changeFraction share of samples after the first whose mapping set changed, 0 … 1
 * @param start          {@code sampledAt} of pass 0, epoch ms
 * @param intervalMs     time between two passes
 */
record SyntheticFleet(long seed, String hostPrefix, int hosts, int processes, int mappings, double changeFraction,
                      long start, long intervalMs) {

    static final String COLLECTOR_VERSION = "bench";

    private static final String[] NAMES = {"java", "postgres", "nginx", "python3", "node", "sshd", "systemd",
        "containerd", "kubelet", "envoy", "redis-server", "bash", "chronyd", "rsyslogd", "dockerd", "etcd"};

    /** Shared libraries a synthetic process maps; each takes four mappings, as ld.so maps them. */
    private static final String[] LIBS = buildLibs();

    SyntheticFleet {
        if (hosts < 1 || processes < 1 || mappings < 8) {
            throw new IllegalArgumentException("need at least 1 host, 1 process and 8 mappings");
        }
        if (changeFraction < 0 || changeFraction > 1) {
            throw new IllegalArgumentException("change fraction must be within 0 … 1, was " + changeFraction);
        }
    }

    String hostId(int host) {
        return hostPrefix + String.format("%08x", (int) mix(seed, host, 0x40571d));
    }

    int pid(int process) {
        return 1000 + process * 7;
    }

    /** {@code sampledAt} of a pass: the host's collector runs a little after the pass boundary. */
    long sampledAt(int host, int pass) {
        return start + pass * intervalMs + Math.floorMod(mix(seed, host, 0xa7), Math.max(1, intervalMs / 10));
    }

    /** Records of one host's pass: its samples in pid order, then the heartbeat. */
    List<SampleRecord> pass(int host, int pass) {
        List<SampleRecord> out = new ArrayList<>(processes + 1);
        String hostId = hostId(host);
        long at = sampledAt(host, pass);
        long seq = (long) pass * (processes + 1);
        for (int p = 0; p < processes; p++) {
            out.add(sample(hostId, host, p, pass, at, ++seq));
        }
        out.add(new HostHeartbeat(runId(host), ++seq, hostId, "host-" + host, bootId(host), COLLECTOR_VERSION, at,
                intervalMs, processes, 0, 0, 0, 5, processes + 1L, 0, 0, 0, null));
        return out;
    }

    /** Samples a pass carries its full mapping list in: every one in pass 0, then the changed ones. */
    int fullListsIn(int host, int pass) {
        int n = 0;
        for (int p = 0; p < processes; p++) {
            if (pass == 0 || changed(host, p, pass)) {
                n++;
            }
        }
        return n;
    }

    boolean changed(int host, int process, int pass) {
        if (pass == 0) {
            return false;
        }
        long r = mix(seed, host, process * 1_000_003L + pass) >>> 11;
        return r < changeFraction * (1L << 53);
    }

    /** The process's mapping generation at a pass: how many times its mapping set changed so far. */
    int generation(int host, int process, int pass) {
        if (changeFraction == 0) {
            return 0;
        }
        int g = 0;
        for (int k = 1; k <= pass; k++) {
            if (changed(host, process, k)) {
                g++;
            }
        }
        return g;
    }

    private ProcessSample sample(String hostId, int host, int process, int pass, long at, long seq) {
        long r = mix(seed, host, process);
        boolean full = pass == 0 || changed(host, process, pass);
        int generation = generation(host, process, pass);
        long rss = 20_000 + Math.floorMod(r, 2_000_000) + Math.floorMod(mix(r, pass, 1), 4_096);
        long size = rss * 4 + 100_000;
        List<Mapping> list = full ? mappingList(r, generation) : null;
        return new ProcessSample(runId(host), seq, hostId, bootId(host), pid(process), 5_000 + process * 13L, 1,
                NAMES[(int) Math.floorMod(r, NAMES.length)], Math.floorMod(r >>> 8, 3) == 0 ? 0 : 1000, "S",
                1 + (int) Math.floorMod(r >>> 16, 64), at, size + 4_096, size, 0L, 0L, rss + 1_024, rss,
                rss * 3 / 4, rss / 4 - 100, 100L, size / 2, 132L, 2_048L, 40_000L, 100 + rss / 512, 0L, mappings,
                digest(r, generation), list, null, null);
    }

    /**
     * A plausible /proc/pid/maps: the executable, libraries four mappings each, the heap, anonymous
     * regions, stack and the kernel's pages. A new generation moves one anonymous region.
     */
    List<Mapping> mappingList(long processRandom, int generation) {
        List<Mapping> out = new ArrayList<>(mappings);
        long address = 0x55_0000_0000L + (Math.floorMod(processRandom, 0x1000) << 24);
        int fixedTail = 4; // stack, vvar, vdso, vsyscall
        String exe = "/usr/bin/" + NAMES[(int) Math.floorMod(processRandom, NAMES.length)];
        address = addFile(out, address, exe, 1_000 + Math.floorMod(processRandom, 100_000));
        out.add(Mapping.of(address, address + 0x21000, "rw-p", 0, "00:00", 0, "[heap]"));
        address = 0x7f00_0000_0000L + (Math.floorMod(processRandom >>> 12, 0x1000) << 28);
        int lib = (int) Math.floorMod(processRandom >>> 20, LIBS.length);
        int anon = 0;
        while (out.size() + fixedTail < mappings) {
            if (out.size() + fixedTail + 4 <= mappings && anon % 3 != 2) {
                address = addFile(out, address, LIBS[lib], 2_000 + lib);
                lib = (lib + 1) % LIBS.length;
            } else {
                // A fixed stride, so a resized region changes that mapping only, not the ones after it.
                long grown = anon == 3 * (generation % 7) + 2 ? 0x1000L * (1 + generation % 64) : 0;
                out.add(Mapping.of(address, address + 0x40_000 + grown, "rw-p", 0, "00:00", 0, ""));
                address += 0x90_000;
            }
            anon++;
        }
        long stack = 0x7ffc_0000_0000L + (Math.floorMod(processRandom, 0x1000) << 16);
        out.add(Mapping.of(stack, stack + 0x21000, "rw-p", 0, "00:00", 0, "[stack]"));
        out.add(Mapping.of(stack + 0x40000, stack + 0x44000, "r--p", 0, "00:00", 0, "[vvar]"));
        out.add(Mapping.of(stack + 0x44000, stack + 0x46000, "r-xp", 0, "00:00", 0, "[vdso]"));
        out.add(Mapping.of(0xffffffffff600000L, 0xffffffffff601000L, "--xp", 0, "00:00", 0, "[vsyscall]"));
        return out;
    }

    private static long addFile(List<Mapping> out, long address, String path, long inode) {
        String[] perms = {"r--p", "r-xp", "r--p", "rw-p"};
        long offset = 0;
        for (String perm : perms) {
            long size = perm.equals("r-xp") ? 0x15_000 : 0x3_000;
            out.add(Mapping.of(address, address + size, perm, offset, "fd:01", inode, path));
            address += size;
            offset += size;
        }
        return address + 0x1000;
    }

    private static String digest(long processRandom, int generation) {
        StringBuilder hex = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%016x", mix(processRandom, generation, i)));
        }
        return hex.toString();
    }

    private String runId(int host) {
        return String.format("run-%016x", mix(seed, host, 0x2));
    }

    private String bootId(int host) {
        return String.format("boot-%016x", mix(seed, host, 0x3));
    }

    /** SplitMix64 finaliser over three inputs: a stable, well-spread hash. */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String[] buildLibs() {
        String[] base = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "libz.so.1", "libssl.so.3",
            "libcrypto.so.3", "libstdc++.so.6", "libgcc_s.so.1", "libsystemd.so.0", "liblzma.so.5", "libzstd.so.1",
            "libpcre2-8.so.0", "libselinux.so.1", "libcap.so.2", "libgcrypt.so.20", "libresolv.so.2",
            "libnss_files.so.2", "libffi.so.8", "libexpat.so.1"};
        String[] out = new String[base.length * 3];
        for (int i = 0; i < out.length; i++) {
            String dir = i < base.length ? "/usr/lib/x86_64-linux-gnu/" : i < 2 * base.length
                    ? "/usr/lib/jvm/java-17-openjdk-amd64/lib/" : "/opt/app/lib/";
            out[i] = dir + base[i % base.length];
        }
        return out;
    }
}
