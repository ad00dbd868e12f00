package org.leggio.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;
import org.leggio.ingest.source.testutil.TestMidiFiles;

class MidiScheduleTest {

    /** Records "command:pitch@micros" for every message received. */
    private static final class Recorder implements Receiver {
        final List<String> events = new ArrayList<>();

        @Override
        public void send(MidiMessage message, long timeStamp) {
            ShortMessage m = (ShortMessage) message;
            String kind = m.getCommand() == ShortMessage.NOTE_ON ? "on"
                    : m.getCommand() == ShortMessage.NOTE_OFF ? "off"
                    : Integer.toHexString(m.getCommand());
            events.add(kind + ":" + m.getData1() + "@" + timeStamp);
        }

        @Override
        public void close() {}
    }

    @Test
    void shouldUseTheDefaultTempoOf120Bpm() {
        Recorder r = new Recorder();
        long last = MidiSchedule.sendAll(TestMidiFiles.ppq(480).note(0, 60, 100, 480, 240).sequence(), r);
        assertEquals(List.of("on:60@500000", "off:60@750000"), r.events);
        assertEquals(750_000, last);
    }

    @Test
    void shouldHonourTempoChanges() {
        TestMidiFiles midi = TestMidiFiles.ppq(480)
                .tempo(0, 1_000_000)          // 60 bpm: 1 s per quarter
                .note(0, 60, 100, 480, 480)   // 1.0 s .. 2.0 s
                .tempo(960, 250_000)          // 240 bpm from 2.0 s
                .note(0, 62, 100, 1440, 240)  // 2.0 + 0.25 = 2.25 s .. 2.375 s
                .tempo(1680, 600_000)
                .note(0, 64, 100, 1680 + 480 * 3, 1);
        Recorder r = new Recorder();
        long last = MidiSchedule.sendAll(midi.sequence(), r);
        assertEquals(List.of("on:60@1000000", "off:60@2000000", "on:62@2250000", "off:62@2375000",
                "on:64@4175000", "off:64@4176250"), r.events);
        assertEquals(4_176_250, last);
    }

    @Test
    void shouldApplyATempoChangeInOneTrackToAllTracks() {
        TestMidiFiles midi = TestMidiFiles.ppq(96).tempo(96, 250_000).note(0, 70, 90, 192, 96);
        Recorder r = new Recorder();
        MidiSchedule.sendAll(midi.sequence(), r);
        assertEquals(List.of("on:70@750000", "off:70@1000000"), r.events);
    }

    @Test
    void shouldConvertSmpteTicksIgnoringTempo() {
        TestMidiFiles midi = TestMidiFiles.smpte(25, 40).tempo(0, 1_000_000).note(0, 60, 100, 500, 1000);
        Recorder r = new Recorder();
        long last = MidiSchedule.sendAll(midi.sequence(), r);
        assertEquals(List.of("on:60@500000", "off:60@1500000"), r.events);
        assertEquals(1_500_000, last);
    }

    @Test
    void shouldMergeTracksInTickOrderKeepingFileOrderOnTies() {
        TestMidiFiles midi =
                TestMidiFiles.ppq(480).program(0, 0).note(0, 60, 100, 0, 480).note(0, 64, 100, 0, 480);
        Recorder r = new Recorder();
        MidiSchedule.sendAll(midi.sequence(), r);
        assertEquals(List.of("c0:0@0", "on:60@0", "on:64@0", "off:60@500000", "off:64@500000"), r.events);
    }

    @Test
    void shouldCountOnlyAudibleNoteOns() {
        TestMidiFiles midi = TestMidiFiles.ppq(480).note(0, 60, 100, 0, 10)
                .add(ShortMessage.NOTE_ON, 0, 61, 0, 20);
        assertEquals(1, MidiSchedule.countNotes(midi.sequence()));
    }
}
