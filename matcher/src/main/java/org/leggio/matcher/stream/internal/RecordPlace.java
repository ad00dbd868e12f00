package org.leggio.matcher.stream.internal;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/** Where the record being processed came from, for log lines: {@code topic-partition@offset}. */
final class RecordPlace {
    private RecordPlace() {
    }

    static String of(ProcessingContext context) {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(no record metadata: a punctuation)");
    }
}
