package org.leggio.ingest.source;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link AudioSource}s: audio files, MIDI files rendered offline, and capture devices.
 *
 * <p>Every failure is an {@link IngestException} whose message names the problem and the file or
 * device. Each call returns a new, independent source that the caller must close. The methods are
 * thread-safe; the sources they return are single-threaded (see {@link AudioSource}).
 *
 * <pre>{@code
 * AudioSources.validateFile(path);          // fail before publishing anything
 * try (AudioSource source = AudioSources.openFile(path)) {
 *     ... read until -1 ...
 * }
 * }</pre>
 */
public final class AudioSources {
    /** Sample rate of rendered MIDI, Hz: the front end's rate, so MIDI needs no resampling. */
    public static final int MIDI_SAMPLE_RATE_HZ = 22050;
    /** Audio rendered after the last MIDI event, so that notes can release, µs. */
    public static final long MIDI_TAIL_MICROS = 2_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(AudioSources.class);
    private static final int VALIDATION_BLOCK_SAMPLES = PcmStreamSource.MAX_FRAMES_PER_READ;

    private AudioSources() {}

    /**
     * Opens a WAV, AIFF or AU file for streaming.
     *
     * <p>Supported: 8-, 16-, 24- and 32-bit integer PCM (signed or unsigned, either byte order),
     * 32- and 64-bit float, μ-law and A-law (converted to 16-bit PCM by Java Sound), any number of
     * channels, any sample rate (reported, not converted). Capture times count from the instant
     * the file was opened. Opening reads only the header: a truncated data section is detected
     * when reading reaches it; call {@link #validateFile} first to fail before any audio is used.
     *
     * @param path the file
     * @return a source of kind {@code AUDIO_SOURCE_KIND_FILE}; the caller must close it
     * @throws IngestException if the file is missing, a directory, unreadable, empty, not audio,
     *     a MIDI file, of an unsupported encoding, or declares zero frames
     */
    public static AudioSource openFile(Path path) {
        Objects.requireNonNull(path, "path can't be null");
        PcmStreamSource source = AudioFileOpener.open(path, nowEpochMicros());
        LOG.debug("opened audio file {} at {} Hz", path, source.sampleRateHz());
        return source;
    }

    /**
     * Checks that a file can be used whole, by decoding it once without any DSP: everything
     * {@link #openFile} checks, and in addition that the data holds as many frames as the header
     * declares, that it decodes without error, and that it holds at least one frame.
     *
     * <p>Cost: one sequential read of the file; memory is constant.
     *
     * @param path the file
     * @throws IngestException naming the problem and the file, e.g. {@code "truncated: header
     *     declares 22050 frames, file holds 11025: /data/take.wav"}
     */
    public static void validateFile(Path path) {
        try (AudioSource source = openFile(path)) {
            float[] block = new float[VALIDATION_BLOCK_SAMPLES];
            while (source.read(block, 0, block.length) > 0) {
                // Decoding is the check.
            }
        }
    }

    /**
     * Renders a Standard MIDI File (type 0 or 1) offline with the JDK's Gervill synthesizer and
     * streams the result: {@value #MIDI_SAMPLE_RATE_HZ} Hz, rendered in stereo and mixed to mono
     * by the 16-bit integer mean, lasting until the last event plus {@link #MIDI_TAIL_MICROS}.
     * Rendering happens as the source is read (about 35-70 times faster than real time), in
     * constant memory.
     *
     * <p>Needs the JVM flag {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED}.
     *
     * @param midi the MIDI file
     * @param soundfontOrNull an SF2 bank whose instruments replace the synthesizer's default ones,
     *     or {@code null} for the JDK's default bank (its generated emergency bank unless a bank is
     *     installed where Gervill looks). SF3 banks are rejected: Gervill renders them silent.
     * @return a source of kind {@code AUDIO_SOURCE_KIND_MIDI}; the caller must close it
     * @throws IngestException if the MIDI file or soundfont is missing, unreadable or invalid,
     *     the MIDI file has no notes, or the JVM flag is missing
     */
    public static AudioSource openMidi(Path midi, Path soundfontOrNull) {
        Objects.requireNonNull(midi, "midi can't be null");
        PcmStreamSource source = MidiRenderer.open(midi, soundfontOrNull, nowEpochMicros());
        LOG.debug("rendering MIDI file {} with soundfont {}", midi,
                soundfontOrNull == null ? "(default)" : soundfontOrNull);
        return source;
    }

    /**
     * Starts capturing from a microphone or line input.
     *
     * <p>The line is opened at 22050 Hz mono 16-bit if the device offers it, else at 44100 or
     * 48000 Hz, mono or stereo; {@link AudioSource#sampleRateHz()} tells which. Capture starts
     * now: read promptly, the device buffers about half a second.
     *
     * @param mixerNameOrNull the Java Sound mixer name, as listed by {@link #captureDeviceNames()},
     *     or {@code null} for the system's default capture device
     * @return a live source of kind {@code AUDIO_SOURCE_KIND_MICROPHONE}; the caller must close it
     * @throws IngestException if there is no capture device, the named one does not exist (the
     *     message lists those that do), or it is busy or offers no usable format
     */
    public static AudioSource openMicrophone(String mixerNameOrNull) {
        CaptureDevices.OpenLine open = CaptureDevices.open(mixerNameOrNull);
        try {
            MicrophoneAudioSource source =
                    new MicrophoneAudioSource(open.line(), open.deviceName(), AudioSources::nowEpochMicros);
            LOG.debug("capturing from {} as {}", open.deviceName(), open.line().getFormat());
            return source;
        } catch (RuntimeException e) {
            open.line().close();
            throw e;
        }
    }

    /**
     * The names of the Java Sound mixers that offer a capture line, for {@link #openMicrophone}.
     *
     * @return the names, possibly empty (no sound card)
     */
    public static List<String> captureDeviceNames() {
        return CaptureDevices.captureDeviceNames();
    }

    private static long nowEpochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
