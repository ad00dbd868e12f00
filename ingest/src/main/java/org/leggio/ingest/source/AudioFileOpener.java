package org.leggio.ingest.source;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.leggio.ingest.IngestException;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * Opens WAV, AIFF and AU files through Java Sound as {@link PcmStreamSource}s, converting μ-law and
 * A-law to 16-bit PCM, and turns every failure into an {@link IngestException} naming the file.
 */
final class AudioFileOpener {
    private static final String WHAT = "audio file";

    private AudioFileOpener() {}

    /** Opens {@code path}; the caller owns (and must close) the result. */
    static PcmStreamSource open(Path path, long startEpochMicros) {
        FileChecks.requireReadableFile(path, WHAT);
        byte[] head = FileChecks.head(path, HeaderDiagnosis.HEAD_BYTES);
        if (isMidi(head)) {
            throw new IngestException("a MIDI file, not audio (open it with AudioSources.openMidi): " + path);
        }
        AudioInputStream stream = openStream(path, head);
        try {
            return decoded(path, toDecodable(path, stream), startEpochMicros);
        } catch (RuntimeException e) {
            closeQuietly(stream);
            throw e;
        }
    }

    /** Whether the bytes start like a Standard MIDI File (plain or RIFF RMID). */
    static boolean isMidi(byte[] head) {
        return FileChecks.hasTag(head, 0, "MThd")
                || (FileChecks.hasTag(head, 0, "RIFF") && FileChecks.hasTag(head, 8, "RMID"));
    }

    private static AudioInputStream openStream(Path path, byte[] head) {
        try {
            return AudioSystem.getAudioInputStream(path.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new IngestException(HeaderDiagnosis.explain(path, head), e);
        } catch (IOException e) {
            throw new IngestException("cannot read " + WHAT + ": " + path + " (" + e + ")", e);
        }
    }

    private static AudioInputStream toDecodable(Path path, AudioInputStream stream) {
        AudioFormat format = stream.getFormat();
        if (SampleDecoder.canDecode(format)) {
            return stream;
        }
        AudioFormat pcm16 = new AudioFormat(format.getSampleRate(), 16, format.getChannels(), true, false);
        boolean companded = AudioFormat.Encoding.ULAW.equals(format.getEncoding())
                || AudioFormat.Encoding.ALAW.equals(format.getEncoding());
        if (companded && AudioSystem.isConversionSupported(pcm16, format)) {
            return AudioSystem.getAudioInputStream(pcm16, stream);
        }
        throw new IngestException(String.format("unsupported encoding: %s: %s (supported: %s)",
                SampleDecoder.describe(format), path, HeaderDiagnosis.SUPPORTED_FILES));
    }

    private static PcmStreamSource decoded(Path path, AudioInputStream stream, long startEpochMicros) {
        AudioFormat format = stream.getFormat();
        int rate = sampleRateOf(path, format);
        long frames = stream.getFrameLength();
        if (frames == 0) {
            throw new IngestException("zero-length audio (header declares 0 frames): " + path);
        }
        return new PcmStreamSource(stream, SampleDecoder.forFormat(format), frames, rate,
                AudioSourceKind.AUDIO_SOURCE_KIND_FILE, path.toString(), startEpochMicros, null);
    }

    private static int sampleRateOf(Path path, AudioFormat format) {
        float rate = format.getSampleRate();
        long rounded = Math.round(rate);
        if (!(rate > 0) || rounded > Integer.MAX_VALUE || Math.abs(rate - rounded) > 0.01) {
            throw new IngestException("unsupported sample rate " + rate + " Hz: " + path);
        }
        return (int) rounded;
    }

    private static void closeQuietly(AudioInputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Opening failed already; that failure is the one to report.
        }
    }
}
