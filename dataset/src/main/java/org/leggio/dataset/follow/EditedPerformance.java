package org.leggio.dataset.follow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A performance with its form changed: an ordered list of {@link Segment}s, each a frame range of
 * one of the source renderings or silence, played one after another. Gives the spliced spectrogram,
 * the ground truth re-timed onto the output timeline and the times of the edits. Built by
 * {@link FormChanges}, or directly.
 *
 * <p>Frames are spectrogram frames, 20 per second; the output timeline starts at 0 with the first
 * segment. A source note belongs to the output when its onset frame ({@link TruthNote#frame()},
 * {@code round(t · 20)}) falls in a segment {@code [fromFrame, toFrame)}; it is then re-timed to
 * {@code segmentOutputStart / 20 + (t − fromFrame / 20)}. A note lying in several segments (a
 * repeated stretch) appears once per segment.
 *
 * <p>Immutable; the spectrogram is read from the sources' files at each {@link #spectrogram()} call,
 * one source at a time. Thread-safe.
 */
public final class EditedPerformance {
    private final String name;
    private final List<FollowingPerformance> sources;
    private final List<Segment> segments;

    /**
     * @param name the kind of change ({@code "skip-repeat"}, …)
     * @param sources the source renderings that segments index
     * @param segments the output, in order
     * @throws IllegalArgumentException if a segment names a source that is not there
     */
    public EditedPerformance(String name, List<FollowingPerformance> sources, List<Segment> segments) {
        this.name = Objects.requireNonNull(name, "name");
        this.sources = List.copyOf(sources);
        this.segments = List.copyOf(segments);
        for (Segment s : this.segments) {
            if (s.sourceIndex() >= this.sources.size()) {
                throw new IllegalArgumentException("segment " + s + " names source " + s.sourceIndex() + " but there are "
                        + this.sources.size() + " sources");
            }
        }
    }

    /** The kind of change, e.g. {@code "skip-repeat"}. */
    public String name() {
        return name;
    }

    /** The source renderings. */
    public List<FollowingPerformance> sources() {
        return sources;
    }

    /** The segments in output order. */
    public List<Segment> segments() {
        return segments;
    }

    /** Output length, frames. */
    public int frameCount() {
        return segments.stream().mapToInt(Segment::frames).sum();
    }

    /** Output length, seconds. */
    public double durationSeconds() {
        return frameCount() / (double) FollowingPerformance.FRAMES_PER_SECOND;
    }

    /** The output frame at which each segment starts. */
    public int[] segmentOutputStartFrames() {
        int[] starts = new int[segments.size()];
        int at = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = at;
            at += segments.get(i).frames();
        }
        return starts;
    }

    /**
     * The spliced spectrogram {@code [92][frameCount()]}: each segment's frames copied from its source,
     * silence as 0.0 (= log10(1 + 0)). Reads each used source file once.
     *
     * @throws java.io.UncheckedIOException if a source cannot be read
     * @throws IllegalStateException if a segment reaches past the end of its source
     */
    public float[][] spectrogram() {
        int total = frameCount();
        float[][] out = new float[FollowingPerformance.BANDS][total];
        int[] starts = segmentOutputStartFrames();
        for (int source = 0; source < sources.size(); source++) {
            float[][] spectrogram = null;
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                if (s.sourceIndex() != source || s.frames() == 0) {
                    continue;
                }
                if (spectrogram == null) {
                    spectrogram = sources.get(source).spectrogram();
                }
                int sourceFrames = spectrogram[0].length;
                if (s.toFrame() > sourceFrames) {
                    throw new IllegalStateException("segment " + s + " reaches past the " + sourceFrames
                            + " frames of " + sources.get(source).spectrogramNpy());
                }
                for (int band = 0; band < out.length; band++) {
                    System.arraycopy(spectrogram[band], s.fromFrame(), out[band], starts[i], s.frames());
                }
            }
        }
        return out;
    }

    /** The ground truth on the output timeline, in output order (see the class comment). */
    public List<TruthNote> truth() {
        List<TruthNote> out = new ArrayList<>();
        int[] starts = segmentOutputStartFrames();
        double fps = FollowingPerformance.FRAMES_PER_SECOND;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.isSilence()) {
                continue;
            }
            double shift = starts[i] / fps - s.fromFrame() / fps;
            for (TruthNote note : sources.get(s.sourceIndex()).notes()) {
                int frame = note.frame();
                if (frame >= s.fromFrame() && frame < s.toFrame()) {
                    out.add(note.atTime(shift + note.timeSeconds()));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The output times, seconds, at which the music does not go on as recorded: the start of every
     * non-silent segment (but the first) that follows silence or does not continue the previous segment's
     * source where it stopped. The start of a silence is not an edit (the position stays); its end is.
     * Ascending.
     */
    public double[] editTimesSeconds() {
        int[] starts = segmentOutputStartFrames();
        double[] out = new double[segments.size()];
        int count = 0;
        Segment previous = null;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.frames() == 0) {
                continue;
            }
            if (!s.isSilence() && previous != null && (previous.isSilence() || previous.sourceIndex() != s.sourceIndex()
                    || previous.toFrame() != s.fromFrame())) {
                out[count++] = starts[i] / (double) FollowingPerformance.FRAMES_PER_SECOND;
            }
            previous = s;
        }
        return Arrays.copyOf(out, count);
    }

    @Override
    public String toString() {
        return name + " " + segments + " of " + sources.stream().map(p -> p.pieceId() + "/" + p.performanceId()).toList();
    }
}
