package org.leggio.ingest.source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import org.leggio.ingest.IngestException;

/**
 * Finds a Java Sound capture line and opens it in the best format it offers: 22050 Hz mono
 * 16-bit first (no resampling needed), then 44100 or 48000 Hz, mono then stereo.
 */
final class CaptureDevices {
    /** The name used for the system's default capture device. */
    static final String DEFAULT_DEVICE = "default audio capture device";
    /** Formats tried, best first; all 16-bit signed little-endian. */
    static final List<AudioFormat> PREFERRED_FORMATS = List.of(
            pcm16(22050, 1), pcm16(44100, 1), pcm16(48000, 1), pcm16(44100, 2), pcm16(48000, 2));
    /** Capture buffer length: long enough to ride out a stall of the reading thread. */
    private static final int BUFFER_MILLIS = 500;

    private CaptureDevices() {}

    /** An open (not yet started) capture line and the name of its device. */
    record OpenLine(TargetDataLine line, String deviceName) {}

    /** Names of the mixers that offer a capture line. */
    static List<String> captureDeviceNames() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : captureMixers()) {
            names.add(info.getName());
        }
        return names;
    }

    /**
     * Opens a capture line on the named mixer, or on the default device if {@code mixerName} is
     * null.
     */
    static OpenLine open(String mixerName) {
        List<Mixer.Info> mixers = captureMixers();
        if (mixerName == null) {
            if (mixers.isEmpty()) {
                throw new IngestException("no audio capture device found (Java Sound lists no mixer with a"
                        + " capture line; mixers present: " + allMixerNames() + ")");
            }
            return openDefault();
        }
        for (Mixer.Info info : mixers) {
            if (info.getName().equals(mixerName)) {
                return openOn(AudioSystem.getMixer(info), mixerName);
            }
        }
        throw new IngestException("audio capture device not found: '" + mixerName
                + "' (available capture devices: " + join(captureDeviceNames()) + ")");
    }

    private static OpenLine openDefault() {
        for (AudioFormat format : PREFERRED_FORMATS) {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
            if (AudioSystem.isLineSupported(info)) {
                try {
                    return opened((TargetDataLine) AudioSystem.getLine(info), format, DEFAULT_DEVICE);
                } catch (LineUnavailableException e) {
                    throw unavailable(DEFAULT_DEVICE, e);
                }
            }
        }
        throw noFormat(DEFAULT_DEVICE);
    }

    private static OpenLine openOn(Mixer mixer, String name) {
        for (AudioFormat format : PREFERRED_FORMATS) {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
            if (mixer.isLineSupported(info)) {
                try {
                    return opened((TargetDataLine) mixer.getLine(info), format, name);
                } catch (LineUnavailableException e) {
                    throw unavailable(name, e);
                }
            }
        }
        throw noFormat(name);
    }

    private static OpenLine opened(TargetDataLine line, AudioFormat format, String name)
            throws LineUnavailableException {
        int bufferBytes = (int) format.getSampleRate() * BUFFER_MILLIS / 1000 * format.getFrameSize();
        line.open(format, bufferBytes);
        return new OpenLine(line, name);
    }

    private static IngestException unavailable(String name, LineUnavailableException e) {
        return new IngestException("audio capture device busy or unavailable: " + name + " (" + e.getMessage()
                + ")", e);
    }

    private static IngestException noFormat(String name) {
        return new IngestException("audio capture device supports none of the formats "
                + PREFERRED_FORMATS + ": " + name);
    }

    private static List<Mixer.Info> captureMixers() {
        List<Mixer.Info> result = new ArrayList<>();
        Line.Info capture = new Line.Info(TargetDataLine.class);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(info).isLineSupported(capture)) {
                result.add(info);
            }
        }
        return result;
    }

    private static String allMixerNames() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            names.add(info.getName());
        }
        return join(names);
    }

    private static String join(List<String> names) {
        return names.isEmpty()
                ? "none"
                : names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    private static AudioFormat pcm16(int rateHz, int channels) {
        return new AudioFormat(rateHz, 16, channels, true, false);
    }
}
