package io.memfleet.aggregator.detect.exec;

import static io.memfleet.aggregator.detect.exec.ExecFixtures.MINUTE;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.anon;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.file;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.minus;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.parse;
import static io.memfleet.aggregator.detect.exec.ExecFixtures.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.aggregator.detect.Finding;
import io.memfleet.aggregator.detect.exec.ExecFixtures.Process;
import io.memfleet.schema.AnomalyStatus;
import io.memfleet.schema.AnomalyType;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.Severity;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule on hand-made mapping sets, copied in layout from real processes. */
class ExecMappingDetectorTest {

    /** A plain C program: no JIT runtime. */
    static final List<Mapping> PLAIN = parse("""
            55a812037000-55a812038000 r--p 00000000 fe:00 2146581                    /usr/local/bin/app
            55a812038000-55a812039000 r-xp 00001000 fe:00 2146581                    /usr/local/bin/app
            55a812039000-55a81203a000 r--p 00002000 fe:00 2146581                    /usr/local/bin/app
            55a81203b000-55a81203c000 rw-p 00003000 fe:00 2146581                    /usr/local/bin/app
            55a8221e8000-55a822209000 rw-p 00000000 00:00 0                          [heap]
            7f1194cdf000-7f1194ce6000 rw-p 00000000 00:00 0
            7f1194ce6000-7f1194d0c000 r--p 00000000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1194d0c000-7f1194e62000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1194e62000-7f1194eb5000 r--p 0017c000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1194eb5000-7f1194eb9000 r--p 001cf000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1194eb9000-7f1194ebb000 rw-p 001d3000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
            7f1194ebb000-7f1194ec8000 rw-p 00000000 00:00 0
            7f1194ed3000-7f1194ed7000 r--p 00000000 00:00 0                          [vvar]
            7f1194ed9000-7f1194edb000 r-xp 00000000 00:00 0                          [vdso]
            7f1194edb000-7f1194edc000 r--p 00000000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
            7f1194edc000-7f1194f02000 r-xp 00001000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
            7f1194f0e000-7f1194f10000 rw-p 00033000 fe:00 338944                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
            7ffeeea7f000-7ffeeeaa0000 rw-p 00000000 00:00 0                          [stack]
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            """);

    static final List<Mapping> JVM = ExecFixtures.resource("jvm-sleeper.maps");

    static final long LEARNED = 11 * MINUTE;

    private final ExecMappingDetector detector = new ExecMappingDetector();

    private Process plain() {
        Process process = new Process(detector, 812, "app");
        assertThat(process.list(0, PLAIN)).isEmpty();
        assertThat(process.list(LEARNED, PLAIN)).isEmpty();
        return process;
    }

    private Process jvm() {
        Process process = new Process(detector, 3828, "java");
        assertThat(process.list(0, JVM)).isEmpty();
        assertThat(process.list(LEARNED, JVM)).isEmpty();
        return process;
    }

