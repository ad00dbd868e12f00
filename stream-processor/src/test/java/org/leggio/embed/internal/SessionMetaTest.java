package org.leggio.embed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The session record's byte form and its frame-to-capture-time arithmetic. */
class SessionMetaTest {
    @Test
    void survivesTheStore() {
        SessionMeta meta = new SessionMeta(7, 99, 97, 48, 90, 1_700_000_000_000_000L, 123_456L);
        assertThat(SessionMeta.decode(meta.encode())).isEqualTo(meta);
        assertThatThrownBy(() -> SessionMeta.decode(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void captureTimesFollowTheFrameStartsFromTheAnchor() {
        SessionMeta meta = new SessionMeta(1, 10, -1, 0, 10, 5_000_000L, 0);
        assertThat(meta.captureMicrosOf(10)).isEqualTo(5_000_000L);
        // 20 frames = 22050 samples = exactly one second later
        assertThat(meta.captureMicrosOf(30)).isEqualTo(6_000_000L);
        // an odd frame starts at sample floor(1102.5 k), half a sample (22.7 µs) before k · 50 ms
        assertThat(meta.captureMicrosOf(11) - meta.captureMicrosOf(10)).isBetween(49_970L, 50_000L);
    }

    @Test
    void anEmittedEmbeddingTakesASequenceNumberAndASkippedOneDoesNot() {
        SessionMeta meta = SessionMeta.fresh();
        SessionMeta emitted = meta.withEmitted(1);
        assertThat(emitted.lastEmbeddedFrame()).isEqualTo(1);
        assertThat(emitted.nextEmbeddingSequence()).isEqualTo(1);
        SessionMeta skipped = emitted.withSkipped(3);
        assertThat(skipped.lastEmbeddedFrame()).isEqualTo(3);
        assertThat(skipped.nextEmbeddingSequence()).isEqualTo(1);
    }
}
