package org.leggio.dataset.asap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Builds small Standard MIDI Files for tests (copied from the ingest module's test utilities,
 * which are not visible here): notes and tempo changes at given ticks, written as
 * type 1 files. Depends on the JDK only.
 *
 * <pre>{@code
 * Path midi = TestMidiFiles.ppq(480)              // 480 ticks per quarter note, 120 bpm
 *         .note(0, 60, 100, 480, 480)             // middle C from 0.5 s to 1.0 s
 *         .write(dir.resolve("c.mid"));
 * }</pre>
 */
final class TestMidiFiles {
    private final Sequence sequence;
    private final Track tempoTrack;
    private final Track noteTrack;

    private TestMidiFiles(float divisionType, int resolution) {
        try {
            sequence = new Sequence(divisionType, resolution);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        tempoTrack = sequence.createTrack();
        noteTrack = sequence.createTrack();
    }

    /** A file with PPQ division: {@code ticksPerQuarter} ticks per quarter note, 120 bpm until changed. */
    public static TestMidiFiles ppq(int ticksPerQuarter) {
        return new TestMidiFiles(Sequence.PPQ, ticksPerQuarter);
    }

    /** A file with SMPTE division: {@code framesPerSecond} (24, 25 or 30) × {@code ticksPerFrame}. */
    public static TestMidiFiles smpte(float framesPerSecond, int ticksPerFrame) {
        return new TestMidiFiles(framesPerSecond, ticksPerFrame);
    }

    /** Sets the tempo from {@code tick} on, in µs per quarter note (500000 = 120 bpm). */
    public TestMidiFiles tempo(long tick, int microsPerQuarter) {
        byte[] data = {
            (byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter
        };
        try {
            tempoTrack.add(new MidiEvent(new MetaMessage(0x51, data, 3), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Selects General MIDI program {@code program} (0 = grand piano) on {@code channel} at tick 0. */
    public TestMidiFiles program(int channel, int program) {
        return add(ShortMessage.PROGRAM_CHANGE, channel, program, 0, 0);
    }

    /** A note from {@code startTick} lasting {@code lengthTicks}. */
    public TestMidiFiles note(int channel, int pitch, int velocity, long startTick, long lengthTicks) {
        add(ShortMessage.NOTE_ON, channel, pitch, velocity, startTick);
        return add(ShortMessage.NOTE_OFF, channel, pitch, 0, startTick + lengthTicks);
    }

    /** Any channel message at {@code tick}. */
    public TestMidiFiles add(int command, int channel, int data1, int data2, long tick) {
        try {
            noteTrack.add(new MidiEvent(new ShortMessage(command, channel, data1, data2), tick));
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** The sequence built so far. */
    public Sequence sequence() {
        return sequence;
    }

    /** Writes the sequence as a type 1 Standard MIDI File. */
    public Path write(Path file) {
        try {
            MidiSystem.write(sequence, 1, file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
