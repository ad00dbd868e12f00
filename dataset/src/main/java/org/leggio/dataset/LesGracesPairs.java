package org.leggio.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.Spectrograms;
import org.leggio.ingest.source.AudioSources;
import org.leggio.model.SheetSnippets;
import org.leggio.model.StripImage;
import org.leggio.model.eval.PairInfo;
import org.leggio.model.eval.PairSet;

/**
 * The 107 check pairs of the reference piece <i>Les Graces</i> ({@code
 * ../shared/reference/README.md} §2.3), built the way a Leggio deployment sees them: the
 * spectrogram computed here from the WAV, the snippets cut here from the unrolled score PNG.
 * Evaluating the published network on them must reproduce the reference table (audio→sheet MRR
 * 0.956, R@1 0.916, R@5 1.0).
 */
public final class LesGracesPairs {
    /** Files of {@code shared/reference} this builder reads. */
    public static final String WAV = "lesgraces_fluidsynth_22050.wav";
    public static final String SCORE_PNG = "lesgraces_unrolled_score.png";
    public static final String NOTEHEADS_CSV = "lesgraces_noteheads.csv";
    /** Piece id of the pairs. */
    public static final String PIECE_ID = "lesgraces";

    private LesGracesPairs() {}

    /** One notehead row of the CSV that belongs to the check. */
    record CheckPair(int stripXPx, int onsetFrame) {}

    /**
     * Builds the pairs with audio windows of {@code audioContextFrames} frames centred on each
     * onset ({@code spec[:, o − T/2 : o + T/2]}).
     *
     * @param referenceDir {@code ../shared/reference}
     */
    public static PairSet build(Path referenceDir, int audioContextFrames) throws IOException {
        float[][] spectrogram;
        try (AudioSource source = AudioSources.openFile(referenceDir.resolve(WAV))) {
            spectrogram = Spectrograms.of(source);
        }
        StripImage strip = StripImage.read(referenceDir.resolve(SCORE_PNG));
        PairSet.Builder builder = PairSet.builder(audioContextFrames)
                .description("Les Graces: the 107 check pairs of shared/reference/README.md §2.3, spectrogram and snippets computed by Leggio");
        for (CheckPair pair : checkPairs(referenceDir.resolve(NOTEHEADS_CSV))) {
            builder.add(new PairInfo(PIECE_ID, pair.stripXPx(), pair.onsetFrame(), "fluidsynth-fluidr3"),
                    SheetSnippets.cut(strip, pair.stripXPx()),
                    AudioWindow.CENTRED.cut(spectrogram, pair.onsetFrame(), audioContextFrames));
        }
        return builder.build();
    }

    /** Rows with {@code check_pair >= 0}, in order of their x in the strip. */
    static List<CheckPair> checkPairs(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).startsWith("notehead,x,y,onset_s,onset_frame,check_pair")) {
            throw new IOException("unexpected header in " + csv + ": expected notehead,x,y,onset_s,onset_frame,check_pair");
        }
        List<CheckPair> pairs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length >= 6 && Integer.parseInt(f[5].trim()) >= 0) {
                pairs.add(new CheckPair(Integer.parseInt(f[1].trim()), Integer.parseInt(f[4].trim())));
            }
        }
        pairs.sort(Comparator.comparingInt(CheckPair::stripXPx));
        return pairs;
    }
}
