package io.memfleet.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.memfleet.aggregator.query.WebUi;
import io.memfleet.schema.HostHeartbeat;
import io.memfleet.schema.Mapping;
import io.memfleet.schema.ProcessSample;
import io.memfleet.schema.SampleRecord;
import io.memfleet.schema.codec.WireFormat;
import io.memfleet.schema.kafka.SampleRecordSerde;
import io.memfleet.schema.kafka.Topics;
import io.memfleet.testkit.TestKafka;
import io.memfleet.testkit.WithKafka;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in a real browser (Debian's headless Chromium, driven through its chromedriver)
 * against a real aggregator on the test broker: a host with a process whose memory grows, whose
 * mappings change and which maps W+X memory for a while (a real WX_MAPPING, fired and resolved by
 * the aggregator's detector), a process with a hostile name, a small one and a kernel thread. The
 * page must list the host, sort the processes, draw the chart with the markers, show the hostile
 * name as text, and say what is wrong when the API fails. Screenshots go to target/web-view/.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebViewIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path ARTIFACTS = Path.of("target", "web-view");
    private static final String HOSTNAME = "web-7.example";
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final int LEAKY = 4242;
    private static final int PASSES = 40;
    private static final long END = Instant.now().minusSeconds(30).toEpochMilli();
    private static final Mapping CODE = Mapping.of(0x400000, 0x401000, "r-xp", 0, "fd:01", 7, "/usr/bin/leaky-worker");
    private static final Mapping HEAP = Mapping.of(0x1000000, 0x1100000, "rw-p", 0, "00:00", 0, "[heap]");
    private static final Mapping BIGGER_HEAP = Mapping.of(0x1000000, 0x9000000, "rw-p", 0, "00:00", 0, "[heap]");
    private static final Mapping WX = Mapping.of(0x7f3a9c000000L, 0x7f3a9c001000L, "rwxp", 0, "00:00", 0, "");
    private static final Mapping LIBC = Mapping.of(0x7f0000000000L, 0x7f0000100000L, "r-xp", 0, "fd:01", 9,
            "/usr/lib/x86_64-linux-gnu/libc.so.6");

    private final String hostId = "it-web " + UUID.randomUUID(); // a space: ids are encoded in URLs and hashes
    private Aggregator aggregator;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start(TestKafka kafka, @TempDir Path stateDir, @TempDir Path profile) throws Exception {
        browser = chromium(profile); // first: a missing browser fails at once, saying what to install
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(ARTIFACTS);

        TopicSetup.ensureTopics(kafka.admin(), 3, (short) -1);
        produce(kafka);
        Map<String, Object> settings = new HashMap<>();
        settings.put(AggregatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(AggregatorConfig.APPLICATION_ID, "it-web-" + UUID.randomUUID());
        settings.put(AggregatorConfig.STATE_DIR, stateDir.toString());
        settings.put(AggregatorConfig.HTTP_PORT, 0);
        settings.put(AggregatorConfig.TOPIC_PARTITIONS, 3);
        aggregator = new Aggregator(new AggregatorConfig(settings));
        aggregator.start();
        assertThat(aggregator.awaitRunning(Duration.ofSeconds(90))).isTrue();
        String anomalies = aggregator.httpUrl() + "/api/anomalies?hostId=" + AggregatorCluster.encode(hostId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> response = AggregatorCluster.get(anomalies, false);
            return response.statusCode() == 200 && AggregatorCluster.json(response).size() == 2;
        });
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (aggregator != null) {
            aggregator.close();
        }
    }

    @Test
    @Timeout(120)
    void shouldWalkFromTheHostsToAProcessChartWithItsMarkers() throws Exception {
        browser.manage().window().setSize(new Dimension(1440, 900));
        browser.get(aggregator.httpUrl() + "/");
        ready("state");
        WebElement hostLink = browser.findElement(By.xpath(
                "//table[contains(@class,'hosts')]//tr[@data-host-id=" + xpathLiteral(hostId) + "]//a"));
        assertThat(hostLink.getText()).isEqualTo(HOSTNAME);
        WebElement skew = browser.findElement(By.xpath("//table[contains(@class,'hosts')]//tr[@data-host-id="
                + xpathLiteral(hostId) + "]//td[@data-key='clockSkewMs']"));
        assertThat(skew.getText()).as("its records are late, not out of time").matches("-\\d+ (s|min)");
        screenshot("hosts.png");

        hostLink.click();
        ready("state");
        assertThat(pids()).as("RSS, largest first, by default").containsExactly(5000, LEAKY, 6000, 2);
        header("pid").click();
        assertThat(pids()).containsExactly(2, LEAKY, 5000, 6000);
        header("rss").click();
        assertThat(pids()).as("sorted by RSS, largest first; no memory last").containsExactly(5000, LEAKY, 6000, 2);
        assertThat(cells("rss")).containsExactly("800.0 MiB", "295.0 MiB", "2.00 MiB", "–");
        header("rss").click();
        assertThat(pids()).as("smallest first; no memory still last").containsExactly(6000, LEAKY, 5000, 2);

        ready("growth");
        header("growth").click();
        assertThat(pids()).as("growth over the last hour, largest first").startsWith(LEAKY);
        assertThat(cells("growth").get(0)).isEqualTo("+195.0 MiB");
        assertThat(browser.getCurrentUrl()).endsWith("?sort=growth&dir=desc");
        WebElement filter = browser.findElement(By.cssSelector("input.filter"));
        filter.sendKeys("leaky");
        assertThat(pids()).containsExactly(LEAKY);
        filter.clear();
        filter.sendKeys(" "); // clear() fires no input event; a space and a backspace do
        filter.sendKeys("\b");
        assertThat(pids()).hasSize(4);
        screenshot("processes.png");

        browser.findElement(By.xpath("//tr[@data-pid='" + LEAKY + "']//a[contains(@class,'pname')]")).click();
        ready("chart");
        assertThat(browser.getCurrentUrl()).contains("/processes/" + LEAKY + "?startTime=100");
        assertThat(browser.findElement(By.cssSelector("h1.pname")).getText()).isEqualTo("leaky-worker");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(((Number) js.executeScript("return memfleet.chart.data[0].length")).intValue()).isEqualTo(PASSES);
        assertThat(((Number) js.executeScript("return memfleet.chart.data.length")).intValue())
                .as("time and the three default fields").isEqualTo(4);
        assertThat(((Number) js.executeScript("return memfleet.chart.data[1][" + (PASSES - 1) + "]")).doubleValue())
                .as("the last RSS, in MiB").isEqualTo(295.0);
        assertThat(js.executeScript("return memfleet.unit")).isEqualTo("MiB");
        assertThat(strokePixels("#1f77b4")).as("RSS line pixels on the canvas").isGreaterThan(300);
        assertThat(strokePixels("#d62728")).as("the FIRING marker's line").isGreaterThan(50);

        assertThat(browser.findElements(By.cssSelector(".flag.mapping"))).as("first list, heap grew, W+X, W+X gone")
                .hasSize(4);
        assertThat(browser.findElements(By.cssSelector(".flag.anomaly.FIRING"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector(".flag.anomaly.RESOLVED"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("tr.change-row"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("tr.anomaly-row")).stream()
                .map(row -> row.getAttribute("data-status") + " " + row.getAttribute("data-type")))
                .containsExactly("RESOLVED WX_MAPPING", "FIRING WX_MAPPING");

        browser.findElement(By.cssSelector(".flag.anomaly.FIRING")).click();
        WebElement detail = browser.findElement(By.cssSelector(".detail"));
        wait.until(d -> detail.isDisplayed());
        assertThat(detail.getText()).contains("FIRING", "WX_MAPPING", "HIGH", "writable and executable");
        browser.findElements(By.cssSelector(".flag.mapping")).get(2).click();
        assertThat(detail.getText()).contains("+1 −0", "+ 7f3a9c000000-7f3a9c001000 rwxp");
        assertThat(consoleErrors()).as("no script errors or policy violations").isEmpty();
        screenshot("process.png");

        browser.findElement(By.cssSelector("button[data-range='24h']")).click();
        ready("chart");
        assertThat(browser.getCurrentUrl()).contains("range=24h");
        // A day reaches past the raw retention's edge, so the answer may be 5-minute buckets.
        assertThat(((Number) js.executeScript("return memfleet.chart.data[0].length")).intValue()).isBetween(8, PASSES);
        assertThat(browser.findElement(By.cssSelector(".caption")).getText()).containsAnyOf("one sample each",
                "PT5M buckets");
    }

    @Test
    @Timeout(60)
    void shouldShowAHostileProcessNameAsText() throws Exception {
        browser.get(aggregator.httpUrl() + "/#/hosts/" + AggregatorCluster.encode(hostId) + "?q="
                + AggregatorCluster.encode("onerror"));
        ready("state");
        assertThat(pids()).containsExactly(5000);
        WebElement name = browser.findElement(By.cssSelector("tr[data-pid='5000'] a.pname"));
        assertThat(name.getText()).isEqualTo(HOSTILE);
        assertThat(browser.findElements(By.tagName("img"))).as("no element made of the name").isEmpty();

        name.click();
        ready("chart");
        assertThat(browser.findElement(By.cssSelector("h1.pname")).getText()).isEqualTo(HOSTILE);
        assertThat(browser.getTitle()).contains(HOSTILE);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    @Timeout(60)
    void shouldKeepTheApiAndHealthzAsTheyWere() throws Exception {
        HttpResponse<String> page = AggregatorCluster.get(aggregator.httpUrl() + "/", false);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        HttpResponse<String> health = AggregatorCluster.get(aggregator.httpUrl() + "/healthz", false);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(AggregatorCluster.json(health).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> hosts = AggregatorCluster.get(aggregator.httpUrl() + "/api/hosts", false);
        assertThat(hosts.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode unknown = AggregatorCluster.json(AggregatorCluster.get(aggregator.httpUrl() + "/nothing", false));
        assertThat(unknown.get("status").asInt()).isEqualTo(404);
    }

    @Test
    @Timeout(60)
    void shouldSayWhatIsWrongWhenTheApiAnswersAnError() throws Exception {
        browser.get(aggregator.httpUrl() + "/#/hosts/nobody");
        WebElement banner = browser.findElement(By.id("banner"));
        wait.until(d -> banner.isDisplayed());
        assertThat(banner.getText()).contains("Not found (404)", "unknown host 'nobody'");

        // An aggregator whose Streams is still starting: 503 until it is RUNNING, then the page recovers.
        AtomicBoolean starting = new AtomicBoolean(true);
        WebUi ui = new WebUi();
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            if (WebUi.owns(exchange.getRequestURI().getRawPath())) {
                ui.handle(exchange);
                return;
            }
            try (exchange) {
                byte[] body = (starting.get()
                        ? "{\"error\":\"state stores are not ready (Kafka Streams is REBALANCING)\",\"status\":503}"
                        : "[]").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(starting.get() ? 503 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        fake.start();
        try {
            browser.get("http://127.0.0.1:" + fake.getAddress().getPort() + "/");
            WebElement notReady = browser.findElement(By.id("banner"));
            wait.until(d -> notReady.isDisplayed());
            assertThat(notReady.getText()).contains("not ready (503)", "Kafka Streams is REBALANCING", "Retrying");
            screenshot("not-ready.png");
            starting.set(false);
            wait.until(d -> !notReady.isDisplayed());
            assertThat(browser.findElement(By.id("view")).getText()).contains("No host has reported yet.");
        } finally {
            fake.stop(0);
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Headless Chromium from Debian's packages; never Selenium Manager, which would download one. */
    private static WebDriver chromium(Path profile) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("WebViewIT needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): apt-get install chromium chromium-driver (script/setup installs them)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void produce(TestKafka kafka) {
        try (KafkaProducer<String, SampleRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new SampleRecordSerde(WireFormat.JSON).serializer())) {
            long seq = 0;
            for (int i = 0; i < PASSES; i++) {
                long at = END - (PASSES - 1 - i) * 60_000L;
                // Grows 5 MiB a minute; the heap grows at 15, W+X memory from 25 to 32.
                List<Mapping> mappings = switch (i) {
                    case 0 -> List.of(CODE, HEAP, LIBC);
                    case 15 -> List.of(CODE, BIGGER_HEAP, LIBC);
                    case 25 -> List.of(CODE, BIGGER_HEAP, LIBC, WX);
                    case 32 -> List.of(CODE, BIGGER_HEAP, LIBC);
                    default -> null;
                };
                String digest = i < 15 ? "d0" : i < 25 ? "d15" : i < 32 ? "d25" : "d32";
                long rss = 102_400 + i * 5_120L;
                send(producer, sample(++seq, LEAKY, 100, "leaky-worker", at, rss, rss - 20_480, i * 10L, digest,
                        mappings));
                send(producer, sample(++seq, 5000, 200, HOSTILE, at, 819_200L, 700_000L, 0L, "h",
                        i == 0 ? List.of(CODE) : null));
                send(producer, sample(++seq, 6000, 300, "tiny", at, 2_048L, 512L, 0L, "t", i == 0 ? List.of(CODE) : null));
                send(producer, new ProcessSample("run", ++seq, hostId, "boot", 2, 2, 0, "kthreadd", 0, "S", 1, at, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, 0, "", null,
                        null, null));
                send(producer, new HostHeartbeat("run", ++seq, hostId, HOSTNAME, "boot", "0.1.0", at, 60_000, 4, 0, 0, 0,
                        12, 5, 4_000, 0, 0, 16_000_000L));
            }
            producer.flush();
        }
    }

    private ProcessSample sample(long seq, int pid, long startTime, String name, long at, long rssKb, long anonKb,
                                 long swapKb, String digest, List<Mapping> mappings) {
        return new ProcessSample("run", seq, hostId, "boot", pid, startTime, 1, name, 1000, "S", 4, at, rssKb + 50_000,
                rssKb + 40_000, 0L, 0L, rssKb, rssKb, anonKb, rssKb - anonKb, 0L, anonKb + 10_000, 132L, 4L, 2_000L, 120L,
                swapKb, mappings == null ? 3 : mappings.size(), digest, mappings, null, null);
    }

    private void send(KafkaProducer<String, SampleRecord> producer, SampleRecord record) {
        producer.send(new ProducerRecord<>(Topics.SAMPLES, hostId, record));
    }

    /** Waits until the view's data-{what} attribute says ready (state, growth, chart). */
    private void ready(String what) {
        WebElement view = wait.until(d -> d.findElement(By.id("view")));
        wait.until(d -> {
            String state = view.getAttribute("data-" + what);
            if ("error".equals(state)) {
                throw new AssertionError("the page shows an error: " + d.findElement(By.id("banner")).getText());
            }
            return "ready".equals(state);
        });
    }

    private WebElement header(String key) {
        return browser.findElement(By.cssSelector("table.processes th[data-key='" + key + "']"));
    }

    private List<Integer> pids() {
        return browser.findElements(By.cssSelector("table.processes tbody tr")).stream()
                .map(row -> Integer.parseInt(row.getAttribute("data-pid"))).toList();
    }

    private List<String> cells(String key) {
        return browser.findElements(By.cssSelector("table.processes tbody td[data-key='" + key + "']")).stream()
                .map(WebElement::getText).toList();
    }

    /** Opaque pixels of one colour inside the chart's plot area: the series and markers really drawn. */
    private long strokePixels(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        Object n = ((JavascriptExecutor) browser).executeScript("""
                const u = memfleet.chart, b = u.bbox;
                const d = u.ctx.getImageData(b.left, b.top, b.width, b.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 200 && Math.abs(d[i] - arguments[0]) < 20 && Math.abs(d[i + 1] - arguments[1]) < 20
                      && Math.abs(d[i + 2] - arguments[2]) < 20) n++;
                }
                return n;""", r, g, b);
        return ((Number) n).longValue();
    }

    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .collect(Collectors.toList());
    }

    /** The whole page, not just the window, as a PNG under target/web-view/. */
    private void screenshot(String name) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Dimension before = browser.manage().window().getSize();
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(4_000, height + 140)));
        Thread.sleep(300); // the chart follows the resize
        Files.write(ARTIFACTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(before);
    }

    private static String xpathLiteral(String s) {
        return "'" + s.replace("'", "") + "'";
    }
}
