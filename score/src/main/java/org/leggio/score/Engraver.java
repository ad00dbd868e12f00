package org.leggio.score;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.leggio.model.StripImage;
import org.leggio.score.internal.engrave.SvgLayout;
import org.leggio.score.internal.engrave.SvgRasterizer;
import org.leggio.score.internal.engrave.VerovioProcess;

/**
 * Engraves MusicXML ({@code .musicxml}, {@code .xml}, compressed {@code .mxl}) with Verovio and
 * reads back the pages, systems, measures and notes with their score times.
 *
 * <p>Lifecycle: {@link #start} launches one Node.js process that serves every {@link #engrave}
 * call until {@link #close}. Threading: one {@code engrave} at a time (calls are serialised).
 */
public final class Engraver implements AutoCloseable {
    /** Called after each page is rendered: pages done so far and the total. */
    @FunctionalInterface
    public interface PageProgress {
        void pageDone(int pagesDone, int pageCount);

        PageProgress NONE = (done, total) -> {};
    }

    private final EngraverOptions options;
    private final VerovioProcess process;
    private final ExecutorService renderPool;

    private Engraver(EngraverOptions options, VerovioProcess process) {
        this.options = options;
        this.process = process;
        this.renderPool = Executors.newFixedThreadPool(options.renderThreads(), r -> {
            Thread t = new Thread(r, "engraver-render");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the engraver.
     *
     * @throws ScoreException if Node.js or Verovio is missing (the message says how to install them)
     */
    public static Engraver start(EngraverOptions options) {
        return new Engraver(options, VerovioProcess.start(options.nodeExecutable(), options.engraverDir()));
    }

    /**
     * Engraves a score.
     *
     * @param musicXml the score file
     * @param progress told after each rendered page
     * @return pages normalised to {@link EngraverOptions#pageWidthPx()}, systems, measures, notes
     * @throws ScoreException if the file is missing, Verovio rejects it, or it holds no music
     */
    public synchronized EngravedScore engrave(Path musicXml, PageProgress progress) {
        if (!Files.isRegularFile(musicXml)) {
            throw new ScoreException("score file not found: " + musicXml);
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("leggio-engrave-");
            Path pages = work;
            List<Future<StripImage>> images = new ArrayList<>();
            // pages are rasterised while Verovio lays out the rest and computes the time map
            VerovioProcess.Result result = process.engrave(musicXml, work, options.timeoutSeconds(), options.pageHeightUnits(), page -> {
                Path svg = pages.resolve(String.format("page-%03d.svg", page));
                images.add(renderPool.submit(() -> SvgRasterizer.render(Files.readString(svg), options.pageWidthPx())));
            });
            List<StripImage> rendered = new ArrayList<>();
            for (Future<StripImage> image : images) {
                rendered.add(join(image, musicXml));
                progress.pageDone(rendered.size(), result.pageCount());
            }
            return read(musicXml, work, result, rendered);
        } catch (IOException e) {
            throw new ScoreException("could not engrave " + musicXml + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    private EngravedScore read(Path musicXml, Path work, VerovioProcess.Result result, List<StripImage> images)
            throws IOException {
        int pageCount = result.pageCount();
        if (images.size() != pageCount) {
            throw new ScoreException("the engraver announced " + images.size() + " of " + pageCount + " pages of " + musicXml);
        }
        List<SvgLayout> layouts = new ArrayList<>();
        for (int page = 0; page < pageCount; page++) {
            layouts.add(SvgLayout.read(work.resolve(String.format("page-%03d.svg", page + 1))));
        }
        Timemap timemap = Timemap.read(work.resolve("timemap.json"));
        List<ScorePage> pages = new ArrayList<>();
        List<EngravedScore.Measure> measures = new ArrayList<>();
        Map<String, EngravedScore.Note> notes = new HashMap<>();
        int systemIndex = 0;
        for (int page = 0; page < pageCount; page++) {
            SvgLayout layout = layouts.get(page);
            double pxPerUnit = options.pageWidthPx() / layout.viewBoxWidthUnits();
            List<SystemBox> boxes = new ArrayList<>();
            double staffSpaceSum = 0;
            int staffCount = 0;
            for (SvgLayout.SvgSystem system : layout.systems()) {
                boxes.add(box(system.box(), pxPerUnit));
                for (SvgLayout.SvgMeasure measure : system.measures()) {
                    int measureIndex = measures.size();
                    double[] start = timemap.measureStart(measure.id());
                    measures.add(new EngravedScore.Measure(measureIndex, measure.id(), page,
                            systemIndex, measure.box().left() * pxPerUnit, measure.box().right() * pxPerUnit,
                            start[0], start[1]));
                    for (SvgLayout.SvgStaff staff : measure.staves()) {
                        staffSpaceSum += staff.staffSpaceUnits();
                        staffCount++;
                    }
                    for (SvgLayout.SvgNote note : measure.notes()) {
                        double[] onset = timemap.noteOnset(note.id());
                        notes.put(note.id(), new EngravedScore.Note(note.id(), measureIndex, page, systemIndex,
                                note.box().centreX() * pxPerUnit,
                                (note.box().top() + note.box().bottom()) / 2 * pxPerUnit, onset[0], onset[1]));
                    }
                }
                systemIndex++;
            }
            double staffSpacePx = staffCount == 0 ? 0 : staffSpaceSum / staffCount * pxPerUnit;
            pages.add(new ScorePage(page, images.get(page), staffSpacePx, boxes));
        }
        if (measures.isEmpty()) {
            throw new ScoreException("Verovio engraved no measures from " + musicXml.getFileName()
                    + ": is it a MusicXML score with music in it?");
        }
        return new EngravedScore(pages, measures, notes, result.verovioVersion());
    }

    private static SystemBox box(SvgLayout.Box box, double pxPerUnit) {
        return new SystemBox(box.left() * pxPerUnit, box.top() * pxPerUnit, box.right() * pxPerUnit,
                box.bottom() * pxPerUnit);
    }

    private static StripImage join(Future<StripImage> image, Path musicXml) {
        try {
            return image.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoreException("interrupted while rendering " + musicXml, e);
        } catch (ExecutionException e) {
            throw new ScoreException("could not render a page of " + musicXml + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    @Override
    public void close() {
        renderPool.shutdownNow();
        process.close();
    }

    /** Verovio's time map: onset of each note and start of each measure, quarter notes and ms. */
    private record Timemap(Map<String, double[]> onsets, Map<String, double[]> measureStarts) {
        static Timemap read(Path file) throws IOException {
            Map<String, double[]> onsets = new HashMap<>();
            Map<String, double[]> measures = new HashMap<>();
            JsonArray entries = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
            for (JsonElement element : entries) {
                JsonObject entry = element.getAsJsonObject();
                double[] time = {entry.get("qstamp").getAsDouble(), entry.get("tstamp").getAsDouble()};
                if (entry.has("measureOn")) {
                    measures.putIfAbsent(entry.get("measureOn").getAsString(), time);
                }
                if (entry.has("on")) {
                    for (JsonElement id : entry.getAsJsonArray("on")) {
                        onsets.putIfAbsent(id.getAsString(), time);
                    }
                }
            }
            return new Timemap(onsets, measures);
        }

        double[] noteOnset(String id) {
            return onsets.getOrDefault(id, new double[] {Double.NaN, Double.NaN});
        }

        double[] measureStart(String id) {
            return measureStarts.getOrDefault(id, new double[] {Double.NaN, Double.NaN});
        }
    }
}
