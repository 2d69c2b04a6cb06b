import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A JVM under JIT load for ExecMappingRealProcessTest and memfleet bench detect: prints "ready", then keeps C1 and C2 busy
 * (streams, collections, strings, BigInteger, lambdas, megamorphic calls) until stdin closes or
 * the given number of seconds has passed.
 */
public class Hot {

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (Exception ignored) {
                // stdin gone
            }
            System.exit(0);
        });
        watcher.setDaemon(true);
        watcher.start();
        System.out.println("ready");
        System.out.flush();
        long sink = 0;
        int round = 0;
        List<LongUnaryOperator> ops = new ArrayList<>();
        while (System.nanoTime() < end) {
            int r = round++;
            ops.add(x -> x * 31 + r);
            if (ops.size() > 64) {
                ops.remove(0);
            }
            for (LongUnaryOperator op : ops) {
                sink += op.applyAsLong(sink);
            }
            sink += IntStream.range(0, 2_000).filter(i -> i % 3 == r % 3).mapToLong(i -> (long) i * i).sum();
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                counts.merge("k" + (i * r % 97), 1, Integer::sum);
            }
            sink += counts.values().stream().collect(Collectors.summingInt(Integer::intValue));
            sink += BigInteger.valueOf(r + 3).pow(50).mod(BigInteger.valueOf(1_000_003)).longValue();
            sink += String.join(",", counts.keySet()).hashCode();
        }
        System.out.println("done " + sink);
    }
}