    private static Finding only(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Nested
    class Fileless {

        @Test
        void shouldFireOnAMemfdEvenWhenTheProcessIsFirstSeenWithIt() {
            Mapping memfd = Mapping.of(0x7f1194ed0000L, 0x7f1194ed1000L, "r-xs", 0, "00:01", 1025,
                    "/memfd:payload (deleted)");
            Process process = new Process(detector, 812, "python3");

            Finding finding = only(process.list(0, plus(PLAIN, memfd)));

            assertThat(finding.type()).isEqualTo(AnomalyType.FILELESS_EXEC);
            assertThat(finding.severity()).isEqualTo(Severity.HIGH);
            assertThat(finding.status()).isEqualTo(AnomalyStatus.FIRING);
            assertThat(finding.episode()).isEqualTo("7f1194ed0000 /memfd:payload (deleted)");
            assertThat(finding.summary()).isEqualTo("python3 (pid 812) is executing code from a memfd "
                    + "(/memfd:payload (deleted)), a file that exists only in memory.");
            assertThat(finding.evidence()).containsEntry("mapping",
                    "7f1194ed0000-7f1194ed1000 r-xs 00000000 00:01 1025                       /memfd:payload (deleted)")
                    .containsEntry("mainExecutable", "false")
                    .containsEntry("jitRuntime", "none recognised");
            assertThat(finding.evidence().get("rule")).startsWith("fileless.memfd: ");
        }

        @Test
        void shouldBeCriticalWhenTheMainExecutableIsAMemfd() {
            List<Mapping> maps = parse("""
                    55a812037000-55a812038000 r--p 00000000 00:01 1024                       /memfd:sealed-91 (deleted)
                    55a812038000-55a812039000 r-xp 00001000 00:01 1024                       /memfd:sealed-91 (deleted)
                    7f1194d0c000-7f1194e62000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
                    """);

            Finding finding = only(new Process(detector, 9, "memfd:sealed-91").list(0, maps));

            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.evidence()).containsEntry("mainExecutable", "true");
            assertThat(finding.summary()).contains("main executable that exists only in memory");
        }

        @Test
        void shouldFireOnADeletedLibraryAndSayWhenItIsAReplacedSystemFile() {
            Mapping dropped = file(0x7f1194eca000L, 0x7f1194ecc000L, "r-xp", "/tmp/x/gone.so (deleted)");
            Mapping upgraded = file(0x7f1194ecc000L, 0x7f1194ece000L, "r-xp", "/usr/lib/libssl.so.3 (deleted)");

            List<Finding> findings = new Process(detector, 812, "app").list(0, plus(PLAIN, dropped, upgraded));

            assertThat(findings).extracting(Finding::type).containsOnly(AnomalyType.FILELESS_EXEC);
            assertThat(findings).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.MEDIUM);
            assertThat(findings.get(0).summary())
                    .isEqualTo("app (pid 812) is executing code from /tmp/x/gone.so, a file deleted after it was mapped.");
            assertThat(findings.get(1).summary()).contains("replaced by a package upgrade");
        }

