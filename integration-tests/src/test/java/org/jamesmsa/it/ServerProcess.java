package org.jamesmsa.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server started as a separate process (the launcher, the Docker entrypoint), with its output kept in a file. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ServerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Every JVM the process starts asks DNS on loopback only (dnsjava reads dns.server), never the system's resolver. */
    static final String LOOPBACK_DNS = "-Ddns.server=" + System.getProperty("dns.server", "127.0.0.1:9");

    static ServerProcess start(List<String> command, Map<String, String> env) throws IOException {
        Path output = Files.createTempFile("server-process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_TOOL_OPTIONS", LOOPBACK_DNS);
        builder.environment().putAll(env);
        return new ServerProcess(builder.start(), output);
    }

    String log() throws IOException {
        return Files.readString(output);
    }

    /** The output without the JVM's "Picked up JAVA_TOOL_OPTIONS" notice. */
    String ownOutput() throws IOException {
        return log().lines().filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS")).collect(java.util.stream.Collectors.joining("\n"));
    }

    Process process() {
        return process;
    }

    /**
     * Waits until James says it started (all listeners and webadmin are up), then checks that the cleartext SMTP
     * listener greets; fails early with the output if the process died.
     */
    void awaitStarted(int smtpPort) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!log().contains("JAMES server started")) {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + ":\n" + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("James did not start:\n" + log());
            }
            Thread.sleep(200);
        }
        try (SmtpClient ignored = SmtpClient.connect(smtpPort, null)) {
            // greeted
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
