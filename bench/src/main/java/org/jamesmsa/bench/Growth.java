package org.jamesmsa.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How a server's cost grows: messages/s, p99 of DATA and proportional resident size (PSS: each
 * shared page counted once over the server and all its processes, sampled every 100 ms during the load) against message size (at 16 connections) and against concurrent connections (at 4 KB),
 * the servers alternating at every point. Fewer messages for big messages, so that a point takes seconds, not hours.
 */
final class Growth {
    static final int[] SIZES = {4096, 102_400, 1_048_576, 10_485_760};
    static final int[] CONNECTIONS = {1, 16, 64, 256};

    interface Loader<S> {
        LoadGenerator.Report load(S server, Map<String, String> options, int messages, int connections, int size)
            throws InterruptedException;
    }

    private record Point(String server, int connections, int size, int messages, LoadGenerator.Report report, long peakKb) {
        double perSecond() {
            return report.perSecond();
        }
    }

    private Growth() {
    }

    static <S> void run(List<S> servers, Function<S, String> names, Map<String, String> options, Loader<S> loader,
                        ToLongFunction<S> residentKb, String plotPrefix) throws InterruptedException {
        List<Point> points = new ArrayList<>();
        int turn = 0;
        // From light to heavy: a JVM keeps the heap it grew to, so a point's peak includes every point before it.
        for (int connections : CONNECTIONS) {
            points.addAll(measure(servers, names, options, loader, residentKb, connections, 4096, turn++));
        }
        for (int size : SIZES) {
            if (size != 4096) {
                points.addAll(measure(servers, names, options, loader, residentKb, 16, size, turn++));
            }
        }
        System.out.println();
        System.out.println("| server | connections | message size | messages | messages/s | MB/s | p99 DATA (ms) | peak PSS (MB) | failed |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        points.stream().sorted(java.util.Comparator.comparing(Point::server).thenComparingInt(Point::connections)
                .thenComparingInt(Point::size))
            .forEach(p -> System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %.1f | %.2f | %.1f | %d | %d |%n", p.server(),
                p.connections(), human(p.size()), p.messages(), p.perSecond(), p.perSecond() * p.size() / 1e6,
                p.report().percentileMicros(LoadGenerator.Phase.DATA, 0.99) / 1000.0, p.peakKb() / 1024, p.report().failed()));
        if (!plotPrefix.isEmpty()) {
            plot(points, servers.stream().map(names).toList(), plotPrefix);
        }
    }

    /** Fewer messages for bigger ones (about 40 MB a point at 10 MB); at least three per connection. */
    static int messages(int connections, int size) {
        int bySize = size <= 4096 ? 1000 : size <= 102_400 ? 400 : size <= 1_048_576 ? 120 : 32;
        return connections == 1 ? Math.min(bySize, 200) : Math.max(bySize, 3 * connections);
    }

    private static <S> List<Point> measure(List<S> servers, Function<S, String> names, Map<String, String> options,
                                           Loader<S> loader, ToLongFunction<S> residentKb, int connections, int size, int turn)
            throws InterruptedException {
        List<S> order = new ArrayList<>(servers);
        if (turn % 2 == 1) {
            java.util.Collections.reverse(order);
        }
        List<Point> points = new ArrayList<>();
        for (S server : order) {
            AtomicLong peak = new AtomicLong(residentKb.applyAsLong(server));
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(residentKb.applyAsLong(server), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.start();
            // --growth-scale 0.1: a tenth of the messages at every point, to try the run out.
            int messages = Math.max(connections, (int) (messages(connections, size)
                * Double.parseDouble(options.getOrDefault("--growth-scale", "1"))));
            LoadGenerator.Report report;
            try {
                report = loader.load(server, options, messages, connections, size);
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            Point point = new Point(names.apply(server), connections, size, messages, report, peak.get());
            System.out.printf(Locale.ROOT, "growth %-12s %3d connections %6s: %8.1f messages/s, peak %d MB, %d failed%n",
                point.server(), connections, human(size), point.perSecond(), point.peakKb() / 1024, report.failed());
            LoadGenerator.print(report, System.out);
            points.add(point);
        }
        return points;
    }

    private static String human(int size) {
        return size >= 1_048_576 ? size / 1_048_576 + " MB" : size / 1024 + " KB";
    }

    /** Two PNGs by gnuplot: against size and against connections, messages/s (left) and resident MB (right). */
    private static void plot(List<Point> points, List<String> servers, String prefix) {
        try {
            for (String axis : List.of("size", "connections")) {
                StringBuilder data = new StringBuilder();
                for (String server : servers) {
                    data.append("# ").append(server).append('\n');
                    points.stream().filter(p -> p.server().equals(server))
                        .filter(p -> axis.equals("size") ? p.connections() == 16 : p.size() == 4096)
                        .sorted(java.util.Comparator.comparingInt(p -> axis.equals("size") ? p.size() : p.connections()))
                        .forEach(p -> data.append(String.format(Locale.ROOT, "%d %.2f %d%n",
                            axis.equals("size") ? p.size() / 1024 : p.connections(), p.perSecond(), p.peakKb() / 1024)));
                    data.append("\n\n");
                }
                Path file = Files.createTempFile("growth-" + axis, ".dat");
                Files.writeString(file, data.toString());
                String xlabel = axis.equals("size") ? "message size (KB, 16 connections)" : "concurrent connections (4 KB messages)";
                StringBuilder plots = new StringBuilder();
                StringBuilder rss = new StringBuilder();
                for (int i = 0; i < servers.size(); i++) {
                    String sep = i == 0 ? "" : ", ";
                    plots.append(sep).append("'").append(file).append("' index ").append(i).append(" using 1:2 with linespoints title '")
                        .append(servers.get(i)).append("'");
                    rss.append(sep).append("'").append(file).append("' index ").append(i).append(" using 1:3 with linespoints title '")
                        .append(servers.get(i)).append("'");
                }
                String png = prefix + "-" + axis + ".png";
                String script = String.join("\n",
                    "set terminal pngcairo size 1200,480 font ',11'", "set output '" + Path.of(png).toAbsolutePath() + "'",
                    "set logscale x 2", "set grid", "set key top right", "set xlabel '" + xlabel + "'",
                    "set multiplot layout 1,2",
                    "set logscale y 10", "set title 'messages/s'", "plot " + plots,
                    "unset logscale y", "set yrange [0:*]", "set title 'peak proportional resident size, PSS (MB)'", "plot " + rss,
                    "unset multiplot", "");
                Comparison.gnuplot(script);
                System.out.println("plot: " + Path.of(png).toAbsolutePath());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
