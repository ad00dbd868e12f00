package org.leggio.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.Bar;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.StaffSystem;
import org.leggio.score.EmbeddingModels;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportProgress;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;
import org.leggio.score.ScoreOverlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leggio score add|list|show}: the score library. */
@Command(name = "score", mixinStandardHelpOptions = true,
        subcommands = {ScoreCommand.Add.class, ScoreCommand.AddDir.class, ScoreCommand.Publish.class, ScoreCommand.ListPieces.class,
            ScoreCommand.Show.class},
        description = "Add scores (MusicXML, PDF, PNG/JPEG pages) to the score library and look at them.")
final class ScoreCommand {

    /** {@code --library DIR}, shared by the subcommands. */
    static final class LibraryOption {
        @Option(names = "--library", paramLabel = "DIR",
                description = "Score library directory (default: -Dleggio.library or ~/.leggio/library).")
        Path library;

        ScoreLibrary open() {
            return ScoreLibrary.open(library != null ? library : ScoreLibrary.defaultDir());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Adds a score: one MusicXML/.mxl file (engraved with Verovio), one PDF, or PNG/JPEG pages in order.",
                "Finds the staff systems, builds the unrolled strip and embeds its snippets with the model."})
    static final class Add implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "The score file, or page images in page order.")
        List<Path> files;

        @Option(names = "--title", description = "Title (default: from the MusicXML, else the file name).")
        String title = "";

        @Option(names = "--composer", description = "Composer (default: from the MusicXML).")
        String composer = "";

        @Option(names = "--movement", description = "Movement, e.g. \"II. Andante\".")
        String movement = "";

        @Option(names = "--catalogue", description = "Catalogue number, e.g. \"BWV 846\".")
        String catalogue = "";

        @Option(names = "--musicbrainz-work", paramLabel = "UUID", description = "MusicBrainz work id.")
        String musicBrainzWork = "";

        @Option(names = "--id", description = "Piece id (default: from composer, title and the file's content).")
        String id;

        @Option(names = "--replace", description = "Replace a piece with the same id.")
        boolean replace;

        @Mixin
        LibraryOption library;

        @Mixin
        ModelOption model;

        @Override
        public Integer call() {
            PieceMetadata metadata = PieceMetadata.newBuilder().setTitle(title).setComposer(composer)
                    .setMovement(movement).setCatalogueNumber(catalogue).setMusicbrainzWorkId(musicBrainzWork).build();
            ImportRequest request = ImportRequest.of(files, metadata).withPieceId(id).withReplace(replace);
            ScoreLibrary scores = library.open();
            long start = System.nanoTime();
            ScoreIndex piece;
            try (Embedder embedder = Embedders.open(model.resolve());
                    ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
                piece = importer.importScore(request, scores, new Bars());
            }
            System.err.println();
            System.out.printf(Locale.ROOT, "added %s: \"%s\"%s — %d pages, %d systems, %d bars, strip %.0f px, %d + %d snippets (%s), %.1f s%n",
                    piece.getPieceId(), piece.getMetadata().getTitle(),
                    piece.getMetadata().getComposer().isEmpty() ? "" : " by " + piece.getMetadata().getComposer(),
                    piece.getPagesCount(), piece.getSystemsCount(), piece.getBarsCount(), piece.getStripWidthPx(),
                    piece.getFollowGrid().getStripXPxCount(), piece.getIdentifyGrid().getStripXPxCount(),
                    piece.getFollowGrid().getModelId(), (System.nanoTime() - start) / 1e9);
            System.out.println("library: " + scores.dir());
            if (bootstrap != null) {
                Publish.publish(bootstrap, List.of(piece));
            }
            return 0;
        }

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                description = "Also publish the piece on leggio.scores of this Kafka cluster, where running matchers pick it up at once.")
        String bootstrap;
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publishes pieces of the library on leggio.scores, where every matcher instance picks them up at once.")
    static final class Publish implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Piece ids (default: every piece of the library).")
        List<String> ids = new java.util.ArrayList<>();

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @picocli.CommandLine.Mixin
        LibraryOption library;

        @Override
        public Integer call() {
            ScoreLibrary scores = library.open();
            List<ScoreIndex> pieces = ids.isEmpty() ? scores.list() : ids.stream().map(scores::get).toList();
            if (pieces.isEmpty()) {
                throw new IllegalArgumentException("the library " + scores.dir() + " has no pieces to publish");
            }
            publish(bootstrap, pieces);
            return 0;
        }

        static void publish(String bootstrap, List<ScoreIndex> pieces) {
            org.leggio.kafka.KafkaReachability.check(bootstrap, KafkaOptions.CONNECT_TIMEOUT);
            try (org.leggio.kafka.ScorePublisher publisher = new org.leggio.kafka.ScorePublisher(bootstrap,
                    java.time.Duration.ofSeconds(30))) {
                for (ScoreIndex piece : pieces) {
                    var meta = publisher.publish(piece);
                    System.out.printf(Locale.ROOT, "published %s on %s (partition %d, offset %d, %.1f MB)%n",
                            piece.getPieceId(), meta.topic(), meta.partition(), meta.offset(),
                            piece.getSerializedSize() / 1e6);
                }
            }
        }
    }

    @Command(name = "add-dir", mixinStandardHelpOptions = true,
            description = {"Adds every MusicXML/.mxl file under a folder, one piece each, in one run (a library for",
                "identification). A piece's id is --prefix + its path below DIR (folders joined by '-', the file name",
                "dropped when it is xml_score.*), lower-cased; pieces already in the library with this model are kept."})
    static final class AddDir implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Folder searched recursively.")
        Path dir;

        @Option(names = "--prefix", defaultValue = "", description = "Piece id prefix, e.g. asap- (default: none).")
        String prefix;

        @Option(names = "--follow-stride", defaultValue = "8", description = "Following-grid stride, px (default: ${DEFAULT-VALUE}; 50 for identification-only pieces).")
        int followStride;

        @Option(names = "--identify-stride", defaultValue = "50", description = "Identification-grid stride, px (default: ${DEFAULT-VALUE}).")
        int identifyStride;

        @Mixin
        LibraryOption library;

        @Mixin
        ModelOption model;

        @Override
        public Integer call() throws Exception {
            List<Path> files;
            try (var walk = java.nio.file.Files.walk(dir)) {
                files = walk.filter(f -> f.getFileName().toString().matches("(?i).*\\.(mxl|musicxml)")).sorted().toList();
            }
            ScoreLibrary scores = library.open();
            int added = 0;
            int kept = 0;
            List<String> failed = new java.util.ArrayList<>();
            long start = System.nanoTime();
            try (Embedder embedder = Embedders.open(model.resolve());
                    ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
                for (Path file : files) {
                    String id = pieceId(file);
                    if (scores.find(id).filter(i -> org.leggio.score.EmbeddingModels.matches(i, embedder.info().modelId())).isPresent()) {
                        kept++;
                        continue;
                    }
                    try {
                        ImportRequest request = new ImportRequest(List.of(file), PieceMetadata.getDefaultInstance(), id,
                                true, followStride, identifyStride);
                        ScoreIndex piece = importer.importScore(request, scores, ImportProgress.NONE);
                        added++;
                        System.out.printf(Locale.ROOT, "[%d/%d] %s: %d pages, %d snippets, %.0f s elapsed%n",
                                added + kept + failed.size(), files.size(), id, piece.getPagesCount(),
                                piece.getIdentifyGrid().getStripXPxCount(), (System.nanoTime() - start) / 1e9);
                    } catch (RuntimeException e) {
                        failed.add(id + ": " + e.getMessage());
                        System.out.println("failed " + id + ": " + e.getMessage());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "added %d, kept %d, failed %d of %d files in %s (%.0f s)%n", added, kept,
                    failed.size(), files.size(), scores.dir(), (System.nanoTime() - start) / 1e9);
            return failed.isEmpty() ? 0 : 1;
        }

        private String pieceId(Path file) {
            Path relative = dir.relativize(file);
            String name = relative.getFileName().toString().replaceAll("(?i)\\.(mxl|musicxml)$", "");
            String path = relative.getParent() == null ? "" : relative.getParent().toString().replace('/', '-');
            String joined = name.equalsIgnoreCase("xml_score") && !path.isEmpty() ? path
                    : path.isEmpty() ? name : path + "-" + name;
            return (prefix + joined).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the pieces in the library.")
    static final class ListPieces implements Callable<Integer> {
        @Mixin
        LibraryOption library;

        @Override
        public Integer call() {
            ScoreLibrary scores = library.open();
            List<ScoreIndex> pieces = scores.list();
            if (pieces.isEmpty()) {
                System.out.println("the library " + scores.dir() + " is empty; add a score with `leggio score add FILE`");
                return 0;
            }
            String current = defaultModelId();
            System.out.printf("%-48s %-28s %-36s %5s %7s  %s%n", "ID", "COMPOSER", "TITLE", "PAGES", "SYSTEMS", "MODEL");
            int stale = 0;
            for (ScoreIndex piece : pieces) {
                boolean other = current != null && !EmbeddingModels.matches(piece, current);
                stale += other ? 1 : 0;
                System.out.printf("%-48s %-28s %-36s %5d %7d  %s%s%n", piece.getPieceId(),
                        clip(piece.getMetadata().getComposer(), 28), clip(piece.getMetadata().getTitle(), 36),
                        piece.getPagesCount(), piece.getSystemsCount(), piece.getFollowGrid().getModelId(),
                        other ? " *" : "");
            }
            if (stale > 0) {
                System.out.println("* embedded with another model than the default (" + current + "): audio embedded by the"
                        + " default model can't be matched against it; re-import with `leggio score add FILE --id ID --replace`");
            }
            return 0;
        }
    }

    /** The default model's id, or null when no default model is installed. */
    static String defaultModelId() {
        try {
            return org.leggio.model.Embedders.modelId(new ModelOption().resolve());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints a piece's pages and systems and writes an overlay PNG of systems, snippet grid and bars.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The piece id (see `leggio score list`).")
        String id;

        @Option(names = "--overlay", paramLabel = "PNG", description = "Where to write the overlay (default: ./<id>-overlay.png).")
        Path overlay;

        @Mixin
        LibraryOption library;

        @Override
        public Integer call() {
            ScoreLibrary scores = library.open();
            ScoreIndex piece = scores.get(id);
            PieceMetadata m = piece.getMetadata();
            System.out.printf("%s%n  title: %s%n  composer: %s%n  movement: %s%n  catalogue: %s%n  source: %s%n",
                    piece.getPieceId(), m.getTitle(), m.getComposer(), m.getMovement(), m.getCatalogueNumber(),
                    piece.getSourceFormat());
            System.out.printf(Locale.ROOT, "  strip: %.0f x %d px; follow grid %d px (%d snippets), identify grid %d px (%d snippets), model %s%n",
                    piece.getStripWidthPx(), piece.getStripHeightPx(), piece.getFollowGrid().getStridePx(),
                    piece.getFollowGrid().getStripXPxCount(), piece.getIdentifyGrid().getStridePx(),
                    piece.getIdentifyGrid().getStripXPxCount(), piece.getFollowGrid().getModelId());
            System.out.printf("  bars: %d; unfolded (repeats played): %d%n", piece.getBarsCount(),
                    piece.getRepeats().getUnfoldedBarIndicesCount());
            System.out.println("  system  page   left    top  right bottom  strip x   bars");
            for (StaffSystem s : piece.getSystemsList()) {
                System.out.printf(Locale.ROOT, "  %6d %5d %6.0f %6.0f %6.0f %6.0f %8.0f   %s%n", s.getSystemIndex(), s.getPageIndex() + 1,
                        s.getLeftXPx(), s.getTopYPx(), s.getRightXPx(), s.getBottomYPx(), s.getStripStartXPx(),
                        barRange(piece, s.getSystemIndex()));
            }
            Path out = overlay != null ? overlay : Path.of(piece.getPieceId() + "-overlay.png");
            ScoreOverlay.write(piece, scores, out);
            System.out.println("overlay: " + out.toAbsolutePath());
            return 0;
        }

        private static String barRange(ScoreIndex piece, int systemIndex) {
            List<Bar> bars = piece.getBarsList().stream().filter(b -> b.getSystemIndex() == systemIndex).toList();
            return bars.isEmpty() ? "" : bars.get(0).getLabel() + "–" + bars.get(bars.size() - 1).getLabel();
        }
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** Prints a progress bar per stage on standard error. */
    static final class Bars implements ImportProgress {
        @Override
        public void pageDone(int done, int total) {
            bar("pages   ", done, total);
        }

        @Override
        public void snippetsDone(int done, int total) {
            bar("snippets", done, total);
        }

        private static void bar(String label, int done, int total) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) done * width / total);
            System.err.printf("\r  %s [%s%s] %d/%d", label, "#".repeat(filled), " ".repeat(width - filled), done, total);
            if (done == total) {
                System.err.println();
            }
        }
    }
}
