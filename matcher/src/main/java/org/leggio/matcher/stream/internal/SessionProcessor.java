package org.leggio.matcher.stream.internal;

import com.google.protobuf.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.leggio.matcher.notes.FollowedNotes;
import org.leggio.matcher.session.Evidence;
import org.leggio.matcher.session.MatcherSession;
import org.leggio.matcher.session.PieceLibrary;
import org.leggio.matcher.session.TrackedPosition;
import org.leggio.matcher.stream.MatcherStreamConfig;
import org.leggio.proto.v1.AudioEmbedding;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.leggio.proto.v1.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link MatcherSession} per session id from the session's audio embeddings and commands, and
 * publishes its positions, identifications and page turns with a gap-free per-session sequence number.
 *
 * <p>The state store is the truth: every input's effect on a session is written back to it, in the same
 * transaction as the events it caused and the input offsets (exactly-once), so an instance that dies is
 * replaced from the changelog with no lost and no repeated sequence number. Live sessions are cached
 * between records only to save the decoding; an entry is used only while the store still holds the
 * write it made.
 *
 * <p>A record that cannot be processed is logged with its topic, partition and offset and skipped; the
 * session goes on. One instance per task; Kafka Streams drives it from one thread.
 */
public final class SessionProcessor implements Processor<String, Message, String, SessionEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionProcessor.class);

    private final String storeName;
    private final MatcherStreamConfig config;
    private final ScoreCatalog catalog;
    private final String scoresStoreName;
    private final Map<String, Live> cache = new HashMap<>();
    private final Set<String> mismatchReported = new HashSet<>();
    private ProcessorContext<String, SessionEvent> context;
    private KeyValueStore<String, byte[]> store;

    /** A decoded session and the store write it corresponds to. */
    private static final class Live {
        long nonce;
        long nextSequence;
        boolean paused;
        PieceLibrary library;
        MatcherSession session;
        /**
         * The note-level refinement of the followed piece (null: none configured). Not part of the stored
         * state: its audio is the last seconds of this instance's input, so a session restored elsewhere
         * refines again once it has heard 0.5 s.
         */
        FollowedNotes notes;
        /** One spectrogram frame, reused for every frame pushed to the refiner. */
        float[] frame = new float[0];

        /** The session's outside evidence: the notes', when configured. */
        Evidence evidence() {
            return notes == null ? Evidence.NONE : notes;
        }
    }

    public SessionProcessor(String storeName, String scoresStoreName, MatcherStreamConfig config,
            ScoreCatalog catalog) {
        this.storeName = storeName;
        this.scoresStoreName = scoresStoreName;
        this.config = config;
        this.catalog = catalog;
    }

    @Override
    public void init(ProcessorContext<String, SessionEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // a re-initialised task (after a dirty close) must not trust what an earlier incarnation cached
        cache.clear();
        catalog.loadOnce(context.getStateStore(scoresStoreName));
        long every = Math.max(1_000, Math.min(60_000, config.idleExpiry().toMillis() / 4));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
        LOG.info("matcher task {} took over its sessions", context.taskId());
    }

    @Override
    public void process(Record<String, Message> record) {
        String sessionId = record.key();
        if (sessionId == null || sessionId.isEmpty() || record.value() == null) {
            LOG.warn("skipped a record with no session id or no value at {}", RecordPlace.of(context));
            return;
        }
        try {
            if (record.value() instanceof AudioEmbedding embedding) {
                onEmbedding(record, sessionId, embedding);
            } else if (record.value() instanceof SessionCommand command) {
                onCommand(sessionId, command);
            } else {
                LOG.warn("skipped a {} at {}", record.value().getClass().getSimpleName(), RecordPlace.of(context));
            }
        } catch (RuntimeException e) {
            // one bad record never stops a session or an instance; the cached session may be half-stepped
            cache.remove(sessionId);
            LOG.error("skipped the record of session {} at {}: {}", sessionId, RecordPlace.of(context), e.toString(), e);
        }
    }

    private void onEmbedding(Record<String, Message> record, String sessionId, AudioEmbedding embedding) {
        Live live = load(sessionId);
        long frame = embedding.getFrameIndex();
        long capture = embedding.getCaptureTimeMicros();
        if (embedding.getEndOfStream()) {
            TrackedPosition last = live.session.lastPosition();
            emit(record, live, SessionEvent.newBuilder().setPosition(SessionEvents.position(sessionId, last,
                    FollowState.FOLLOW_STATE_IDLE, frame, capture)));
            store.delete(sessionId);
            cache.remove(sessionId);
            mismatchReported.remove(sessionId);
            LOG.info("session {} ended at frame {}", sessionId, frame);
            return;
        }
        if (!fits(sessionId, embedding, live.library)) {
            return;
        }
        if (live.paused) {
            emit(record, live, SessionEvent.newBuilder().setPosition(SessionEvents.position(sessionId,
                    live.session.lastPosition(), FollowState.FOLLOW_STATE_PAUSED, frame, capture)));
            save(sessionId, live);
            return;
        }
        float[] values = new float[embedding.getValuesCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = embedding.getValues(i);
        }
        boolean audible = embedding.getRecentLogMagnitude() > config.silenceThreshold();
        pushFrames(live, embedding);
        MatcherSession.Output out = live.session.step(values, frame, audible);
        startRefiner(live, out.position().pieceId());
        if (out.identification() != null) {
            emit(record, live, SessionEvent.newBuilder().setIdentification(SessionEvents.identification(sessionId,
                    out.identification(), live.library, config.candidates(), frame, capture)));
        }
        emit(record, live, SessionEvent.newBuilder().setPosition(SessionEvents.position(sessionId, out.position(),
                SessionEvents.state(out.position().state()), frame, capture)));
        if (out.pageTurn() != null) {
            emit(record, live, SessionEvent.newBuilder().setPageTurn(SessionEvents.pageTurn(sessionId, out.pageTurn(),
                    frame, capture)));
        }
        save(sessionId, live);
    }

    /**
     * Feeds the embedding's spectrogram frames to the notes: to the followed piece's refiner, if any, and to the
     * newest frames kept for a refiner started later (another piece).
     */
    private void pushFrames(Live live, AudioEmbedding embedding) {
        if (live.notes == null || !live.notes.wantsFrames()) {
            return;
        }
        int bands = live.notes.bandCount();
        int count = embedding.getRecentFramesCount();
        if (count % bands != 0) {
            LOG.warn("session {}: {} spectrogram values with an embedding at {} are not whole frames of {} bands; "
                    + "ignored", embedding.getSessionId(), count, RecordPlace.of(context), bands);
            return;
        }
        if (live.frame.length != bands) {
            live.frame = new float[bands];
        }
        for (int start = 0; start < count; start += bands) {
            for (int b = 0; b < bands; b++) {
                live.frame[b] = embedding.getRecentFrames(start + b);
            }
            live.notes.pushFrame(live.frame);
        }
    }

    /**
     * Starts a refiner when the session follows a piece with notes that has none yet (it hears the frames from
     * the next embedding on, or, for a piece the notes found the players in, first the newest ones already
     * pushed), and drops one for another piece.
     */
    private void startRefiner(Live live, String pieceId) {
        if (live.notes != null) {
            live.notes.follow(pieceId);
        }
    }

    /** Whether the embedding can be compared with the library's snippets; reports a mismatch once. */
    private boolean fits(String sessionId, AudioEmbedding embedding, PieceLibrary library) {
        if (library.size() == 0) {
            return true;
        }
        int dim = library.track(0).dimension();
        boolean model = library.modelId().isEmpty() || library.modelId().equals(embedding.getModelId());
        if (model && embedding.getValuesCount() == dim) {
            return true;
        }
        if (mismatchReported.add(sessionId)) {
            LOG.error("session {}: audio embeddings of model '{}' ({} values) cannot be matched with scores of model "
                    + "'{}' ({} values); its embeddings are skipped until they match (first at {})", sessionId,
                    embedding.getModelId(), embedding.getValuesCount(), library.modelId(), dim, RecordPlace.of(context));
        }
        return false;
    }

    private void onCommand(String sessionId, SessionCommand command) {
        Live live = load(sessionId);
        switch (command.getCommandCase()) {
            case RESYNC -> {
                var r = command.getResync();
                try {
                    live.session.resync(r.getPieceId(), r.getPageIndex(), r.getSystemIndex(), r.getPageXPx());
                } catch (IllegalArgumentException e) {
                    LOG.warn("session {}: re-sync command {} refused at {}: {}", sessionId, command.getCommandId(),
                            RecordPlace.of(context), e.getMessage());
                    return;
                }
                live.paused = false;
            }
            case RESET -> {
                live.session.reset();
                live.paused = false;
            }
            case PAUSE -> live.paused = command.getPause().getPaused();
            default -> {
                LOG.warn("session {}: command {} has no command at {}", sessionId, command.getCommandId(),
                        RecordPlace.of(context));
                return;
            }
        }
        LOG.info("session {}: {} command {} applied", sessionId, command.getCommandCase(), command.getCommandId());
        save(sessionId, live);
    }

    private void emit(Record<String, Message> input, Live live, SessionEvent.Builder event) {
        long sequence = live.nextSequence++;
        long now = context.currentSystemTimeMs() * 1000;
        switch (event.getEventCase()) {
            case POSITION -> event.getPositionBuilder().setSequenceNumber(sequence).setEmittedTimeMicros(now);
            case PAGE_TURN -> event.getPageTurnBuilder().setSequenceNumber(sequence);
            case IDENTIFICATION -> event.getIdentificationBuilder().setSequenceNumber(sequence);
            default -> throw new IllegalStateException("empty session event");
        }
        context.forward(new Record<>(input.key(), event.build(), input.timestamp()));
    }

    private Live load(String sessionId) {
        PieceLibrary library = catalog.library();
        byte[] bytes = store.get(sessionId);
        if (bytes == null) {
            Live live = new Live();
            live.library = library;
            live.notes = notesOf(library);
            live.session = new MatcherSession(library, config.session(), live.evidence());
            cache.put(sessionId, live);
            return live;
        }
        Live cached = cache.get(sessionId);
        if (cached != null && cached.nonce == SessionRecord.nonceOf(bytes) && cached.library == library) {
            return cached;
        }
        SessionRecord saved = SessionRecord.decode(bytes);
        Live live = new Live();
        live.nonce = saved.nonce();
        live.nextSequence = saved.nextSequence();
        live.paused = saved.paused();
        live.library = library;
        live.notes = notesOf(library);
        try {
            live.session = MatcherSession.restore(library, config.session(), saved.session(), live.evidence());
        } catch (IllegalArgumentException e) {
            // an incompatible state (another configuration): the session starts afresh, numbering goes on
            LOG.error("session {}: stored state unusable ({}); identifying afresh", sessionId, e.getMessage());
            live.session = new MatcherSession(library, config.session(), live.evidence());
        }
        cache.put(sessionId, live);
        return live;
    }

    private FollowedNotes notesOf(PieceLibrary library) {
        return config.noteChroma() == null ? null : FollowedNotes.ofLibrary(library, config.noteChroma(), config.notes());
    }

    private void save(String sessionId, Live live) {
        live.nonce = ThreadLocalRandom.current().nextLong();
        store.put(sessionId, new SessionRecord(live.nonce, live.nextSequence, live.paused,
                context.currentSystemTimeMs(), live.session.saveState()).encode());
    }

    private void expireIdle(long nowMillis) {
        long oldest = nowMillis - config.idleExpiry().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (SessionRecord.lastActivityMillis(entry.value) < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        for (String sessionId : expired) {
            store.delete(sessionId);
            cache.remove(sessionId);
            mismatchReported.remove(sessionId);
            LOG.info("session {} expired after {} without input", sessionId, config.idleExpiry());
        }
    }

    @Override
    public void close() {
        LOG.info("matcher task {} released its sessions", context.taskId());
        cache.clear();
    }
}
