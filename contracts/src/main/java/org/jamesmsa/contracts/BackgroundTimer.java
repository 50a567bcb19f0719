package org.jamesmsa.contracts;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** One named daemon thread for a service's periodic work, so that it never keeps the JVM from stopping. */
public final class BackgroundTimer {
    private BackgroundTimer() {
    }

    public static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
