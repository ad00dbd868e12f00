package org.leggio.dataset.asap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The beat and downbeat annotations of a performance ({@code <perf>_annotations.txt}):
 * tab-separated {@code time_s, time_s, label} lines, no header, where the label is {@code
 * type[,time_signature[,key_signature]]}.
 */
public final class BeatAnnotations {
    /** What a beat line marks. */
    public enum BeatType {
        /** {@code b}: a beat. */
        BEAT("b"),
        /** {@code db}: a downbeat (first beat of a bar). */
        DOWNBEAT("db"),
        /** {@code bR}: a beat whose score position is ambiguous (e.g. rubato). */
        AMBIGUOUS_BEAT("bR");

        private final String label;

        BeatType(String label) {
            this.label = label;
        }

        /** The label as written in the file. */
        public String label() {
            return label;
        }

        static BeatType ofLabel(String label) {
            for (BeatType t : values()) {
                if (t.label.equals(label)) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * One annotated beat.
     *
     * @param timeSeconds time in the performance MIDI, seconds from its start
     * @param type beat, downbeat or ambiguous beat
     * @param timeSignatureOrNull e.g. {@code 3/4}, only where it changes; else null
     * @param keySharpsOrNull the key signature as sharps (negative = flats), only where it
     *     changes; else null
     */
    public record Beat(double timeSeconds, BeatType type, String timeSignatureOrNull, Integer keySharpsOrNull) {}

    private final List<Beat> beats;

    private BeatAnnotations(List<Beat> beats) {
        this.beats = List.copyOf(beats);
    }

    /**
     * Reads an annotation file.
     *
     * @param file the {@code _annotations.txt}
     * @return the beats in file order (which is time order in this corpus)
     * @throws AsapDataException naming the file and line on a missing file, a line with fewer than
     *     3 fields, an unknown type, or a time, time signature or key that does not parse
     */
    public static BeatAnnotations read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AsapDataException("cannot read beat annotations " + file + ": " + e, e);
        }
        List<Beat> beats = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                beats.add(parse(lines.get(i), file, i + 1));
            }
        }
        return new BeatAnnotations(beats);
    }

    /** All beats, in file order. */
    public List<Beat> beats() {
        return beats;
    }

    /** The downbeats only. */
    public List<Beat> downbeats() {
        return beats.stream().filter(b -> b.type() == BeatType.DOWNBEAT).toList();
    }

    private static Beat parse(String line, Path file, int lineNumber) {
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
            throw new AsapDataException(Csv.where(file, lineNumber) + "expected time<TAB>time<TAB>label, got '"
                    + line + "': " + file);
        }
        String[] label = f[2].strip().split(",", -1);
        BeatType type = BeatType.ofLabel(label[0]);
        if (type == null) {
            throw new AsapDataException(Csv.where(file, lineNumber) + "unknown beat type '" + label[0]
                    + "' (expected b, db or bR): " + file);
        }
        String timeSignature = label.length > 1 && !label[1].isBlank() ? label[1].strip() : null;
        if (timeSignature != null && !timeSignature.matches("\\d+/\\d+")) {
            throw new AsapDataException(Csv.where(file, lineNumber) + "bad time signature '" + timeSignature + "': "
                    + file);
        }
        try {
            double time = Double.parseDouble(f[0].strip());
            Integer key = label.length > 2 && !label[2].isBlank() ? Integer.valueOf(label[2].strip()) : null;
            return new Beat(time, type, timeSignature, key);
        } catch (NumberFormatException e) {
            throw new AsapDataException(Csv.where(file, lineNumber) + "bad time or key in '" + line + "': " + file, e);
        }
    }
}
