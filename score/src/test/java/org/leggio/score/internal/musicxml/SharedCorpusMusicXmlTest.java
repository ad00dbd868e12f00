package org.leggio.score.internal.musicxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the reader and the unfolder against the real data beside the checkout ({@code
 * leggio.shared.dir}, default {@code ../shared} from the repository root): the (n)ASAP scores with
 * their human alignments, and the OpenScore Lieder. Skipped, saying so, when the data is absent.
 */
class SharedCorpusMusicXmlTest {

    /** A performance counts as consistent when at least this share of its matched notes fits the unfolding. */
    private static final double NOTE_SHARE = 0.98;

    private static Path asap;
    private static Path lieder;

    @BeforeAll
    static void locate() {
        Path shared = sharedDir();
        asap = shared.resolve("data/asap");
        lieder = shared.resolve("data/lieder/mxl");
    }

    static Path sharedDir() {
        String prop = System.getProperty("leggio.shared.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        // Outside Maven: the repository root is the topmost folder with a pom.xml above the working directory.
        Path dir = Path.of("").toAbsolutePath();
        Path root = dir;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml"))) {
                root = p;
            }
        }
        return root.resolve("../shared").normalize();
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        // The data's CSVs have no quoted fields (checked: no '"' in either file).
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < f.length ? f[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private record Match(String noteId, int pass) {}

    private static List<Match> matches(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        List<Match> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length < 2 || f[0].equals("insertion") || f[1].equals("deletion")) {
                continue;
            }
            int dash = f[0].lastIndexOf('-');
            out.add(new Match(f[0].substring(0, dash), Integer.parseInt(f[0].substring(dash + 1))));
        }
        return out;
    }

    /**
     * Every matched (note, pass) of a performance that took a repeat must be a (measure, pass) the
     * unfolding plays. The check is one-way on purpose: a pianist may skip a repeat the score asks
     * for, which leaves unfolded passes unused but is not an error of the unfolding.
     */
    @Test
    void unfoldingIsConsistentWithAsapAlignmentsThatTakeRepeats() throws IOException {
        assumeTrue(Files.isRegularFile(asap.resolve("performances.csv")),
                "(n)ASAP data not found under " + asap + " (set -Dleggio.shared.dir); skipping");
        Map<String, MusicXmlScore> scores = new HashMap<>();
        int repeatPerformances = 0;
        int repeatConsistent = 0;
        int allPerformances = 0;
        int allConsistent = 0;
        long notesChecked = 0;
        long notesFitting = 0;
        List<String> report = new ArrayList<>();
        for (Map<String, String> row : csv(asap.resolve("performances.csv"))) {
            String folder = row.get("folder");
            MusicXmlScore score = scores.computeIfAbsent(folder,
                    f -> MusicXmlScore.read(asap.resolve(f).resolve("xml_score.mxl")));
            Set<Long> played = new HashSet<>();
            for (PlayedMeasure p : score.unfold()) {
                played.add(key(p.measureIndex(), p.pass()));
            }
            List<Match> matches = matches(asap.resolve(row.get("note_alignment_path")));
            int fit = 0;
            Map<String, Integer> misses = new TreeMap<>();
            for (Match m : matches) {
                assertThat(score.note(m.noteId())).as("%s: aligned note %s", folder, m.noteId()).isPresent();
                int measure = score.noteMeasureIndex(m.noteId());
                if (played.contains(key(measure, m.pass()))) {
                    fit++;
                } else {
                    misses.merge("m" + measure + "(" + score.measures().get(measure).number() + ")/pass" + m.pass(),
                            1, Integer::sum);
                }
            }
            double share = matches.isEmpty() ? 1 : fit / (double) matches.size();
            boolean ok = share >= NOTE_SHARE;
            boolean tookRepeat = row.get("max_repeat_pass").equals("2");
            allPerformances++;
            allConsistent += ok ? 1 : 0;
            if (tookRepeat) {
                repeatPerformances++;
                repeatConsistent += ok ? 1 : 0;
                notesChecked += matches.size();
                notesFitting += fit;
            }
            if (tookRepeat || !ok) {
                report.add(String.format("  %-6s %-55s %6d notes, %6.2f %% fit%s", ok ? "ok" : "MISS",
                        folder + "/" + row.get("performance_id") + (tookRepeat ? " [pass 2]" : ""),
                        matches.size(), 100 * share, misses.isEmpty() ? "" : "  misses " + limit(misses)));
            }
        }
        double shareRepeat = repeatConsistent / (double) repeatPerformances;
        System.out.printf("ASAP unfolding vs alignments: %d/%d performances with max_repeat_pass=2 (%.1f %%) have"
                        + " >= %.0f %% of matched notes on an unfolded (measure, pass); %d/%d notes fit overall;"
                        + " all performances: %d/%d%n",
                repeatConsistent, repeatPerformances, 100 * shareRepeat, 100 * NOTE_SHARE, notesFitting,
                notesChecked, allConsistent, allPerformances);
        report.forEach(System.out::println);

        assertThat(repeatPerformances).as("performances with max_repeat_pass=2").isGreaterThanOrEqualTo(40);
        // Threshold: see the report of the commit; measured 100 % on this data, so anything below
        // 95 % means a real regression in the unfolder rather than a quirk of one score.
        assertThat(shareRepeat).as("share of consistent repeat-taking performances").isGreaterThanOrEqualTo(0.95);
        // Performances without a repeat must fit as well: it checks that no played measure is lost.
        assertThat(allConsistent / (double) allPerformances).isGreaterThanOrEqualTo(0.98);
    }

    private static String limit(Map<String, Integer> misses) {
        return misses.entrySet().stream().limit(6).map(e -> e.getKey() + "x" + e.getValue()).toList()
                + (misses.size() > 6 ? " ..." : "");
    }

    private static long key(int measure, int pass) {
        return ((long) measure << 8) | pass;
    }

    /**
     * Every (n)ASAP score and every second Lieder song parse, and the note counts agree with the
     * manifest ({@code n_score_notes}: pitched notes with an id; {@code n_invisible_score_notes}).
     */
    @Test
    void allAsapScoresAndLiederSampleParse() throws IOException {
        assumeTrue(Files.isRegularFile(asap.resolve("manifest.csv")) && Files.isDirectory(lieder),
                "(n)ASAP / Lieder data not found under " + asap.getParent() + " (set -Dleggio.shared.dir); skipping");
        long t0 = System.nanoTime();
        List<Map<String, String>> manifest = csv(asap.resolve("manifest.csv"));
        int measures = 0;
        int notes = 0;
        int invisibleAnchored = 0;
        for (Map<String, String> row : manifest) {
            MusicXmlScore score = MusicXmlScore.read(asap.resolve(row.get("score_path")));
            List<PlayedMeasure> order = score.unfold();
            assertThat(order).as(row.get("folder")).isNotEmpty();
            long pitched = score.notes().stream().filter(n -> n.midiPitch() >= 0).count();
            long invisible = score.notes().stream().filter(n -> n.invisible() && n.midiPitch() >= 0).count();
            assertThat(pitched).as(row.get("folder") + " pitched notes with id")
                    .isEqualTo(Long.parseLong(row.get("n_score_notes")));
            assertThat(invisible).as(row.get("folder") + " invisible notes")
                    .isEqualTo(Long.parseLong(row.get("n_invisible_score_notes")));
            for (MusicXmlNote n : score.notes()) {
                if (n.invisible() && !n.rest()) {
                    String anchor = score.visibleAnchor(n.id()).orElseThrow();
                    MusicXmlNote a = score.note(anchor).orElseThrow();
                    assertThat(a.visibleNotehead()).isTrue();
                    invisibleAnchored++;
                }
            }
            measures += score.measures().size();
            notes += score.notes().size();
        }
        long t1 = System.nanoTime();
        List<Path> songs;
        try (Stream<Path> s = Files.list(lieder)) {
            songs = s.filter(p -> p.toString().endsWith(".mxl")).sorted().toList();
        }
        int songCount = 0;
        int songMeasures = 0;
        for (int i = 0; i < songs.size(); i += 2) {
            MusicXmlScore song = MusicXmlScore.read(songs.get(i));
            assertThat(song.parts()).isNotEmpty();
            assertThat(song.unfold()).isNotEmpty();
            songMeasures += song.measures().size();
            songCount++;
        }
        long t2 = System.nanoTime();
        System.out.printf("parsed %d ASAP scores (%d measures, %d notes with id, %d invisible anchored) in %.1f s;"
                        + " %d Lieder (%d measures) in %.1f s%n",
                manifest.size(), measures, notes, invisibleAnchored, (t1 - t0) / 1e9, songCount, songMeasures,
                (t2 - t1) / 1e9);
        assertThat(manifest).hasSize(207);
        assertThat(songCount).isGreaterThanOrEqualTo(Math.min(200, songs.size() / 2));
    }
}
