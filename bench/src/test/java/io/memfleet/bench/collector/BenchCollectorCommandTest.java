package io.memfleet.bench.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memfleet.bench.BenchCommand;
import io.memfleet.bench.report.Table;
import io.memfleet.common.Cli;
import io.memfleet.schema.codec.WireFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pure parts of the bench: options, parsing of what other programs print, the report. */
class BenchCollectorCommandTest {

    private static BenchCollectorCommand parse(String... args) {
        BenchCollectorCommand command = new BenchCollectorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldDefaultToAThousandProcessesOfTwoHundredMappings() {
        BenchCollectorCommand command = parse();
        assertThat(command.processes).isEqualTo(1000);
        assertThat(command.mappings).isEqualTo(200);
        assertThat(command.passes).isPositive();
        assertThat(command.format).isEqualTo("json");
        command.validate();
    }

    @Test
    void shouldTakeSizesAndPasses() {
        BenchCollectorCommand command = parse("--processes", "10", "--mappings", "3", "--passes", "4", "--warmup", "0",
                "--format", "avro", "--skip-rss");
        assertThat(command.processes).isEqualTo(10);
        assertThat(command.mappings).isEqualTo(3);
        assertThat(command.passes).isEqualTo(4);
        assertThat(command.warmup).isZero();
        assertThat(command.skipRss).isTrue();
        command.validate();
    }

    @Test
    void shouldRejectNonPositiveCountsWithExitCode2NamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new BenchCommand());
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute("collector", "--processes", "0");
        assertThat(exit).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("--processes must be at least 1, was 0").doesNotContain("\tat ");
    }

    @Test
    void shouldRejectUnknownFormat() {
        assertThatThrownBy(() -> parse("--format", "xml").validate()).hasMessageContaining("xml");
    }

    @Test
    void shouldShipTheHolderSource() {
        String source = MapHolders.source();
        assertThat(source).contains("pause()", "\"ready\\n\"", "PR_SET_PDEATHSIG", "mprotect");
    }

    @Test
    void shouldFindTheFirstCompilerOnThePath(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path gcc = Files.createFile(bin.resolve("gcc"));
        gcc.toFile().setExecutable(true);
        assertThat(MapHolders.findCompiler(dir.resolve("empty") + ":" + bin)).isEqualTo(gcc);
        assertThat(MapHolders.findCompiler(dir.resolve("empty").toString())).isNull();
        assertThat(MapHolders.findCompiler(null)).isNull();
    }

    @Test
    void shouldReadChildrenCpuFromBashTimes() {
        assertThat(CatFloor.childrenCpuNanos("0m0.004s 0m0.010s\n0m0.100s 0m0.023s\n")).isEqualTo(123_000_000L);
        assertThat(CatFloor.childrenCpuNanos("0m0,004s 0m0,010s\n1m2.5s 0m0s\n")).isEqualTo(62_500_000_000L);
        assertThatThrownBy(() -> CatFloor.childrenCpuNanos("bash: times: not found"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadStatusLinesAndArgfileFlags(@TempDir Path dir) throws Exception {
        assertThat(CollectorRss.statusKb("Name:\tjava\nVmHWM:\t  98304 kB\nVmRSS:\t   81234 kB\n", "VmRSS"))
                .isEqualTo(81234);
        Path options = Files.writeString(dir.resolve("jvm.options"), "# comment\n-Xmx48m   # why\n\n-XX:+UseSerialGC\n");
        assertThat(CollectorRss.flags(options)).containsExactly("-Xmx48m", "-XX:+UseSerialGC");
        assertThat(CollectorRss.command(Path.of("java"), options, Path.of("c.jar"), "h:1", Duration.ofSeconds(2),
                WireFormat.AVRO)).containsSubsequence("java", "@" + options, "-cp", "c.jar", CollectorRss.MAIN_CLASS,
                        "--bootstrap-servers", "h:1", "--interval", "2000ms", "--format", "avro");
    }

    @Test
    void shouldTakeTheEnvironmentTheOptionsFileDeclares(@TempDir Path dir) throws Exception {
        Path options = Files.writeString(dir.resolve("jvm.options"), "# -Dmemfleet.collector.environment=NO=1\n"
                + "-Xmx48m\n-Dmemfleet.collector.environment=MALLOC_ARENA_MAX=2,OTHER=x\n");
        assertThat(CollectorRss.declaredEnvironment(options)).containsExactly(
                java.util.Map.entry("MALLOC_ARENA_MAX", "2"), java.util.Map.entry("OTHER", "x"));
        Path none = Files.writeString(dir.resolve("empty.options"), "");
        assertThat(CollectorRss.declaredEnvironment(none)).as("the JVM's defaults: no environment either").isEmpty();
    }

    @Test
    void shouldFormatNumbers() {
        assertThat(Table.seconds(123_456_789)).isEqualTo("0.123");
        assertThat(Table.ratio(1.3, 1.0)).isEqualTo("1.30x");
        assertThat(Table.ratio(1, 0)).isEqualTo("n/a");
        assertThat(Table.percent(1, 200)).isEqualTo("0.50%");
        assertThat(Table.count(12_345_678)).isEqualTo("12,345,678");
        assertThat(Table.median(List.of(5L, 1L, 3L))).isEqualTo(3);
        assertThat(Table.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2);
        assertThat(Table.mean(List.of(4L, 1L, 3L, 2L))).isEqualTo(3);
    }

    @Test
    void shouldAlignColumns() {
        String table = new Table("Title", "", "a", "bb").row("first row", "1", "22").row("x", "333", "4").render();
        assertThat(table.lines()).containsExactly(
                "Title",
                "               a  bb",
                "  ------------------",
                "  first row    1  22",
                "  x          333   4");
    }

    @Test
    void shouldReportRatiosAgainstTheFloorAndTheTargets() {
        BenchReport report = new BenchReport(1000, 200, 3, 2, WireFormat.JSON, "nproc 2");
        report.load(new BenchCollectorCommand.Load(1000, 200_000, 10_000_000, 1_000_000));
        PassCpu.Measurement pass = new PassCpu.Measurement(120_000_000, 110_000_000, 130_000_000, 1000, 1001, 500_000);
        report.cpu(List.of(pass, pass, pass), List.of(100_000_000L, 90_000_000L, 110_000_000L));
        WireBytes.PassBytes changed = new WireBytes.PassBytes(1001, 20_000_000, 1_500_000, 1_400_000);
        WireBytes.PassBytes unchanged = new WireBytes.PassBytes(1001, 1_500_000, 150_000, 140_000);
        report.wire(new WireBytes.Result(WireFormat.JSON, changed, unchanged));
        report.rss(new CollectorRss.Result(90 * 1024, 95 * 1024, 120 * 1024, 2_000_000_000L, 10,
                List.of("-Xmx48m"), java.util.Map.of("MALLOC_ARENA_MAX", "2")), Path.of("deploy/collector-jvm.options"), Duration.ofSeconds(2));

        String text = report.render();
        assertThat(text).contains("1,000 processes x 200 mappings", "nproc 2", "10,000,000 B");
        assertThat(text).containsPattern("process CPU .* 0\\.120 +0\\.120 +0\\.120 +1\\.20x +<= 1\\.30x ok");
        assertThat(text).containsPattern("VmRSS at the end of the window +92,160 +90\\.0 +<= 96 MiB ok");
        assertThat(text).containsPattern("json unchanged .* 1,500,000 +15\\.00% .* 140,000 +1\\.40%");
        assertThat(text).contains("-Xmx48m", "0.200 s (10.0 passes), 2.00x the cat floor", "MALLOC_ARENA_MAX=2");
    }
}
