package org.leggio.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.leggio.ingest.AudioSource;
import org.leggio.ingest.Spectrograms;
import org.leggio.matcher.follow.FollowerConfig;
import org.leggio.matcher.notes.NoteAlignerConfig;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.SessionConfig;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.model.Embedder;
import org.leggio.model.Embedders;
import org.leggio.proto.v1.PieceMetadata;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.score.EmbeddingModels;
import org.leggio.score.EngraverOptions;
import org.leggio.score.ImportRequest;
import org.leggio.score.ScoreFormat;
import org.leggio.score.ScoreImporter;
import org.leggio.score.ScoreLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leggio follow}: follows a recording in a score as if it were live, and writes the track. */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = {"Follows a recording in a score as if it were live: strictly causal, each row uses only the",
            "audio up to its own time. Writes one row per audio embedding (10 per second):",
            "time_s, state, page, system (1-based), page_x, strip_x (px), bar, score_beat (quarter notes from the start",
            "of the repeat-unfolded score, MusicXML only), tempo_bpm, confidence (calibrated: rows of confidence c are",
            "within a beat of the players about a share c of the time). With a MusicXML score file each following",
            "position is refined at note level against the score's notes (--no-notes: off)."})
final class FollowCommand implements Callable<Integer> {
    @Option(names = "--score", required = true, paramLabel = "SCORE",
            description = "MusicXML/.mxl/PDF/PNG file (added to the library on first use), or the id of a piece in the library.")
    String score;

    @Option(names = "--audio", required = true, paramLabel = "FILE", description = "WAV/AIFF/AU recording, or a MIDI file (rendered with --soundfont).")
    Path audio;

    @Option(names = "--soundfont", paramLabel = "SF2", description = "SF2 bank for MIDI input (default: the JDK's built-in bank).")
    Path soundfont;

    @Mixin
    ModelOption model;

    @Mixin
    ScoreCommand.LibraryOption library;

    @Option(names = "--out", paramLabel = "CSV", description = "Track CSV to write (default: standard output).")
    Path out;

    @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the track: position over time, state and confidence.")
    Path plot;

    @Option(names = "--lookback", description = "Seconds the matched position lies behind now (default: T/2 for a centred model, 0 for a causal one).")
    Double lookback;

    @Option(names = "--notes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With a MusicXML score file: refine each following position at note level with the score's notes (default: on).")
    boolean notes;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(audio)) {
            // before the model loads: a typo should not cost seconds
            throw new IllegalArgumentException("audio file not found: " + audio);
        }
        try (Embedder embedder = Embedders.open(model.resolve())) {
            ScoreLibrary scores = library.open();
            ScoreIndex piece = resolvePiece(scores, embedder);
            EmbeddingModels.require(piece, embedder.info().modelId());
            float[][] spectrogram;
            try (AudioSource source = Sources.open(audio, soundfont)) {
                spectrogram = Spectrograms.of(source);
            }
            System.err.printf(Locale.ROOT, "%s: %.1f s of audio; following %s%n", audio, spectrogram[0].length / 20.0,
                    piece.getPieceId());
            float[][] embeddings = AudioEmbeddingRun.embed(embedder, spectrogram, System.err::println);
            SessionConfig config = SessionConfig.defaults(followerConfig(embedder.info().modelId(),
                    embedder.info().audioContextFrames(), lookback));
            boolean[] audible = SilenceGate.audible(spectrogram, embeddings.length);
            Path file = Path.of(score);
            List<MatcherSession.Output> outputs;
            if (notes && Files.isRegularFile(file) && ScoreFormat.detect(file).isMusicXml()) {
                outputs = NoteRefinement.follow(piece, config, embeddings, audible, spectrogram,
                        NoteRefinement.notesOf(file), NoteAlignerConfig.defaults(), true);
                System.err.println("positions refined with the score's notes (--no-notes: the embedding follower alone)");
            } else {
                outputs = run(piece, config, embeddings, audible);
            }
            List<TrackedPosition> positions = outputs.stream().map(MatcherSession.Output::position).toList();
            if (out != null) {
                TrackCsv.write(out, positions);
                System.err.println("wrote " + out);
            } else {
                System.out.println(TrackCsv.HEADER);
                positions.forEach(p -> System.out.println(TrackCsv.row(p)));
            }
            if (plot != null) {
                TrackPlot.write(plot, piece.getPieceId() + " — " + audio.getFileName(), positions, List.of(),
                        piece.getBarsCount() > 0);
                System.err.println("wrote " + plot);
            }
        }
        return 0;
    }

    static FollowerConfig followerConfig(String modelId, int windowFrames, Double lookback) {
        boolean causal = modelId.toLowerCase(Locale.ROOT).contains("causal");
        FollowerConfig config = causal ? FollowerConfig.causal(AudioEmbeddingRun.HOP_FRAMES)
                : FollowerConfig.centred(windowFrames, AudioEmbeddingRun.HOP_FRAMES);
        return lookback == null ? config : config.withLookbackSeconds(lookback);
    }

    /** Runs a session that knows its piece; {@code audible} per embedding (see {@link SilenceGate}). */
    static List<MatcherSession.Output> run(ScoreIndex piece, SessionConfig config, float[][] embeddings,
            boolean[] audible) {
        MatcherSession session = MatcherSession.following(PieceLibrary.of(List.of(piece)), piece.getPieceId(), config);
        List<MatcherSession.Output> outputs = new ArrayList<>(embeddings.length);
        for (int i = 0; i < embeddings.length; i++) {
            outputs.add(session.step(embeddings[i], AudioEmbeddingRun.frameOf(i), audible[i]));
        }
        return outputs;
    }

    private ScoreIndex resolvePiece(ScoreLibrary scores, Embedder embedder) throws IOException {
        Path file = Path.of(score);
        if (!Files.exists(file)) {
            return scores.find(score).orElseThrow(() -> new IllegalArgumentException(
                    "--score " + score + " is neither a file nor a piece in the library " + scores.dir()));
        }
        String id = fileId(file);
        var known = scores.find(id).filter(index -> EmbeddingModels.matches(index, embedder.info().modelId()));
        if (known.isPresent()) {
            return known.get();
        }
        System.err.println("adding " + file + " to the library as " + id + " …");
        try (ScoreImporter importer = new ScoreImporter(EngraverOptions.defaults(), embedder)) {
            ImportRequest request = ImportRequest.of(List.of(file), PieceMetadata.getDefaultInstance()).withPieceId(id)
                    .withReplace(true);
            return importer.importScore(request, scores, new ScoreCommand.Bars());
        }
    }

    /** {@code file-<name slug>-<8 hex of the content's SHA-256>}: the same file is added once. */
    static String fileId(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.[a-z0-9]+$", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return "file-" + (name.isEmpty() ? "score" : name) + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
