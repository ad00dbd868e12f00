package org.leggio.dataset.sheet;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leggio.model.StripImage;
import org.leggio.score.EngravedScore;
import org.leggio.score.ScorePage;
import org.leggio.score.SystemBox;
import org.leggio.score.UnrolledStrip;

/**
 * One engraved score of the dataset on disk: {@code strip.png} (the unrolled strip, 200 rows),
 * {@code page-NNN.png} (the engraved pages, 835 px wide) and {@code geometry.json} (pages with
 * Verovio's system boxes, the systems' places in the strip, every drawn note's strip x and page
 * place, every measure's extent). Written atomically: {@code geometry.json} is renamed into place
 * last, so its presence means the piece is complete.
 *
 * @param dir the piece's folder
 * @param geometry its parsed {@code geometry.json}
 */
public record EngravedPiece(Path dir, Geometry geometry) {
    /** File whose presence marks a complete piece. */
    public static final String GEOMETRY_FILE = "geometry.json";
    private static final Gson GSON = new GsonBuilder().create();

    /** The JSON content; px of the 835-px page or of the strip. */
    public static final class Geometry {
        public int version = 1;
        public String verovio;
        public double stripWidthPx;
        public List<PageInfo> pages = new ArrayList<>();
        public List<SystemInfo> systems = new ArrayList<>();
        public List<MeasureInfo> measures = new ArrayList<>();
        /** note id → [stripXPx, pageIndex, systemIndex, pageXPx, pageYPx]. */
        public Map<String, double[]> notes = new LinkedHashMap<>();
    }

    /** A page: size, staff space and Verovio's system boxes [left, top, right, bottom]. */
    public static final class PageInfo {
        public int pageIndex;
        public int widthPx;
        public int heightPx;
        public double staffSpacePx;
        public List<double[]> systemBoxesPx = new ArrayList<>();
    }

    /** A system's place in the strip. */
    public static final class SystemInfo {
        public int systemIndex;
        public int pageIndex;
        public int pageStartXPx;
        public int centreYPx;
        public int stripStartXPx;
        public int widthPx;
    }

    /** A measure's extent, page and strip. */
    public static final class MeasureInfo {
        public int measureIndex;
        public int systemIndex;
        public double startPageXPx;
        public double endPageXPx;
        public double startStripXPx;
        public double endStripXPx;
    }

    /** Whether {@code dir} holds a complete piece. */
    public static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(GEOMETRY_FILE)) && Files.isRegularFile(dir.resolve("strip.png"));
    }

    /** Writes a piece (replacing what is there). */
    public static EngravedPiece write(Path dir, EngravedScore score, UnrolledStrip strip) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(GEOMETRY_FILE));
        Geometry g = new Geometry();
        g.verovio = score.verovioVersion();
        g.stripWidthPx = strip.widthPx();
        for (ScorePage page : score.pages()) {
            PageInfo info = new PageInfo();
            info.pageIndex = page.pageIndex();
            info.widthPx = page.image().widthPx();
            info.heightPx = page.image().heightPx();
            info.staffSpacePx = page.staffSpacePx();
            for (SystemBox box : page.systems()) {
                info.systemBoxesPx.add(new double[] {box.leftXPx(), box.topYPx(), box.rightXPx(), box.bottomYPx()});
            }
            g.pages.add(info);
            page.image().writePng(dir.resolve(String.format("page-%03d.png", page.pageIndex())));
        }
        for (UnrolledStrip.StripSystem system : strip.systems()) {
            SystemInfo info = new SystemInfo();
            info.systemIndex = system.systemIndex();
            info.pageIndex = system.pageIndex();
            info.pageStartXPx = system.pageStartXPx();
            info.centreYPx = system.centreYPx();
            info.stripStartXPx = system.stripStartXPx();
            info.widthPx = system.widthPx();
            g.systems.add(info);
        }
        for (EngravedScore.Measure measure : score.measures()) {
            MeasureInfo info = new MeasureInfo();
            info.measureIndex = measure.measureIndex();
            info.systemIndex = measure.systemIndex();
            info.startPageXPx = measure.startPageXPx();
            info.endPageXPx = measure.endPageXPx();
            info.startStripXPx = strip.toStrip(measure.systemIndex(), measure.startPageXPx());
            info.endStripXPx = strip.toStrip(measure.systemIndex(), measure.endPageXPx());
            g.measures.add(info);
        }
        score.notes().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(note -> g.notes.put(note.id(),
                new double[] {strip.toStrip(note.systemIndex(), note.pageXPx()), note.pageIndex(), note.systemIndex(),
                    note.pageXPx(), note.pageYPx()}));
        strip.image().writePng(dir.resolve("strip.png"));
        Path temp = dir.resolve(GEOMETRY_FILE + ".tmp");
        Files.writeString(temp, GSON.toJson(g), StandardCharsets.UTF_8);
        Files.move(temp, dir.resolve(GEOMETRY_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new EngravedPiece(dir, g);
    }

    /** Reads a complete piece's geometry. */
    public static EngravedPiece read(Path dir) throws IOException {
        Geometry g = GSON.fromJson(Files.readString(dir.resolve(GEOMETRY_FILE), StandardCharsets.UTF_8), Geometry.class);
        if (g == null || g.version != 1) {
            throw new IOException("not a version-1 " + GEOMETRY_FILE + ": " + dir);
        }
        return new EngravedPiece(dir, g);
    }

    /** The strip image. */
    public StripImage strip() throws IOException {
        return StripImage.read(dir.resolve("strip.png"));
    }

    /** An engraved page image. */
    public StripImage page(int pageIndex) throws IOException {
        return StripImage.read(dir.resolve(String.format("page-%03d.png", pageIndex)));
    }
}
