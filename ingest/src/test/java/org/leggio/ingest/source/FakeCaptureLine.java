package org.leggio.ingest.source;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.TargetDataLine;

/**
 * A scripted capture line: {@link #capture} makes frames available (a ramp of 16-bit values), and
 * {@link #drop} simulates an overrun, where captured frames are lost but the frame position counts
 * them. Reads never block: they return what is available.
 */
final class FakeCaptureLine implements TargetDataLine {
    private final AudioFormat format;
    private long capturedFrames;
    private long consumedFrames;
    private long droppedFrames;
    private boolean open = true;
    private boolean running;

    FakeCaptureLine(AudioFormat format) {
        this.format = format;
    }

    /** Makes {@code frames} more frames available to read. */
    void capture(long frames) {
        capturedFrames += frames;
    }

    /** Loses the {@code frames} oldest unread frames, as an overrun does. */
    void drop(long frames) {
        consumedFrames += frames;
        droppedFrames += frames;
    }

    /** The 16-bit value of every channel in the frame at line position {@code frame}. */
    static short valueAt(long frame) {
        return (short) (frame * 7 % 30000);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (!open) {
            return 0;
        }
        int frameSize = format.getFrameSize();
        int frames = (int) Math.min(len / frameSize, capturedFrames - consumedFrames);
        int pos = off;
        for (int i = 0; i < frames; i++) {
            short v = valueAt(consumedFrames + i);
            for (int c = 0; c < format.getChannels(); c++) {
                b[pos++] = (byte) v;
                b[pos++] = (byte) (v >> 8);
            }
        }
        consumedFrames += frames;
        return frames * frameSize;
    }

    @Override
    public int available() {
        return (int) (capturedFrames - consumedFrames) * format.getFrameSize();
    }

    @Override
    public long getLongFramePosition() {
        return capturedFrames;
    }

    @Override
    public int getFramePosition() {
        return (int) capturedFrames;
    }

    @Override
    public long getMicrosecondPosition() {
        return (long) (capturedFrames * 1e6 / format.getSampleRate());
    }

    long droppedFrames() {
        return droppedFrames;
    }

    @Override
    public void open(AudioFormat format, int bufferSize) {
        open = true;
    }

    @Override
    public void open(AudioFormat format) {
        open = true;
    }

    @Override
    public void open() {
        open = true;
    }

    @Override
    public void close() {
        open = false;
        running = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isActive() {
        return running;
    }

    @Override
    public void drain() {}

    @Override
    public void flush() {
        consumedFrames = capturedFrames;
    }

    @Override
    public AudioFormat getFormat() {
        return format;
    }

    @Override
    public int getBufferSize() {
        return 1 << 20;
    }

    @Override
    public float getLevel() {
        return AudioSystem.NOT_SPECIFIED;
    }

    @Override
    public DataLine.Info getLineInfo() {
        return new DataLine.Info(TargetDataLine.class, format);
    }

    @Override
    public Control[] getControls() {
        return new Control[0];
    }

    @Override
    public boolean isControlSupported(Control.Type control) {
        return false;
    }

    @Override
    public Control getControl(Control.Type control) {
        throw new IllegalArgumentException("no controls");
    }

    @Override
    public void addLineListener(LineListener listener) {}

    @Override
    public void removeLineListener(LineListener listener) {}
}
