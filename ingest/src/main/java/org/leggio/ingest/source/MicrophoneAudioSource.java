package org.leggio.ingest.source;

import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.TargetDataLine;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.IngestException;
import org.leggio.proto.v1.AudioSourceKind;

/**
 * A live {@link AudioSource} over a Java Sound {@link TargetDataLine}: the one class that touches
 * the capture API.
 *
 * <p>Capture times come from the line's frame position, not from the clock when a read returns:
 * the wall clock is read once, when capture starts, and sample {@code i} was captured at that
 * anchor plus {@code (i + dropped) / rate}, where {@code dropped} counts frames the line
 * discarded on an overrun (seen as the line position running ahead of the frames delivered).
 */
final class MicrophoneAudioSource implements AudioSource {
    /** Past overruns whose offsets are kept, so that older samples still map to their times. */
    private static final int OFFSET_HISTORY = 16;

    private final TargetDataLine line;
    private final String deviceName;
    private final SampleDecoder decoder;
    private final int sampleRateHz;
    private final int frameSize;
    private final int minFramesPerRead;
    private final long toleranceFrames;
    private final byte[] bytes;
    private final long anchorEpochMicros;
    private final long anchorFramePosition;
    private final long[] offsetFromIndex = new long[OFFSET_HISTORY];
    private final long[] offsetFrames = new long[OFFSET_HISTORY];
    private int offsetCount = 1;
    private long deliveredFrames;
    private volatile boolean closed;

    /**
     * Starts capturing on {@code line}, which must be open; the source owns it from now on.
     *
     * @param epochMicros the wall clock, µs since the epoch, read once when capture starts
     */
    MicrophoneAudioSource(TargetDataLine line, String deviceName, LongSupplier epochMicros) {
        this.line = Objects.requireNonNull(line, "line can't be null");
        this.deviceName = Objects.requireNonNull(deviceName, "deviceName can't be null");
        AudioFormat format = line.getFormat();
        this.decoder = SampleDecoder.forFormat(format);
        this.sampleRateHz = Math.round(format.getSampleRate());
        this.frameSize = format.getFrameSize();
        this.minFramesPerRead = Math.max(1, sampleRateHz / 100);
        this.toleranceFrames = sampleRateHz / 50;
        this.bytes = new byte[PcmStreamSource.MAX_FRAMES_PER_READ * frameSize];
        line.flush();
        line.start();
        this.anchorEpochMicros = epochMicros.getAsLong();
        this.anchorFramePosition = line.getLongFramePosition();
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** Blocks until at least 10 ms of audio (or what is already buffered, if more) is captured. */
    @Override
    public int read(float[] buffer, int offset, int length) {
        PcmStreamSource.checkReadArguments(buffer, offset, length, false, deviceName);
        if (closed) {
            return -1;
        }
        int maxFrames = Math.min(length, PcmStreamSource.MAX_FRAMES_PER_READ);
        int buffered = line.available() / frameSize;
        int frames = Math.min(maxFrames, Math.max(buffered, minFramesPerRead));
        int got;
        try {
            got = line.read(bytes, 0, frames * frameSize) / frameSize;
        } catch (RuntimeException e) {
            if (closed) {
                return -1;
            }
            throw new IngestException("audio capture failed: " + deviceName + " (" + e + ")", e);
        }
        if (got <= 0) {
            return -1;
        }
        trackOverrun(got);
        decoder.decode(bytes, got, buffer, offset);
        deliveredFrames += got;
        return got;
    }

    /** Notes an overrun: the line's position ran ahead of the frames delivered plus buffered. */
    private void trackOverrun(int got) {
        long captured = line.getLongFramePosition() - anchorFramePosition;
        long stillBuffered = line.available() / frameSize;
        long offset = captured - stillBuffered - (deliveredFrames + got);
        if (offset - offsetFrames[(offsetCount - 1) % OFFSET_HISTORY] > toleranceFrames) {
            offsetFromIndex[offsetCount % OFFSET_HISTORY] = deliveredFrames;
            offsetFrames[offsetCount % OFFSET_HISTORY] = offset;
            offsetCount++;
        }
    }

    @Override
    public long captureTimeMicros(long sampleIndex) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0 but was " + sampleIndex);
        }
        long frame = sampleIndex + offsetAt(sampleIndex);
        return anchorEpochMicros + PcmStreamSource.sampleOffsetMicros(frame, sampleRateHz);
    }

    private long offsetAt(long sampleIndex) {
        int oldest = Math.max(0, offsetCount - OFFSET_HISTORY);
        for (int k = offsetCount - 1; k > oldest; k--) {
            if (offsetFromIndex[k % OFFSET_HISTORY] <= sampleIndex) {
                return offsetFrames[k % OFFSET_HISTORY];
            }
        }
        return offsetFrames[oldest % OFFSET_HISTORY];
    }

    @Override
    public AudioSourceKind kind() {
        return AudioSourceKind.AUDIO_SOURCE_KIND_MICROPHONE;
    }

    @Override
    public String description() {
        return deviceName;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    /** Stops capture; a read blocked in another thread returns -1. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        line.stop();
        line.close();
    }
}
