package org.leggio.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Checks and formats durations for messages. */
final class Durations {

    private Durations() {
    }

    /** Formats for people: {@code "5 s"}, {@code "1.5 s"}, {@code "250 ms"}. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Returns {@code duration} in milliseconds after checking it is positive. */
    static long checkPositiveMillis(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " can't be null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0 but was " + duration);
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
