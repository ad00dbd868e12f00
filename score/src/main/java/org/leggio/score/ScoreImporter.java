package org.leggio.score;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.leggio.model.Embedder;
import org.leggio.model.StripImage;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.RepeatStructure;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.proto.v1.StaffSystem;
import org.leggio.score.internal.layout.DetectedLayout;
import org.leggio.score.internal.layout.DetectedSystem;
import org.leggio.score.internal.layout.StaffSystemDetector;
import org.leggio.score.internal.musicxml.MusicXmlMeasure;
import org.leggio.score.internal.musicxml.MusicXmlScore;
import org.leggio.score.internal.musicxml.PlayedMeasure;
import org.leggio.score.internal.pages.PageLoader;
import org.leggio.score.internal.pages.PageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a user's score into a {@link ScoreIndex} in a {@link ScoreLibrary}: MusicXML is engraved
 * by Verovio (its own system boxes, bars, score times and repeat structure); PDF and image pages
 * are rasterised, deskewed and scaled so the staff space is ≈ 7 px, and their systems detected.
 * Then the unrolled strip, both snippet grids and their embeddings.
 *
 * <p>Lifecycle: the Verovio process starts on the first MusicXML import and lives until {@link
 * #close}. Threading: one import at a time (calls are serialised).
 */
public final class ScoreImporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreImporter.class);
    /** Staff spaces within this share of the target need no rescaling (ordinary 835-px pages). */
    private static final double STAFF_SPACE_TOLERANCE = 0.12;

    private final EngraverOptions engraverOptions;
    private final Embedder embedder;
    private Engraver engraver;

    /**
     * @param engraverOptions how to run Verovio (only used for MusicXML)
     * @param embedder the model whose snippet embeddings go into the index; not closed here
     */
    public ScoreImporter(EngraverOptions engraverOptions, Embedder embedder) {
        this.engraverOptions = engraverOptions;
        this.embedder = embedder;
    }

    /**
     * Imports a score.
     *
     * @return the index as written to the library
     * @throws ScoreException for unreadable input, a score without staves, a taken id; nothing is
     *     left in the library then
     */
    public synchronized ScoreIndex importScore(ImportRequest request, ScoreLibrary library, ImportProgress progress) {
        List<ScoreFormat> formats = request.files().stream().map(ScoreFormat::detect).toList();
        Path first = request.files().get(0);
        boolean musicXml = formats.get(0).isMusicXml();
        if (musicXml && request.files().size() > 1) {
            throw new ScoreException("give one MusicXML file per piece, not " + request.files().size() + " files");
        }
        if (!musicXml && formats.stream().anyMatch(ScoreFormat::isMusicXml)) {
            throw new ScoreException("a MusicXML file can't be mixed with page images or PDFs");
        }
        Layout layout = musicXml ? engrave(first, progress) : readPages(request.files(), progress);
        PieceMetadata metadata = completeMetadata(request.metadata(), layout.musicXml, first);
        String pieceId = request.pieceId() != null ? request.pieceId() : derivePieceId(metadata, request.files());
        UnrolledStrip strip = UnrolledStrip.build(layout.pages);
        try (ScoreLibrary.Staging staging = library.stage(pieceId, request.replace())) {
            ScoreIndex.Builder index = ScoreIndex.newBuilder()
                    .setPieceId(pieceId)
                    .setMetadata(metadata)
                    .setSourceFormat(musicXml ? "musicxml" : formats.get(0) == ScoreFormat.PDF ? "pdf" : "images")
                    .setStripWidthPx(strip.widthPx())
                    .setStripHeightPx(UnrolledStrip.HEIGHT_PX)
                    .setCreatedTimeMicros(System.currentTimeMillis() * 1000L);
            for (ScorePage page : layout.pages) {
                index.addPages(Page.newBuilder().setPageIndex(page.pageIndex())
                        .setImageRef(staging.writePage(page.pageIndex(), page.image()))
                        .setWidthPx(page.image().widthPx()).setHeightPx(page.image().heightPx())
                        .setStaffSpacePx((float) page.staffSpacePx()));
            }
            for (UnrolledStrip.StripSystem system : strip.systems()) {
                index.addSystems(StaffSystem.newBuilder().setSystemIndex(system.systemIndex())
                        .setPageIndex(system.pageIndex())
                        .setLeftXPx(system.pageStartXPx()).setTopYPx((float) system.box().topYPx())
                        .setRightXPx(system.pageStartXPx() + system.widthPx())
                        .setBottomYPx((float) system.box().bottomYPx())
                        .setCentreYPx(system.centreYPx()).setStripStartXPx(system.stripStartXPx()));
            }
            if (layout.engraved != null) {
                addBars(index, layout.engraved, layout.musicXml, strip);
                index.setNotes(ScoreTimeline.of(layout.musicXml).playedNotesProto());
            }
            addGrids(index, strip, request, progress);
            ScoreIndex built = index.build();
            staging.commit(built);
            return built;
        }
    }

    private void addGrids(ScoreIndex.Builder index, UnrolledStrip strip, ImportRequest request,
            ImportProgress progress) {
        int follow = SnippetGridBuilder.positions(strip.widthPx(), request.followStridePx()).length;
        int identify = SnippetGridBuilder.positions(strip.widthPx(), request.identifyStridePx()).length;
        SnippetGrid followGrid = SnippetGridBuilder.build(strip, request.followStridePx(), embedder,
                (done, total) -> progress.snippetsDone(done, follow + identify));
        SnippetGrid identifyGrid = SnippetGridBuilder.build(strip, request.identifyStridePx(), embedder,
                (done, total) -> progress.snippetsDone(follow + done, follow + identify));
        index.setFollowGrid(followGrid).setIdentifyGrid(identifyGrid);
    }

    /** Pages with systems, and for MusicXML what Verovio and the MusicXML say about bars. */
    private record Layout(List<ScorePage> pages, EngravedScore engraved, MusicXmlScore musicXml) {}

    private Layout engrave(Path file, ImportProgress progress) {
        MusicXmlScore parsed = MusicXmlScore.read(file);
        if (engraver == null) {
            engraver = Engraver.start(engraverOptions);
        }
        EngravedScore engraved = engraver.engrave(file, progress::pageDone);
        return new Layout(engraved.pages(), engraved, parsed);
    }

    private Layout readPages(List<Path> files, ImportProgress progress) {
        List<ScorePage> pages = new ArrayList<>();
        int systems = 0;
        try (PageSource source = files.size() == 1 ? PageLoader.open(files.get(0)) : PageLoader.open(files)) {
            for (int i = 0; i < source.pageCount(); i++) {
                ScorePage page = readPage(source, i);
                systems += page.systems().size();
                pages.add(page);
                progress.pageDone(i + 1, source.pageCount());
            }
        }
        if (systems == 0) {
            throw new ScoreException("no staff found in " + describe(files) + ": is it sheet music?");
        }
        return new Layout(pages, null, null);
    }

    private static ScorePage readPage(PageSource source, int pageIndex) {
        StripImage image = source.render(pageIndex, PageLoader.DEFAULT_WIDTH_PX);
        DetectedLayout layout = StaffSystemDetector.detect(image);
        if (layout.hasStaves() && Math.abs(layout.scaleToTargetStaffSpace() - 1) > STAFF_SPACE_TOLERANCE) {
            // large print or small-format music: bring the staff space to the ≈ 7 px the model knows
            int width = (int) Math.round(PageLoader.DEFAULT_WIDTH_PX * layout.scaleToTargetStaffSpace());
            layout = StaffSystemDetector.detect(source.render(pageIndex, width));
        }
        List<SystemBox> boxes = new ArrayList<>();
        for (DetectedSystem system : layout.systems()) {
            boxes.add(new SystemBox(system.leftXPx(), system.topYPx(), system.rightXPx(), system.bottomYPx()));
        }
        return new ScorePage(pageIndex, layout.page(), layout.hasStaves() ? layout.staffSpacePx() : 0, boxes);
    }

    private static void addBars(ScoreIndex.Builder index, EngravedScore engraved, MusicXmlScore musicXml,
            UnrolledStrip strip) {
        List<MusicXmlMeasure> written = musicXml.measures();
        if (written.size() != engraved.measures().size()) {
            LOG.warn("Verovio engraved {} measures but the MusicXML has {}; bar labels may be off",
                    engraved.measures().size(), written.size());
        }
        for (EngravedScore.Measure measure : engraved.measures()) {
            MusicXmlMeasure source = measure.measureIndex() < written.size() ? written.get(measure.measureIndex()) : null;
            // Verovio's time map plays repeats, so its beats are unfolded; the bar's written position
            // comes from the MusicXML
            double start = source != null ? source.startBeats() : measure.startBeats();
            index.addBars(Bar.newBuilder().setBarIndex(measure.measureIndex())
                    .setLabel(source == null ? "" : source.number())
                    .setSystemIndex(measure.systemIndex())
                    .setStartPageXPx((float) measure.startPageXPx()).setEndPageXPx((float) measure.endPageXPx())
                    .setStartStripXPx((float) strip.toStrip(measure.systemIndex(), measure.startPageXPx()))
                    .setEndStripXPx((float) strip.toStrip(measure.systemIndex(), measure.endPageXPx()))
                    .setStartBeats(start)
                    .setDurationBeats(source == null ? 0 : source.durationBeats())
                    .setStartScoreMillis(measure.startScoreMillis())
                    .setMusicxmlId(source == null ? "" : source.number()));
        }
        RepeatStructure.Builder repeats = RepeatStructure.newBuilder();
        for (PlayedMeasure played : musicXml.unfold()) {
            repeats.addUnfoldedBarIndices(played.measureIndex());
        }
        index.setRepeats(repeats);
    }

    private static PieceMetadata completeMetadata(PieceMetadata given, MusicXmlScore musicXml, Path file) {
        PieceMetadata.Builder metadata = given.toBuilder();
        if (musicXml != null) {
            if (metadata.getTitle().isBlank()) {
                musicXml.title().ifPresent(metadata::setTitle);
            }
            if (metadata.getComposer().isBlank()) {
                musicXml.composer().ifPresent(metadata::setComposer);
            }
            if (metadata.getMovement().isBlank()) {
                musicXml.movementTitle().filter(m -> !m.equals(metadata.getTitle())).ifPresent(metadata::setMovement);
            }
        }
        if (metadata.getTitle().isBlank()) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            metadata.setTitle(dot > 0 ? name.substring(0, dot) : name);
        }
        return metadata.build();
    }

    /** {@code <slug of composer and title>-<8 hex of the content's SHA-256>}: stable for the same file. */
    static String derivePieceId(PieceMetadata metadata, List<Path> files) {
        String words = (metadata.getComposer() + " " + metadata.getTitle() + " " + metadata.getMovement()).trim();
        String slug = Normalizer.normalize(words, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "score" : slug) + "-" + contentHash(files);
    }

    private static String contentHash(List<Path> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (IOException e) {
            throw new ScoreException("cannot read " + files + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String describe(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : files.size() + " pages (" + files.get(0) + ", …)";
    }

    @Override
    public synchronized void close() {
        if (engraver != null) {
            engraver.close();
            engraver = null;
        }
    }
}