        @Test
        void shouldBeCriticalWhenTheMainExecutableWasDeletedOutsideSystemDirectories() {
            List<Mapping> maps = parse("""
                    55a812037000-55a812038000 r--p 00000000 fe:00 2146581                    /home/u/app (deleted)
                    55a812038000-55a812039000 r-xp 00001000 fe:00 2146581                    /home/u/app (deleted)
                    7f1194d0c000-7f1194e62000 r-xp 00026000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
                    """);

            Finding finding = only(new Process(detector, 9, "app").list(0, maps));

            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.summary()).isEqualTo("app (pid 9) is running from a deleted main executable, /home/u/app.");
        }

        @Test
        void shouldFireOnExecutableSystemVSharedMemory() {
            Mapping shm = Mapping.of(0x7f1194eca000L, 0x7f1194ecc000L, "r-xs", 0, "00:01", 32768,
                    "/SYSV00000000 (deleted)");

            Finding finding = only(new Process(detector, 812, "app").list(0, plus(PLAIN, shm)));

            assertThat(finding.type()).isEqualTo(AnomalyType.FILELESS_EXEC);
            assertThat(finding.evidence().get("rule")).startsWith("fileless.sysv");
        }

        @Test
        void shouldStillFireOnAMemfdInAJvm() {
            Process process = jvm();
            Mapping memfd = Mapping.of(0x7fe699bd6000L, 0x7fe699bd7000L, "r-xp", 0, "00:01", 77,
                    "/memfd:x (deleted)");

            Finding finding = only(process.list(LEARNED + MINUTE, plus(JVM, memfd)));

            assertThat(finding.type()).isEqualTo(AnomalyType.FILELESS_EXEC);
            assertThat(finding.evidence().get("jitRuntime")).startsWith("HotSpot, recognised by ")
                    .endsWith("/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so");
        }

        @Test
        void shouldNotFireOnWhatARecognisedRuntimeExecutesFromMemoryByDesign() {
            Mapping doubleMapped = Mapping.of(0x7f0000000000L, 0x7f0000010000L, "r-xs", 0, "00:01", 5,
                    "/memfd:doublemapper (deleted)");
            Mapping coreclr = file(0x7f1000000000L, 0x7f1000400000L, "r-xp",
                    "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.1/libcoreclr.so");
            Mapping zstd = file(0x7fe699bd6000L, 0x7fe699bd7000L, "r-xp",
                    "/tmp/libzstd-jni-1.5.7-179180599176507890235.so (deleted)");

            assertThat(new Process(detector, 1, "dotnet").list(0, plus(PLAIN, coreclr, doubleMapped))).isEmpty();
            assertThat(new Process(detector, 2, "java").list(0, plus(JVM, zstd))).isEmpty();
            // The same memfd without the runtime that explains it is fileless code.
            assertThat(new Process(detector, 3, "app").list(0, plus(PLAIN, doubleMapped)))
                    .extracting(Finding::type).containsExactly(AnomalyType.FILELESS_EXEC);
        }
    }

    @Nested
    class WriteExecute {

        @Test
        void shouldFireOnAnonymousRwxOutsideAJitRuntimeFromTheFirstList() {
            Mapping rwx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rwxp");

            Finding finding = only(new Process(detector, 812, "app").list(0, plus(PLAIN, rwx)));

            assertThat(finding.type()).isEqualTo(AnomalyType.WX_MAPPING);
            assertThat(finding.severity()).isEqualTo(Severity.HIGH);
            assertThat(finding.episode()).isEqualTo("7f1194ec8000");
            assertThat(finding.summary()).isEqualTo("app (pid 812) has 4 KiB of anonymous memory at 7f1194ec8000 that is "
                    + "both writable and executable, and no JIT runtime is loaded to explain it.");
            assertThat(finding.evidence()).containsEntry("mapping", "7f1194ec8000-7f1194ec9000 rwxp 00000000 00:00 0 ");
        }

        @Test
        void shouldNotFireOnTheCodeCacheOfAJvmFirstSeenWithIt() {
            // jvm-sleeper has three rwxp code cache regions: expected of HotSpot, not W+X to report.
            assertThat(new Process(detector, 3828, "java").list(0, JVM)).isEmpty();
        }

        @Test
        void shouldFireOnAWritableExecutableFileMappingEvenInAJvm() {
            Process process = jvm();
            Mapping patched = file(0x7fe699bd6000L, 0x7fe699bd7000L, "rwxp", "/usr/lib/x86_64-linux-gnu/libz.so.1");

            Finding finding = only(process.list(LEARNED + MINUTE, plus(JVM, patched)));

            assertThat(finding.type()).isEqualTo(AnomalyType.WX_MAPPING);
            assertThat(finding.evidence().get("rule")).startsWith("wx.file");
        }

        @Test
        void shouldNotFireOnTheCdsArchiveOfOlderJvms() {
            Mapping cds = file(0x800000000L, 0x800003000L, "rwxp",
                    "/usr/lib/jvm/java-11-openjdk-amd64/lib/server/classes.jsa");

            assertThat(new Process(detector, 1, "java").list(0, plus(JVM, cds))).isEmpty();
            assertThat(new Process(detector, 2, "app").list(0, plus(PLAIN, cds)))
                    .extracting(Finding::type).containsExactly(AnomalyType.WX_MAPPING);
        }

        @Test
        void shouldFireOnAnExecutableHeapOrStackEvenInAJvm() {
            List<Mapping> maps = JVM.stream().map(m -> m.path().equals("[heap]") || m.path().equals("[stack]")
                    ? Mapping.of(m.start(), m.end(), "rwxp", m.offset(), m.dev(), m.inode(), m.path()) : m).toList();

            List<Finding> findings = new Process(detector, 3828, "java").list(0, maps);

            assertThat(findings).extracting(Finding::type).containsOnly(AnomalyType.WX_MAPPING);
            assertThat(findings).extracting(Finding::episode)
                    .containsExactly("55ba657f3000 [heap]", "7ffdf31b0000 [stack]");
            assertThat(findings.get(0).summary())
                    .isEqualTo("java (pid 3828) has an executable [heap] (rwxp at 55ba657f3000), where no code belongs.");
        }

        @Test
        void shouldFireWhenCodeIsMadeWritableInPlaceAndResolveWhenItIsCodeAgain() {
            Process process = plain();
            Mapping text = PLAIN.get(7);
            assertThat(text.path()).endsWith("libc.so.6");
            assertThat(text.perms()).isEqualTo("r-xp");
            Mapping hookPage = Mapping.of(text.start(), text.start() + 0x1000, "rw-p", text.offset(), text.dev(),
                    text.inode(), text.path());
            Mapping rest = Mapping.of(text.start() + 0x1000, text.end(), "r-xp", text.offset() + 0x1000, text.dev(),
                    text.inode(), text.path());
            List<Mapping> hooked = plus(minus(PLAIN, text), hookPage, rest);

            Finding finding = only(process.list(LEARNED + MINUTE, hooked));
            assertThat(finding.type()).isEqualTo(AnomalyType.WX_MAPPING);
            assertThat(finding.evidence().get("rule")).startsWith("wx.code-made-writable");
            assertThat(finding.evidence()).containsEntry("mappingBefore", MapsLine.of(text));
            assertThat(finding.summary()).isEqualTo("app (pid 812) made the code of /usr/lib/x86_64-linux-gnu/libc.so.6 "
                    + "at 7f1194d0c000 writable, the way an in-memory patch or hook does.");

            // Another change elsewhere: the page is still writable, the episode stays open, nothing new.
            Mapping other = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rw-p");
            assertThat(process.list(LEARNED + 2 * MINUTE, plus(hooked, other))).isEmpty();

            Finding resolved = only(process.list(LEARNED + 3 * MINUTE, PLAIN));
            assertThat(resolved.status()).isEqualTo(AnomalyStatus.RESOLVED);
            assertThat(resolved.episode()).isEqualTo(finding.episode());
            assertThat(resolved.evidence()).containsEntry("resolution", "the mapping is now r-xp");
        }
    }

    @Nested
    class NewExecutable {

        @Test
        void shouldLearnDuringTheLearningPeriod() {
            Process process = new Process(detector, 812, "app");
            Mapping lateLib = file(0x7f1194ec8000L, 0x7f1194ec9000L, "r-xp", "/usr/lib/libplugin.so");
            Mapping jitPage = anon(0x7f1194eca000L, 0x7f1194ecb000L, "r-xp");

            assertThat(process.list(0, PLAIN)).isEmpty();
            assertThat(process.list(5 * MINUTE, plus(PLAIN, lateLib, jitPage))).isEmpty();
            assertThat(process.list(LEARNED, plus(PLAIN, lateLib, jitPage))).isEmpty();
            // Gone and back after learning: known.
            assertThat(process.list(LEARNED + MINUTE, PLAIN)).isEmpty();
            Mapping sameLibElsewhere = file(0x7f0000000000L, 0x7f0000001000L, "r-xp", "/usr/lib/libplugin.so");
            assertThat(process.list(LEARNED + 2 * MINUTE, plus(PLAIN, sameLibElsewhere, jitPage))).isEmpty();
        }

        @Test
        void shouldFireOnNewAnonymousCodeAfterLearning() {
            Process process = plain();
            Mapping shellcode = anon(0x7f1194ec8000L, 0x7f1194eca000L, "r-xp");

            Finding finding = only(process.list(LEARNED + MINUTE, plus(PLAIN, shellcode)));

            assertThat(finding.type()).isEqualTo(AnomalyType.NEW_EXEC_MAPPING);
            assertThat(finding.severity()).isEqualTo(Severity.HIGH);
            assertThat(finding.summary()).isEqualTo("app (pid 812) mapped 8 KiB of anonymous executable memory "
                    + "(r-xp at 7f1194ec8000) after its learning period, and no JIT runtime is loaded to explain it.");
            assertThat(finding.evidence().get("baseline"))
                    .isEqualTo("learned until process age 600 s: 3 executable files, 0 anonymous executable ranges");
            assertThat(finding.evidence()).containsEntry("processAge", "720 s");
        }

        @Test
        void shouldRateNewFilesByWhereTheyComeFrom() {
            Process process = plain();
            Mapping tmp = file(0x7f0000000000L, 0x7f0000001000L, "r-xp", "/tmp/libx.so");
            Mapping shm = file(0x7f0000010000L, 0x7f0000011000L, "r-xp", "/dev/shm/x");
            Mapping hidden = file(0x7f0000020000L, 0x7f0000021000L, "r-xp", "/home/u/.cache/x/liby.so");
            Mapping runUser = file(0x7f0000030000L, 0x7f0000031000L, "r-xp", "/run/user/1000/z.so");
            Mapping plugin = file(0x7f0000040000L, 0x7f0000041000L, "r-xp", "/usr/lib/x86_64-linux-gnu/libnss_dns.so.2");

            List<Finding> findings = process.list(LEARNED + MINUTE, plus(PLAIN, tmp, shm, hidden, runUser, plugin));

            assertThat(findings).extracting(Finding::type).containsOnly(AnomalyType.NEW_EXEC_MAPPING);
            assertThat(findings).extracting(Finding::severity)
                    .containsExactly(Severity.HIGH, Severity.HIGH, Severity.HIGH, Severity.HIGH, Severity.LOW);
            assertThat(findings.get(0).summary()).isEqualTo("app (pid 812) loaded executable code from /tmp/libx.so, "
                    + "in a directory anyone can write to, after its learning period.");
            assertThat(findings.get(2).summary()).contains("in a hidden directory");
            assertThat(findings.get(4).summary()).isEqualTo("app (pid 812) loaded /usr/lib/x86_64-linux-gnu/libnss_dns.so.2 "
                    + "after its learning period, an executable file it did not map before.");
        }

        @Test
        void shouldNotFireBeforeLearningEndsNorOnTheFirstList() {
            Mapping shellcode = anon(0x7f1194ec8000L, 0x7f1194eca000L, "r-xp");
            Process process = new Process(detector, 812, "app");
            // First seen long after it started: its first list is its baseline, whatever its age.
            assertThat(process.list(LEARNED, plus(PLAIN, shellcode))).isEmpty();
            assertThat(process.list(LEARNED + MINUTE, plus(PLAIN, shellcode))).isEmpty();
        }

        @Test
        void shouldTreatAProcessNamedAsAJitLikeOne() {
            ExecMappingDetector named = new ExecMappingDetector(
                    ExecMappingSettings.defaults().withJitProcessNames(List.of("qemu-system-.*")));
            Process process = new Process(named, 812, "qemu-system-x86_64");
            process.list(0, PLAIN);
            process.list(LEARNED, PLAIN);

            assertThat(process.list(LEARNED + MINUTE, plus(PLAIN, anon(0x7f1194ec8000L, 0x7f1194eca000L, "r-xp"),
                    anon(0x7f1194eca000L, 0x7f1194ecc000L, "rwxp")))).isEmpty();
        }

        @Test
        void shouldNeverReportAnAllowedPath() {
            ExecMappingDetector allowing = new ExecMappingDetector(
                    ExecMappingSettings.defaults().withAllowPaths(List.of("^/opt/agent/.*\\.so$")));
            Process process = new Process(allowing, 812, "app");
            process.list(0, PLAIN);
            process.list(LEARNED, PLAIN);

            assertThat(process.list(LEARNED + MINUTE, plus(PLAIN,
                    file(0x7f0000000000L, 0x7f0000001000L, "r-xp", "/opt/agent/hook.so"),
                    file(0x7f0000001000L, 0x7f0000002000L, "rwxp", "/opt/agent/hook2.so")))).isEmpty();
        }
    }

    @Nested
    class JitRuntimes {

        @Test
        void shouldRaiseNothingOnABusyJvmAfterLearningAsCodeCacheRegionsComeAndGo() {
            Process process = jvm();
            // The first code heap segment: committed rwxp, then its ---p reserve.
            Mapping committed = JVM.stream().filter(m -> m.perms().equals("rwxp")).findFirst().orElseThrow();
            Mapping reserve = JVM.stream().filter(m -> m.start() == committed.end()).findFirst().orElseThrow();
            assertThat(process.state().codeCache()).hasSize(1);
            for (int round = 1; round <= 20; round++) {
                // The code heap commits more, and some of it is sealed r-x, all inside the reservation.
                long grownEnd = committed.end() + round * 0x100000L;
                Mapping grown = anon(committed.start(), grownEnd, "rwxp");
                Mapping sealed = anon(grownEnd, grownEnd + 0x10000L, "r-xp");
                Mapping rest = anon(grownEnd + 0x10000L, reserve.end(), "---p");
                Mapping ownLib = file(0x7d0000000000L + round * 0x100000L, 0x7d0000000000L + round * 0x100000L + 0x1000,
                        "r-xp", "/usr/lib/jvm/java-17-openjdk-amd64/lib/libnet" + round + ".so");
                List<Mapping> maps = plus(minus(JVM, committed, reserve), grown, sealed, rest, ownLib);
                assertThat(process.list(LEARNED + round * 10_000L, maps)).as("round %d", round).isEmpty();
            }
            assertThat(process.exit(LEARNED + 5 * MINUTE)).isEmpty();
            assertThat(process.state().open()).isEmpty();
        }

        @Test
        void shouldFireOnCodeOutsideTheCodeCacheAJvmReservedAtStart() {
            Process process = jvm();
            Mapping shellcode = anon(0x7e0000000000L, 0x7e0000001000L, "rwxp");
            Mapping sealed = anon(0x7e0000010000L, 0x7e0000011000L, "r-xp");

            List<Finding> findings = process.list(LEARNED + MINUTE, plus(JVM, shellcode, sealed));

            assertThat(findings).extracting(Finding::type)
                    .containsExactly(AnomalyType.WX_MAPPING, AnomalyType.NEW_EXEC_MAPPING);
            assertThat(findings.get(0).summary()).isEqualTo("java (pid 3828) has 4 KiB of anonymous memory at "
                    + "7e0000000000 that is both writable and executable, outside the code cache HotSpot reserved at start.");
        }

        @Test
        void shouldTrustAJvmFirstSeenDuringLearningWithItsWholeCodeCache() {
            // A JVM first seen during learning: anywhere counts, its code cache is still being learned.
            Process process = new Process(detector, 3828, "java");
            Mapping early = anon(0x7e0000000000L, 0x7e0000001000L, "rwxp");
            assertThat(process.list(0, plus(JVM, early))).isEmpty();
            assertThat(process.list(MINUTE, plus(JVM, early))).isEmpty();
            assertThat(process.list(LEARNED, plus(JVM, early))).isEmpty();
        }

        @Test
        void shouldStillFireOnANewLibraryFromTmpInAJvm() {
            Process process = jvm();
            Mapping dropped = file(0x7d0000000000L, 0x7d0000001000L, "r-xp", "/tmp/exploit.so");

            Finding finding = only(process.list(LEARNED + MINUTE, plus(JVM, dropped)));

            assertThat(finding.type()).isEqualTo(AnomalyType.NEW_EXEC_MAPPING);
            assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        }

        @Test
        void shouldAllowOnlyRwxChunksToLibrariesThatOnlyMakeRwxChunks() {
            Mapping pcre2 = file(0x7f0000000000L, 0x7f0000001000L, "r-xp",
                    "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2");
            List<Mapping> base = plus(PLAIN, pcre2);
            Process process = new Process(detector, 812, "gnome-shell");
            process.list(0, base);
            process.list(LEARNED, base);
            Mapping sljitChunk = anon(0x7f1194ec8000L, 0x7f1194ed8000L, "rwxp");
            Mapping notSljit = anon(0x7f1194ed8000L, 0x7f1194ed9000L, "r-xp");

            Finding finding = only(process.list(LEARNED + MINUTE, plus(base, sljitChunk, notSljit)));

            assertThat(finding.type()).isEqualTo(AnomalyType.NEW_EXEC_MAPPING);
            assertThat(finding.episode()).isEqualTo("7f1194ed8000");
            assertThat(finding.evidence().get("jitRuntime")).startsWith("PCRE2 JIT, recognised by ");
        }
    }

    @Nested
    class Episodes {

        @Test
        void shouldResolveWhenTheMappingGoesAndFireAgainWhenItComesBack() {
            Process process = plain();
            Mapping shellcode = anon(0x7f1194ec8000L, 0x7f1194eca000L, "r-xp");
            Finding firing = only(process.list(LEARNED + MINUTE, plus(PLAIN, shellcode)));
            assertThat(process.list(LEARNED + 2 * MINUTE, plus(PLAIN, shellcode))).isEmpty();
            assertThat(process.noList(LEARNED + 3 * MINUTE)).isEmpty();

            Finding resolved = only(process.list(LEARNED + 4 * MINUTE, PLAIN));

            assertThat(resolved.status()).isEqualTo(AnomalyStatus.RESOLVED);
            assertThat(resolved.type()).isEqualTo(firing.type());
            assertThat(resolved.severity()).isEqualTo(firing.severity());
            assertThat(resolved.episode()).isEqualTo(firing.episode());
            assertThat(resolved.summary()).isEqualTo("app (pid 812) no longer has the new anonymous executable memory "
                    + "at 7f1194ec8000: the mapping is gone.");
            assertThat(only(process.list(LEARNED + 5 * MINUTE, plus(PLAIN, shellcode))).status())
                    .isEqualTo(AnomalyStatus.FIRING);
        }

        @Test
        void shouldResolveEveryOpenEpisodeOnExit() {
            Process process = new Process(detector, 812, "app");
            Mapping rwx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rwxp");
            Mapping memfd = Mapping.of(0x7f1194ed0000L, 0x7f1194ed1000L, "r-xs", 0, "00:01", 1025, "/memfd:p (deleted)");
            assertThat(process.list(0, plus(PLAIN, rwx, memfd))).hasSize(2);

            List<Finding> resolved = process.exit(MINUTE);

            assertThat(resolved).extracting(Finding::status).containsOnly(AnomalyStatus.RESOLVED);
            assertThat(resolved).extracting(Finding::type)
                    .containsExactly(AnomalyType.WX_MAPPING, AnomalyType.FILELESS_EXEC);
            assertThat(resolved.get(1).summary()).isEqualTo("app (pid 812) no longer has the executable memfd mapping "
                    + "at 7f1194ed0000 (/memfd:p (deleted)): the process exited.");
            assertThat(resolved.get(1).evidence()).containsEntry("resolution", "the process exited");
        }

        @Test
        void shouldChangeTypeWhenRwxBecomesRx() {
            Process process = plain();
            Mapping rwx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rwxp");
            Mapping rx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "r-xp");
            assertThat(only(process.list(LEARNED + MINUTE, plus(PLAIN, rwx))).type()).isEqualTo(AnomalyType.WX_MAPPING);

            List<Finding> findings = process.list(LEARNED + 2 * MINUTE, plus(PLAIN, rx));

            assertThat(findings).extracting(Finding::status, Finding::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(AnomalyStatus.RESOLVED, AnomalyType.WX_MAPPING),
                    org.assertj.core.groups.Tuple.tuple(AnomalyStatus.FIRING, AnomalyType.NEW_EXEC_MAPPING));
            assertThat(findings.get(0).evidence()).containsEntry("resolution", "the mapping is now r-xp");
        }

        @Test
        void shouldDoNothingWithoutANewList() {
            Process process = plain();
            ExecMappingState before = process.state();
            assertThat(process.noList(LEARNED + MINUTE)).isEmpty();
            assertThat(process.state()).isEqualTo(before);
        }
    }

    @Test
    void shouldFireOnBothFilelessMappingsOfARealCapture() {
        // A C program that mapped a memfd PROT_EXEC and a file it then deleted (collector's fixture).
        List<Finding> findings = new Process(detector, 4711, "mf) odd (name")
                .list(0, ExecFixtures.resource("c-deleted-memfd-spaces.maps"));

        assertThat(findings).extracting(Finding::type)
                .containsExactly(AnomalyType.FILELESS_EXEC, AnomalyType.FILELESS_EXEC);
        assertThat(findings).extracting(Finding::episode).containsExactly(
                "7f1194eca000 /tmp/memfleet fixture/gone.so (deleted)", "7f1194ed0000 /memfd:memfleet-jit (deleted)");
        assertThat(findings.get(0).evidence().get("mapping")).isEqualTo("7f1194eca000-7f1194ecc000 r-xs 00000000 "
                + "fe:00 2146582                    /tmp/memfleet fixture/gone.so (deleted)");
    }

    @Test
    void shouldWaitForTheListWhileTheMappingsAreNotKnown() {
        Process process = plain();
        Mapping rwx = anon(0x7f1194ec8000L, 0x7f1194ec9000L, "rwxp");
        List<Mapping> maps = plus(PLAIN, rwx);
        ExecMappingState before = process.state();
        io.memfleet.aggregator.detect.Observation unknown = new io.memfleet.aggregator.detect.Observation("host-a",
                "h", "boot-1", 812, 4242, "app", ExecFixtures.T0 + LEARNED + MINUTE, ExecFixtures.T0,
                ExecFixtures.sample(812, "app", ExecFixtures.T0 + LEARNED + MINUTE, maps),
                maps, ExecFixtures.change(PLAIN, maps), false, false, null, null);

        assertThat(process.observe(unknown)).isEmpty();
        assertThat(process.state()).isEqualTo(before);
    }

    @Test
    void shouldIgnoreKernelMadeCode() {
        List<Mapping> maps = plus(PLAIN, Mapping.of(0x7fffff000000L, 0x7fffff001000L, "r-xp", 0, "00:00", 0, "[uprobes]"));
        Process process = plain();
        assertThat(process.list(LEARNED + MINUTE, maps)).isEmpty();
    }

    @Test
    void shouldRejectABadRegexNamingTheSetting() {
        assertThatThrownBy(() -> ExecMappingSettings.defaults().withAllowPaths(List.of("(")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("allowPaths: '(' is not a regular");
        assertThatThrownBy(() -> new JitRuntime("X", "[", "..x.", "", ""))
                .hasMessageStartingWith("JIT runtime 'X': library is not a regular expression");
    }
}
