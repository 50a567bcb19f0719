package org.jamesmsa.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server of Debian's package in a private data folder on a free loopback port, started and stopped by
 * {@code cluster/postgres.sh}, the script an operator uses to try the cluster on one machine.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    static final String USER = "james";
    static final String PASSWORD = "a database password";
    private static final Path SCRIPT = Path.of(System.getProperty("msa.cluster.dir"), "postgres.sh");

    /** Chosen at once, so that a server fixture built beside this one can be given the URL. */
    private final int port = FreePorts.next();
    private Path data;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path folder = Files.createTempDirectory("postgres");
        // The server runs as the postgres user, which must reach its data folder.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = folder.resolve("data");
        run(List.of(SCRIPT.toString(), "start", data.toString(), Integer.toString(port)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (data != null) {
            run(List.of(SCRIPT.toString(), "stop", data.toString()));
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/james";
    }

    /** The MSA_* variables of a node on this database. */
    Map<String, String> environment() {
        return Map.of("MSA_DATABASE_URL", url(), "MSA_DATABASE_USER", USER, "MSA_DATABASE_PASSWORD", PASSWORD);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MSA_DATABASE_PASSWORD", PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
