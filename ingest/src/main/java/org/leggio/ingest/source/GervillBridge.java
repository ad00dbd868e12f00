package org.leggio.ingest.source;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.leggio.ingest.IngestException;

/**
 * Reaches Gervill's offline rendering API, {@code com.sun.media.sound.AudioSynthesizer.openStream},
 * by reflection: {@code javac --release} refuses {@code --add-exports}, so the call cannot be
 * compiled against, and at run time the JVM needs {@value #JVM_FLAG}.
 */
final class GervillBridge {
    /** The JVM flag that opens Gervill's package to this code. */
    static final String JVM_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

    private static final String PACKAGE = "com.sun.media.sound";
    private static final String AUDIO_SYNTHESIZER = PACKAGE + ".AudioSynthesizer";
    /** Enough voices for dense piano music with the sustain pedal down (Gervill's default is 64). */
    private static final Map<String, Object> OPTIONS = Map.of("max polyphony", 256);

    /** An open synthesizer and the audio it renders. */
    record Rendering(Synthesizer synthesizer, AudioInputStream stream) {}

    private GervillBridge() {}

    /**
     * Opens a new Gervill synthesizer in pull mode: every read of the returned (endless) stream
     * renders that much audio. Closing the synthesizer ends the stream.
     *
     * @param midi the file being rendered, for messages
     * @return the synthesizer (open) and its output stream
     */
    static Rendering open(AudioFormat format, Path midi) {
        Class<?> api = audioSynthesizerClass(midi);
        if (!api.getModule().isExported(PACKAGE, GervillBridge.class.getModule())) {
            throw new IngestException("MIDI rendering needs the JVM flag " + JVM_FLAG + ": " + midi);
        }
        Synthesizer synth = findSynthesizer(api, midi);
        try {
            Method openStream = api.getMethod("openStream", AudioFormat.class, Map.class);
            AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, format, OPTIONS);
            return new Rendering(synth, stream);
        } catch (IllegalAccessException e) {
            throw new IngestException("MIDI rendering needs the JVM flag " + JVM_FLAG + ": " + midi, e);
        } catch (InvocationTargetException e) {
            throw new IngestException("cannot start the MIDI synthesizer for " + midi + ": " + e.getCause(),
                    e.getCause());
        } catch (NoSuchMethodException e) {
            throw new IngestException("this JDK's Gervill has no openStream(AudioFormat, Map),"
                    + " needed to render " + midi, e);
        }
    }

    private static Class<?> audioSynthesizerClass(Path midi) {
        try {
            return Class.forName(AUDIO_SYNTHESIZER);
        } catch (ClassNotFoundException e) {
            throw new IngestException("this JVM lacks the Gervill synthesizer (" + AUDIO_SYNTHESIZER
                    + ") needed to render " + midi, e);
        }
    }

    private static Synthesizer findSynthesizer(Class<?> api, Path midi) {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            if (api.isInstance(synth)) {
                return synth;
            }
            for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
                MidiDevice device = MidiSystem.getMidiDevice(info);
                if (api.isInstance(device)) {
                    return (Synthesizer) device;
                }
            }
        } catch (MidiUnavailableException e) {
            throw new IngestException("no MIDI synthesizer available to render " + midi + ": " + e, e);
        }
        throw new IngestException("no synthesizer that can render offline (Gervill) to render " + midi);
    }
}
