package org.leggio.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leggio spectrogram IN OUT.npy}: the front end's 92 × n_frames matrix, for inspection. */
@Command(name = "spectrogram", mixinStandardHelpOptions = true,
        description = {"Writes the log-frequency spectrogram of an audio or MIDI file as a NumPy .npy file:",
            "float32, shape (92, n_frames), row = band (lowest first), 20 frames per second."})
final class SpectrogramCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "WAV/AIFF/AU file, or a MIDI file (.mid/.midi) rendered with --soundfont.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.npy", description = "Output file.")
    Path output;

    @Option(names = "--soundfont", paramLabel = "SF2", description = "SF2 bank for MIDI input (default: the JDK's built-in bank).")
    Path soundfont;

    @Override
    public Integer call() throws Exception {
        try (AudioSource source = Sources.open(input, soundfont)) {
            float[][] spectrogram = Spectrograms.of(source);
            Npy.writeFloat32(output, spectrogram);
            System.out.printf("%s: %d bands x %d frames (%.2f s) -> %s%n", input, spectrogram.length,
                    spectrogram[0].length, spectrogram[0].length / 20.0, output);
        }
        return 0;
    }
}
