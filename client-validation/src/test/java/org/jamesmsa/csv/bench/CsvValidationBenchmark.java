package org.jamesmsa.csv.bench;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.jamesmsa.csv.ClientValidator;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.Profile;
import org.jamesmsa.csv.ValidatorSettings;
import org.jamesmsa.csv.Verdict;
import org.jamesmsa.testdns.ZoneDnsServer;

/**
 * Validations per second of a passing EHLO name, cold (empty cache: every validation asks DNS) and warm (cache
 * filled), with latency percentiles and DNS queries per EHLO, against the zone-file DNS server on loopback.
 * Run: {@code mvn -q -pl client-validation -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.jamesmsa.csv.bench.CsvValidationBenchmark}. Results are recorded in BENCHMARKS.md.
 */
public final class CsvValidationBenchmark {
    private static final int COLD_ROUNDS = 3_000;
    private static final int WARM_ROUNDS = 300_000;

    private CsvValidationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.2");
        try (ZoneDnsServer dns = ZoneDnsServer.start("example.test", "0.0.127.in-addr.arpa")) {
            var servers = DnsClient.parseServers(dns.address());
            ValidatorSettings settings = ValidatorSettings.defaults(Profile.CSV);

            // JIT warm-up on both paths before anything is measured
            measure("warm-up", 2_000, () -> new ClientValidator(new DnsClient(servers, Duration.ofSeconds(1),
                new DnsCache(100, 3600, Clock.systemUTC())), settings), client, false);

            Report cold = measure("cold", COLD_ROUNDS, () -> new ClientValidator(new DnsClient(servers, Duration.ofSeconds(1),
                new DnsCache(100, 3600, Clock.systemUTC())), settings), client, true);
            ClientValidator shared = new ClientValidator(new DnsClient(servers, Duration.ofSeconds(1),
                new DnsCache(100, 3600, Clock.systemUTC())), settings);
            shared.validate("pass.example.test", client);
            Report warm = measure("warm", WARM_ROUNDS, () -> shared, client, true);

            System.out.println();
            System.out.println("| case | validations | per second | p50 (us) | p99 (us) | max (us) | DNS queries per EHLO |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.println(cold.row());
            System.out.println(warm.row());
        }
    }

    private record Report(String name, int rounds, double perSecond, long p50Nanos, long p99Nanos, long maxNanos,
                          double queriesPerEhlo) {
        String row() {
            return String.format("| %s | %d | %.0f | %.1f | %.1f | %.1f | %.2f |", name, rounds, perSecond,
                p50Nanos / 1000.0, p99Nanos / 1000.0, maxNanos / 1000.0, queriesPerEhlo);
        }
    }

    private static Report measure(String name, int rounds, java.util.function.Supplier<ClientValidator> validators,
                                  InetAddress client, boolean check) {
        long[] latencies = new long[rounds];
        long queries = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            ClientValidator validator = validators.get();
            long before = System.nanoTime();
            CsvResult result = validator.validate("pass.example.test", client);
            latencies[i] = System.nanoTime() - before;
            if (check && result.verdict() != Verdict.PASS) {
                throw new IllegalStateException(name + " round " + i + ": " + result);
            }
            queries += result.dnsQueries();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Report(name, rounds, rounds / seconds, latencies[rounds / 2], latencies[(int) (rounds * 0.99)],
            latencies[rounds - 1], (double) queries / rounds);
    }
}
