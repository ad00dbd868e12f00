package org.leggio.app;

import java.util.concurrent.CountDownLatch;

/** Keeps a service command alive until the JVM is asked to stop (Ctrl-C, SIGTERM). */
final class ServiceRunner {
    private ServiceRunner() {
    }

    /** Registers {@code stop} to run at shutdown; the returned latch opens once it has run. */
    static CountDownLatch stopOnShutdown(Runnable stop, String threadName) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, threadName));
        return stopped;
    }
}
