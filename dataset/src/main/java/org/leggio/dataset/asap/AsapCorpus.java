package org.leggio.dataset.asap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The (n)ASAP subset in {@code shared/data/asap}: score folders from {@code manifest.csv} and
 * performances from {@code performances.csv}, cross-checked against each other and the files on
 * disk when opened.
 *
 * <pre>{@code
 * AsapCorpus corpus = AsapCorpus.open(Path.of("../shared/data/asap"));
 * for (Performance p : corpus.performances()) {
 *     NoteAlignment alignment = NoteAlignment.read(p.alignmentPath());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe once opened.
 */
public final class AsapCorpus {
    /** File names inside the corpus root. */
    public static final String MANIFEST = "manifest.csv";
    public static final String PERFORMANCES = "performances.csv";

    private final Path dir;
    private final List<ScoreFolder> scoreFolders;
    private final List<Performance> performances;
    private final Map<String, ScoreFolder> folderByName;
    private final Map<String, Performance> performanceByKey;

    private AsapCorpus(Path dir, List<ScoreFolder> scoreFolders, List<Performance> performances) {
        this.dir = dir;
        this.scoreFolders = List.copyOf(scoreFolders);
        this.performances = List.copyOf(performances);
        Map<String, ScoreFolder> folders = new LinkedHashMap<>();
        scoreFolders.forEach(f -> folders.put(f.folder(), f));
        this.folderByName = Collections.unmodifiableMap(folders);
        Map<String, Performance> perfs = new LinkedHashMap<>();
        performances.forEach(p -> perfs.put(p.key(), p));
        this.performanceByKey = Collections.unmodifiableMap(perfs);
    }

    /**
     * Reads the two CSV files of {@code asapDir} and checks them.
     *
     * @param asapDir the corpus root (holding {@code manifest.csv})
     * @return the corpus
     * @throws AsapDataException naming the file and line if a CSV file is missing or malformed, a
     *     column is missing, a number does not parse, a folder or performance is listed twice, the
     *     two files disagree, or a score, MIDI, alignment or annotation file is missing
     */
    public static AsapCorpus open(Path asapDir) {
        Path dir = asapDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new AsapDataException("ASAP corpus directory not found: " + dir);
        }
        List<ScoreFolder> folders = readManifest(dir);
        List<Performance> performances = readPerformances(dir, folders);
        AsapCorpus corpus = new AsapCorpus(dir, folders, performances);
        corpus.checkCrossReferences();
        corpus.checkFilesExist();
        return corpus;
    }

    /** The corpus root, absolute. */
    /**
     * The same corpus limited to some score folders and their performances (for building part of
     * the data, e.g. one piece in a test).
     *
     * @throws AsapDataException if a folder is not in the corpus (the message names it)
     */
    public AsapCorpus restrictedTo(java.util.Collection<String> folders) {
        for (String folder : folders) {
            if (!folderByName.containsKey(folder)) {
                throw new AsapDataException("no score folder '" + folder + "' in " + dir.resolve(MANIFEST));
            }
        }
        java.util.Set<String> keep = java.util.Set.copyOf(folders);
        return new AsapCorpus(dir, scoreFolders.stream().filter(f -> keep.contains(f.folder())).toList(),
                performances.stream().filter(p -> keep.contains(p.folder())).toList());
    }

    public Path dir() {
        return dir;
    }

    /** All score folders, in manifest order. */
    public List<ScoreFolder> scoreFolders() {
        return scoreFolders;
    }

    /** All performances, in {@code performances.csv} order. */
    public List<Performance> performances() {
        return performances;
    }

    /** Distinct piece ids, in manifest order. */
    public List<String> pieceIds() {
        Set<String> ids = new LinkedHashSet<>();
        scoreFolders.forEach(f -> ids.add(f.pieceId()));
        return List.copyOf(ids);
    }

    /** The score folder named {@code folder} ('/'-separated, relative), or an error. */
    public ScoreFolder scoreFolder(String folder) {
        ScoreFolder f = folderByName.get(folder);
        if (f == null) {
            throw new IllegalArgumentException("no score folder " + folder + " in " + dir);
        }
        return f;
    }

    /** The performances of one score folder, in manifest order. */
    public List<Performance> performancesOf(ScoreFolder folder) {
        List<Performance> out = new ArrayList<>();
        for (String id : folder.performanceIds()) {
            out.add(performanceByKey.get(folder.folder() + "/" + id));
        }
        return out;
    }

    /** The performance with {@link Performance#key()} {@code key}, or an error. */
    public Performance performance(String key) {
        Performance p = performanceByKey.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no performance " + key + " in " + dir);
        }
        return p;
    }

    private static List<ScoreFolder> readManifest(Path dir) {
        Csv csv = readCsv(dir.resolve(MANIFEST));
        int piece = csv.column("piece_id");
        int composer = csv.column("composer");
        int title = csv.column("title");
        int folder = csv.column("folder");
        int score = csv.column("score_path");
        int perfIds = csv.column("performance_ids");
        int scoreNotes = csv.column("n_score_notes");
        List<ScoreFolder> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Csv.Row row : csv.rows()) {
            List<String> f = row.fields();
            String name = required(csv, row, f.get(folder), "folder");
            if (!seen.add(name)) {
                throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + "score folder " + name
                        + " is listed twice: " + csv.file());
            }
            List<String> ids = f.get(perfIds).isBlank() ? List.of()
                    : Arrays.stream(f.get(perfIds).split(";")).map(String::strip).toList();
            out.add(new ScoreFolder(required(csv, row, f.get(piece), "piece_id"), f.get(composer), f.get(title), name,
                    dir.resolve(required(csv, row, f.get(score), "score_path")), ids,
                    parseInt(csv, row, f.get(scoreNotes), "n_score_notes")));
        }
        return out;
    }

    private static List<Performance> readPerformances(Path dir, List<ScoreFolder> folders) {
        Map<String, ScoreFolder> byName = new LinkedHashMap<>();
        folders.forEach(f -> byName.put(f.folder(), f));
        Csv csv = readCsv(dir.resolve(PERFORMANCES));
        int piece = csv.column("piece_id");
        int folder = csv.column("folder");
        int id = csv.column("performance_id");
        int performer = csv.column("performer_key");
        int maxPass = csv.column("max_repeat_pass");
        int aligned = csv.column("n_aligned_notes");
        List<Performance> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Csv.Row row : csv.rows()) {
            List<String> f = row.fields();
            String folderName = required(csv, row, f.get(folder), "folder");
            String perfId = required(csv, row, f.get(id), "performance_id");
            ScoreFolder scoreFolder = byName.get(folderName);
            if (scoreFolder == null) {
                throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + "folder " + folderName
                        + " is not in " + MANIFEST + ": " + csv.file());
            }
            if (!scoreFolder.pieceId().equals(f.get(piece))) {
                throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + "piece_id " + f.get(piece)
                        + " differs from the manifest's " + scoreFolder.pieceId() + " for " + folderName + ": "
                        + csv.file());
            }
            if (!seen.add(folderName + "/" + perfId)) {
                throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + "performance " + folderName
                        + "/" + perfId + " is listed twice: " + csv.file());
            }
            // Pitfall 5: derive the paths from folder + performance id, never from the path columns.
            Path base = dir.resolve(folderName);
            out.add(new Performance(scoreFolder.pieceId(), scoreFolder.composer(), folderName, perfId,
                    f.get(performer), base.resolve(perfId + ".mid"),
                    base.resolve(perfId + "_note_alignments").resolve("note_alignment.tsv"),
                    base.resolve(perfId + "_annotations.txt"),
                    parseInt(csv, row, f.get(maxPass), "max_repeat_pass"),
                    parseInt(csv, row, f.get(aligned), "n_aligned_notes")));
        }
        return out;
    }

    /** Every manifest performance id has a row and every row is in its folder's manifest list. */
    private void checkCrossReferences() {
        for (ScoreFolder folder : scoreFolders) {
            for (String id : folder.performanceIds()) {
                if (!performanceByKey.containsKey(folder.folder() + "/" + id)) {
                    throw new AsapDataException("performance " + folder.folder() + "/" + id + " is listed in "
                            + MANIFEST + " but has no row in " + dir.resolve(PERFORMANCES));
                }
            }
        }
        for (Performance p : performances) {
            if (!folderByName.get(p.folder()).performanceIds().contains(p.performanceId())) {
                throw new AsapDataException("performance " + p.key() + " of " + dir.resolve(PERFORMANCES)
                        + " is missing from the performance_ids of its folder in " + dir.resolve(MANIFEST));
            }
        }
    }

    private void checkFilesExist() {
        List<Path> missing = new ArrayList<>();
        for (ScoreFolder f : scoreFolders) {
            addIfMissing(missing, f.scorePath());
        }
        for (Performance p : performances) {
            addIfMissing(missing, p.midiPath());
            addIfMissing(missing, p.alignmentPath());
            addIfMissing(missing, p.annotationsPath());
        }
        if (!missing.isEmpty()) {
            throw new AsapDataException(missing.size() + " file(s) listed in " + dir + " are missing, e.g. "
                    + missing.subList(0, Math.min(5, missing.size())));
        }
    }

    private static void addIfMissing(List<Path> missing, Path file) {
        if (!Files.isRegularFile(file)) {
            missing.add(file);
        }
    }

    private static Csv readCsv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AsapDataException("missing corpus file: " + file);
        }
        return Csv.read(file);
    }

    private static String required(Csv csv, Csv.Row row, String value, String column) {
        if (value.isBlank()) {
            throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + "empty " + column + ": " + csv.file());
        }
        return value;
    }

    private static int parseInt(Csv csv, Csv.Row row, String value, String column) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new AsapDataException(Csv.where(csv.file(), row.lineNumber()) + column + " is not an integer: '"
                    + value + "': " + csv.file(), e);
        }
    }
}
