package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leggio.app.Leggio;

/**
 * Every kind of bad input gives exit code 1, one clear line naming the problem and the file, and
 * leaves nothing on the topic — not even uncommitted records.
 */
class BadInputIT extends BrokerTestBase {

    static Stream<Arguments> badInputs() throws IOException {
        Path good = TestAudio.writeWav(Files.createTempFile("good", ".wav"), TestAudio.tones(22050, 2.0, 1, 1), 22050, 1);
        byte[] wav = Files.readAllBytes(good);
        Path truncated = Files.write(Files.createTempFile("truncated", ".wav"), Arrays.copyOf(wav, wav.length / 2));
        Path notAudio = Files.writeString(Files.createTempFile("notes", ".wav"), "these are my rehearsal notes, not audio\n".repeat(20));
        Path empty = Files.createTempFile("empty", ".wav");
        byte[] headerOnly = Arrays.copyOf(wav, 44);
        ByteBuffer.wrap(headerOnly).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 36).putInt(40, 0); // RIFF and data sizes
        Path zeroFrames = Files.write(Files.createTempFile("zero-frames", ".wav"), headerOnly);
        byte[] adpcm = wav.clone();
        ByteBuffer.wrap(adpcm).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 2); // WAVE_FORMAT_ADPCM
        Path unsupported = Files.write(Files.createTempFile("adpcm", ".wav"), adpcm);
        Path badMidi = Files.writeString(Files.createTempFile("broken", ".mid"), "MThd but not really a MIDI file");
        Path missingSoundfont = Path.of("/nonexistent/piano.sf2");
        Path goodMidi = Files.createTempFile("good", ".mid");
        try (var in = Leggio.class.getResourceAsStream("/org/leggio/app/demo/bwv846-bars1-11.mid")) {
            Files.copy(in, goodMidi, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return Stream.of(
                Arguments.of("truncated WAV", List.of("--file", truncated.toString()), truncated, "truncated"),
                Arguments.of("not audio", List.of("--file", notAudio.toString()), notAudio, "not"),
                Arguments.of("empty file", List.of("--file", empty.toString()), empty, "zero-length"),
                Arguments.of("zero frames", List.of("--file", zeroFrames.toString()), zeroFrames, "zero-length"),
                Arguments.of("unsupported encoding", List.of("--file", unsupported.toString()), unsupported, "unsupported"),
                Arguments.of("missing file", List.of("--file", dir.resolve("nope.wav").toString()), dir.resolve("nope.wav"), "not found"),
                Arguments.of("unreadable MIDI", List.of("--midi", badMidi.toString()), badMidi, "MIDI"),
                Arguments.of("missing soundfont", List.of("--midi", goodMidi.toString(), "--soundfont", missingSoundfont.toString()),
                        missingSoundfont, "soundfont not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void shouldFailWithOneClearMessageNamingTheFile(String label, List<String> sourceArgs, Path named, String problem) {
        String session = "bad-" + label.replace(' ', '-');
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("ingest", "--session", session, "--bootstrap", broker.bootstrapServers()),
                sourceArgs.stream()).toArray(String[]::new);
        int exit = Leggio.run(new PrintWriter(err, true), args);
        String message = err.toString().strip();
        assertThat(exit).as(message).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(message).startsWith("leggio: error: ").contains(named.toString()).containsIgnoringCase(problem);
        assertThat(message.lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void shouldNameAnUnreachableBroker() {
        StringWriter err = new StringWriter();
        int exit = Leggio.run(new PrintWriter(err, true), "ingest", "--session", "bad-broker", "--bootstrap", "127.0.0.1:1");
        assertThat(exit).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(err.toString().strip()).startsWith("leggio: error: ").contains("127.0.0.1:1").containsIgnoringCase("reach");
    }

    @Test
    void shouldNameAMissingCorpusDirectoryWithoutAStackTrace() {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("no-asap-here");
        int exit = Leggio.run(new PrintWriter(err, true), "dataset", "build", "--asap", missing.toString(),
                "--out", dir.resolve("dataset-out").toString());
        String message = err.toString().strip();
        assertThat(exit).as(message).isEqualTo(Leggio.EXIT_FAILURE);
        // the soundfont is looked for first: either problem is a clear one-line error, never a bug report
        assertThat(message).startsWith("leggio: error: ").containsAnyOf(missing.toString(), "soundfont");
        assertThat(message.lines()).as("one line, no stack trace").hasSize(1);
    }

    @Test
    void shouldRejectAnInvalidSessionIdBeforeDoingAnything() {
        StringWriter err = new StringWriter();
        int exit = Leggio.run(new PrintWriter(err, true), "ingest", "--session", "no spaces/allowed", "--bootstrap", "127.0.0.1:1");
        assertThat(exit).isEqualTo(Leggio.EXIT_FAILURE);
        assertThat(err.toString()).contains("sessionId must be 1-128 characters");
    }

    /** Repeats every bad input, then ingests a good file as an end marker: nothing else may be on the topic. */
    @Test
    void shouldLeaveNothingOfTheBadSessionsOnTheTopic() throws IOException {
        for (Arguments bad : badInputs().toList()) {
            Object[] a = bad.get();
            @SuppressWarnings("unchecked")
            List<String> sourceArgs = (List<String>) a[1];
            String[] args = Stream.concat(Stream.of("ingest", "--session", "bad2-" + a[0].toString().replace(' ', '-'),
                    "--bootstrap", broker.bootstrapServers()), sourceArgs.stream()).toArray(String[]::new);
            assertThat(Leggio.run(new PrintWriter(new StringWriter()), args)).isEqualTo(Leggio.EXIT_FAILURE);
        }
        Path good = TestAudio.writeWav(dir.resolve("marker.wav"), TestAudio.tones(22050, 1.0, 1, 5), 22050, 1);
        assertThat(Leggio.run("ingest", "--file", good.toString(), "--session", "marker", "--bootstrap",
                broker.bootstrapServers())).isZero();
        try (ChunkTopicReader reader = new ChunkTopicReader(broker.bootstrapServers(), "read_uncommitted")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !reader.poll("marker").isEmpty()
                    && reader.poll("marker").get(reader.poll("marker").size() - 1).getEndOfStream());
            assertThat(reader.sessions()).noneMatch(s -> s.startsWith("bad"));
        }
    }
}
