package org.leggio.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.gateway.GatewayConfig;
import org.leggio.proto.v1.FollowState;
import org.leggio.proto.v1.Identification;
import org.leggio.proto.v1.Page;
import org.leggio.proto.v1.PageTurn;
import org.leggio.proto.v1.PositionUpdate;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionEvent;
import org.leggio.proto.v1.SnippetGrid;
import org.leggio.score.ScoreLibrary;

/** The gateway's handlers on Netty's embedded channel: routes, security checks and the session stream. */
class GatewayHandlersTest {
    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;

    private GatewayConfig config;
    private SessionHub hub;
    private CommandPublisher commands;
    private UploadJobs uploads;
    private final java.util.List<Path> ingested = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path library = dir.resolve("library");
        Files.createDirectories(library.resolve("demo"));
        BufferedImage page = new BufferedImage(835, 1181, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(page, "png", library.resolve("demo").resolve("page-000.png").toFile());
        ScoreIndex index = ScoreIndex.newBuilder().setPieceId("demo")
                .addPages(Page.newBuilder().setPageIndex(0).setImageRef("demo/page-000.png").setWidthPx(835)
                        .setHeightPx(1181))
                .setFollowGrid(SnippetGrid.newBuilder().setStridePx(8).setEmbeddingDim(2).addStripXPx(4)
                        .addEmbeddings(0.6f).addEmbeddings(0.8f).setModelId("m"))
                .build();
        Files.write(library.resolve("demo").resolve(ScoreLibrary.INDEX_FILE), index.toByteArray());
        // a file outside the library that traversal must never reach
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        config = GatewayConfig.defaults("127.0.0.1", 0, library, "127.0.0.1:1").withToken(TOKEN)
                .withAllowedOrigins(List.of("https://stage.example.org")).withLimits(4096, 8192, 3);
        // never started: the tests hand events to it directly; the producer is only reached by valid commands
        hub = new SessionHub(config.bootstrap());
        commands = new CommandPublisher(config.bootstrap());
        // records what reaches it and fails, so no Kafka is needed: the checks before it are under test
        uploads = new UploadJobs((file, metadata) -> {
            ingested.add(file);
            throw new IllegalArgumentException("no staff systems found in " + file.getFileName());
        }, null);
    }

    @AfterEach
    void tearDown() {
        uploads.close();
        commands.close();
    }

    /**
     * The server pipeline on an embedded channel, driven with real bytes: requests are encoded as a client
     * would, responses and WebSocket frames decoded as a client would.
     */
    private final class Wire {
        final EmbeddedChannel server;
        final EmbeddedChannel responses = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 22));
        final EmbeddedChannel frames = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        boolean upgraded;

        Wire() {
            AccessGuard guard = new AccessGuard(config);
            server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(config.maxRequestBytes()),
                    new UpgradeGuard(guard), new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(SessionSocketHandler.WS).subprotocols(SessionSocketHandler.PROTOBUF)
                            .checkStartsWith(true).maxFramePayloadLength(config.maxFrameBytes()).build()),
                    new SessionSocketHandler(hub, config.clientQueueLimit(), config.bootstrap(), uploads),
                    new ApiHandler(new PieceCatalog(config.libraryDir()), commands, guard, uploads));
        }

        void writeInbound(FullHttpRequest request) {
            EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
            encoder.writeOutbound(request);
            for (Object bytes = encoder.readOutbound(); bytes != null; bytes = encoder.readOutbound()) {
                server.writeInbound(bytes);
            }
        }

        void writeInbound(ByteBuf raw) {
            server.writeInbound(raw);
        }

        private final java.util.ArrayDeque<Object> decoded = new java.util.ArrayDeque<>();

        /** The next decoded response or WebSocket frame, in the order the server wrote them, or null. */
        @SuppressWarnings("unchecked")
        <T> T readOutbound() {
            server.runPendingTasks();
            for (Object bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
                // the bytes after a 101 response are WebSocket frames, even within one read
                EmbeddedChannel decoder = upgraded ? frames : responses;
                decoder.writeInbound(bytes);
                for (Object m = decoder.readInbound(); m != null; m = decoder.readInbound()) {
                    decoded.add(m);
                    if (m instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                        upgraded = true;
                    }
                }
            }
            return (T) decoded.poll();
        }

        void runPendingTasks() {
            server.runPendingTasks();
        }
    }

    private Wire channel() {
        return new Wire();
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, content);
        r.headers().set(HttpHeaderNames.HOST, "leggio.local:8080");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }

    private static FullHttpResponse respond(Wire channel, FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response to " + request.uri()).isNotNull();
        return response;
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesTheViewerPiecesAndPages() {
        Wire channel = channel();
        FullHttpResponse pieces = respond(channel, request(HttpMethod.GET, "/api/pieces", null));
        assertThat(pieces.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(pieces)).contains("\"pieceId\":\"demo\"").contains("\"pageCount\":1");
        FullHttpResponse piece = respond(channel, request(HttpMethod.GET, "/api/pieces/demo", null));
        assertThat(body(piece)).contains("\"heightPx\":1181").doesNotContain("embeddings");
        FullHttpResponse page = respond(channel, request(HttpMethod.GET, "/api/pieces/demo/pages/0.png", null));
        assertThat(page.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(page.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/png");
        assertThat(page.content().getByte(1)).isEqualTo((byte) 'P');
        assertThat(respond(channel, request(HttpMethod.GET, "/api/pieces/demo/pages/1.png", null)).status())
                .isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(respond(channel, request(HttpMethod.GET, "/api/pieces/nope", null)).status())
                .isEqualTo(HttpResponseStatus.NOT_FOUND);
    }

    @Test
    void pathTraversalNeverLeavesTheLibraryOrTheViewer() {
        Wire channel = channel();
        for (String uri : List.of("/api/pieces/..%2F..%2Fsecret.txt", "/api/pieces/../secret.txt/pages/0.png",
                "/api/pieces/%2E%2E/pages/0.png", "/../secret.txt", "/..%2Fsecret.txt", "/viewer/../../secret.txt")) {
            FullHttpResponse response = respond(channel, request(HttpMethod.GET, uri, null));
            assertThat(response.status()).as(uri).isEqualTo(HttpResponseStatus.NOT_FOUND);
            assertThat(body(response)).as(uri).doesNotContain("do not serve");
        }
    }

    @Test
    void commandsNeedTheTokenAndAnAllowedOrigin() {
        Wire channel = channel();
        String reset = "{\"reset\":{}}";
        assertThat(respond(channel, request(HttpMethod.POST, "/api/sessions/s1/commands", reset)).status())
                .as("no token").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        FullHttpRequest wrong = request(HttpMethod.POST, "/api/sessions/s1/commands", reset);
        wrong.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer not-the-token");
        assertThat(respond(channel, wrong).status()).as("wrong token").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        FullHttpRequest foreign = request(HttpMethod.POST, "/api/sessions/s1/commands?token=" + TOKEN, reset);
        foreign.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example.com");
        assertThat(respond(channel, foreign).status()).as("foreign origin").isEqualTo(HttpResponseStatus.FORBIDDEN);
        FullHttpRequest garbage = request(HttpMethod.POST, "/api/sessions/s1/commands?token=" + TOKEN, "{not json");
        garbage.headers().set(HttpHeaderNames.ORIGIN, "https://stage.example.org");
        assertThat(respond(channel, garbage).status()).as("bad JSON").isEqualTo(HttpResponseStatus.BAD_REQUEST);
        FullHttpRequest empty = request(HttpMethod.POST, "/api/sessions/s1/commands?token=" + TOKEN, "{}");
        assertThat(respond(channel, empty).status()).as("no command").isEqualTo(HttpResponseStatus.BAD_REQUEST);
        FullHttpRequest other = request(HttpMethod.POST, "/api/sessions/s1/commands?token=" + TOKEN,
                "{\"sessionId\":\"s2\",\"reset\":{}}");
        assertThat(respond(channel, other).status()).as("another session").isEqualTo(HttpResponseStatus.BAD_REQUEST);
    }

    @Test
    void oversizedRequestsAreRefused() {
        Wire channel = channel();
        FullHttpRequest big = request(HttpMethod.POST, "/api/sessions/s1/commands?token=" + TOKEN,
                "{\"reset\":{}}" + " ".repeat(9000));
        channel.writeInbound(big);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    private static FullHttpRequest upgrade(String uri, String origin, String subprotocol) {
        FullHttpRequest r = request(HttpMethod.GET, uri, null);
        r.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        if (origin != null) {
            r.headers().set(HttpHeaderNames.ORIGIN, origin);
        }
        if (subprotocol != null) {
            r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        return r;
    }

    private static SessionEvent position(long sequence, float pageX) {
        return SessionEvent.newBuilder().setPosition(PositionUpdate.newBuilder().setSessionId("s1")
                .setSequenceNumber(sequence).setState(FollowState.FOLLOW_STATE_FOLLOWING).setPieceId("demo")
                .setPageXPx(pageX)).build();
    }

    @Test
    void aForeignOriginCannotOpenASessionSocket() {
        Wire channel = channel();
        FullHttpResponse response = respond(channel, upgrade("/ws/sessions/s1", "https://evil.example.com", null));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
    }

    @Test
    void aLateViewerGetsTheLatestStateThenLiveEventsAsJson() {
        hub.dispatch("s1", SessionEvent.newBuilder().setIdentification(Identification.newBuilder().setSessionId("s1")
                .setPieceId("demo")).build());
        hub.dispatch("s1", position(1, 100));
        hub.dispatch("s1", position(2, 200));
        Wire channel = channel();
        channel.writeInbound(upgrade("/ws/sessions/s1", "http://leggio.local:8080", null));
        FullHttpResponse handshake = channel.readOutbound();
        assertThat(handshake.status()).isEqualTo(HttpResponseStatus.SWITCHING_PROTOCOLS);
        channel.runPendingTasks();
        TextWebSocketFrame first = channel.readOutbound();
        TextWebSocketFrame second = channel.readOutbound();
        assertThat(first.text()).startsWith("{\"identification\"");
        assertThat(second.text()).contains("\"pageXPx\":200").contains("\"state\":\"FOLLOW_STATE_FOLLOWING\"");
        hub.dispatch("s1", position(3, 300));
        hub.dispatch("s2", position(1, 999));
        channel.runPendingTasks();
        TextWebSocketFrame live = channel.readOutbound();
        assertThat(live.text()).contains("\"pageXPx\":300");
        assertThat((Object) channel.readOutbound()).as("nothing of another session").isNull();
    }

    @Test
    void theProtobufSubprotocolGetsBinaryEvents() throws Exception {
        Wire channel = channel();
        channel.writeInbound(upgrade("/ws/sessions/s1", null, SessionSocketHandler.PROTOBUF));
        FullHttpResponse handshake = channel.readOutbound();
        assertThat(handshake.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)).isEqualTo(SessionSocketHandler.PROTOBUF);
        hub.dispatch("s1", position(7, 70));
        channel.runPendingTasks();
        BinaryWebSocketFrame frame = channel.readOutbound();
        byte[] bytes = new byte[frame.content().readableBytes()];
        frame.content().readBytes(bytes);
        assertThat(SessionEvent.parseFrom(bytes).getPosition().getSequenceNumber()).isEqualTo(7);
    }

    @Test
    void aSlowClientGetsOnlyTheNewestPositionButEveryPageTurn() {
        Wire channel = channel();
        channel.writeInbound(upgrade("/ws/sessions/s1", null, null));
        channel.readOutbound();
        // the event loop is busy: events arrive before anything is written
        for (int i = 0; i < 50; i++) {
            hub.dispatch("s1", position(i, i));
        }
        hub.dispatch("s1", SessionEvent.newBuilder().setPageTurn(PageTurn.newBuilder().setToPageIndex(1)).build());
        channel.runPendingTasks();
        TextWebSocketFrame turn = channel.readOutbound();
        TextWebSocketFrame newest = channel.readOutbound();
        assertThat(turn.text()).contains("pageTurn");
        assertThat(newest.text()).contains("\"sequenceNumber\":\"49\"");
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aClientThatLetsTooManyTurnsPileUpIsDisconnected() {
        Wire channel = channel();
        channel.writeInbound(upgrade("/ws/sessions/s1", null, null));
        channel.readOutbound();
        for (int i = 0; i < config.clientQueueLimit() + 1; i++) {
            hub.dispatch("s1", SessionEvent.newBuilder().setPageTurn(PageTurn.newBuilder().setToPageIndex(i)).build());
        }
        channel.runPendingTasks();
        Object last = null;
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            last = out;
        }
        assertThat(last).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) last).statusCode()).isEqualTo(1008);
    }

    @Test
    void anOversizedFrameClosesTheSocket() {
        Wire channel = channel();
        channel.writeInbound(upgrade("/ws/sessions/s1", null, null));
        channel.readOutbound();
        // an unmasked client frame header announcing 10,000 bytes: over the 4 KiB limit
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(0x81).writeByte(0x80 | 126).writeShort(10_000).writeInt(0x01020304);
        frame.writeZero(10_000);
        try {
            channel.writeInbound(frame);
        } catch (io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException expected) {
            // the embedded channel rethrows what the decoder reported; the client sees a close frame
        }
        channel.runPendingTasks();
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) out).statusCode()).isEqualTo(1009);
    }

    @Test
    void uploadsNeedTheTokenAndMustBeScores() throws Exception {
        Wire channel = channel();
        String pdf = "%PDF-1.7\n% a page\n";
        assertThat(respond(channel, request(HttpMethod.POST, "/api/pieces", pdf)).status()).as("no token")
                .isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        for (String notAScore : List.of("hello, I am a text file", "<html><body>a web page</body></html>",
                "\u0000\u0001garbage")) {
            FullHttpResponse refused = respond(channel, request(HttpMethod.POST, "/api/pieces?token=" + TOKEN, notAScore));
            assertThat(refused.status()).as(notAScore).isEqualTo(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE);
            assertThat(body(refused)).contains("not a score");
        }
        assertThat(ingested).as("nothing refused reached the ingestor").isEmpty();
        FullHttpResponse accepted = respond(channel, request(HttpMethod.POST, "/api/pieces?token=" + TOKEN
                + "&title=Etude", pdf));
        assertThat(accepted.status()).isEqualTo(HttpResponseStatus.ACCEPTED);
        String status = body(accepted).replaceAll(".*\"status\":\"([^\"]+)\".*", "$1");
        FullHttpResponse job = null;
        for (int i = 0; i < 100; i++) {
            job = respond(channel, request(HttpMethod.GET, status, null));
            if (body(job).contains("\"state\":\"failed\"") || body(job).contains("\"state\":\"done\"")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(body(job)).contains("\"state\":\"failed\"").contains("no staff systems found");
        assertThat(ingested).hasSize(1);
        assertThat(ingested.get(0).getFileName().toString()).endsWith(".pdf");
    }

    @Test
    void scoreFormatsAreRecognisedByContent() {
        assertThat(UploadJobs.formatOf("%PDF-1.4".getBytes(StandardCharsets.UTF_8))).contains(".pdf");
        assertThat(UploadJobs.formatOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0})).contains(".png");
        assertThat(UploadJobs.formatOf(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0})).contains(".jpg");
        assertThat(UploadJobs.formatOf("PK\u0003\u0004rest".getBytes(StandardCharsets.ISO_8859_1))).contains(".mxl");
        assertThat(UploadJobs.formatOf("<?xml version=\"1.0\"?><score-partwise version=\"4.0\">"
                .getBytes(StandardCharsets.UTF_8))).contains(".musicxml");
        assertThat(UploadJobs.formatOf("<?xml version=\"1.0\"?><svg/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aMicrophoneStreamNeedsTheTokenAndARate() {
        Wire channel = channel();
        assertThat(respond(channel, upgrade("/ws/ingest/s1?rate=48000", null, null)).status()).as("no token")
                .isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        Wire other = channel();
        other.writeInbound(upgrade("/ws/ingest/s1?token=" + TOKEN, null, null));
        FullHttpResponse handshake = other.readOutbound();
        assertThat(handshake.status()).isEqualTo(HttpResponseStatus.SWITCHING_PROTOCOLS);
        CloseWebSocketFrame close = other.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1008);
        assertThat(close.reasonText()).contains("rate");
    }

    private static FullHttpRequest withToken(FullHttpRequest request, String token) {
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        return request;
    }

    @Test
    void aSessionTokenOpensOnlyItsOwnSession() {
        Wire channel = channel();
        assertThat(respond(channel, request(HttpMethod.POST, "/api/sessions/s1/token", "")).status())
                .as("minting needs the deployment token").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        FullHttpResponse minted = respond(channel, withToken(request(HttpMethod.POST, "/api/sessions/s1/token", ""), TOKEN));
        assertThat(minted.status()).isEqualTo(HttpResponseStatus.OK);
        String s1Token = body(minted).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(s1Token).isEqualTo(org.leggio.gateway.SessionTokens.forSession(TOKEN, "s1")).hasSize(43)
                .isNotEqualTo(org.leggio.gateway.SessionTokens.forSession(TOKEN, "s2"));
        // a bad body gets 400 only once the token has been accepted: the session's token passes on its own session
        assertThat(respond(channel, withToken(request(HttpMethod.POST, "/api/sessions/s1/commands", "{not json"),
                s1Token)).status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(respond(channel, withToken(request(HttpMethod.POST, "/api/sessions/s2/commands", "{not json"),
                s1Token)).status()).as("another session").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(respond(channel, withToken(request(HttpMethod.POST, "/api/sessions/s2/token", ""), s1Token)).status())
                .as("a session token cannot mint others").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(respond(channel, withToken(request(HttpMethod.POST, "/api/pieces", "%PDF-1.7\n"), s1Token)).status())
                .as("nor upload").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(respond(channel(), upgrade("/ws/ingest/s2?rate=48000&token=" + s1Token, null, null)).status())
                .as("nor stream into another session").isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        Wire own = channel();
        own.writeInbound(upgrade("/ws/ingest/s1?token=" + s1Token, null, null));
        FullHttpResponse handshake = own.readOutbound();
        assertThat(handshake.status()).as("its own microphone").isEqualTo(HttpResponseStatus.SWITCHING_PROTOCOLS);
    }

    @Test
    void withoutADeploymentTokenThereAreNoSessionTokens() {
        config = config.withToken("");
        FullHttpResponse response = respond(channel(), request(HttpMethod.POST, "/api/sessions/s1/token", ""));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.CONFLICT);
        assertThat(body(response)).contains("no access token");
    }

    @Test
    void uploadProgressIsPushedUntilTheJobIsFinished() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        UploadJobs staged = new UploadJobs(new org.leggio.gateway.ScoreIngestor() {
            @Override
            public ScoreIndex ingest(Path file, org.leggio.proto.v1.PieceMetadata metadata) {
                throw new AssertionError("the progress variant is called");
            }

            @Override
            public ScoreIndex ingest(Path file, org.leggio.proto.v1.PieceMetadata metadata, Progress progress) {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i <= 4; i++) {
                    progress.update("pages", i / 4.0);
                }
                for (int i = 0; i <= 1000; i++) {
                    progress.update("embedding", i / 1000.0); // pushed at most every 1 %
                }
                throw new IllegalArgumentException("no staff systems found");
            }
        }, null);
        try {
            String id = staged.submit("%PDF-1.7".getBytes(StandardCharsets.UTF_8), ".pdf",
                    org.leggio.proto.v1.PieceMetadata.getDefaultInstance());
            java.util.List<UploadJobs.Job> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            assertThat(staged.watch(id, seen::add)).isPresent();
            assertThat(staged.watch("no-such-job", seen::add)).isEmpty();
            go.countDown();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).finished());
            assertThat(seen.get(0).progress()).as("watching starts with the state now").isZero();
            assertThat(seen).extracting(UploadJobs.Job::stage).containsSubsequence("pages", "embedding", "failed");
            java.util.List<Double> embedding = seen.stream().filter(j -> j.stage().equals("embedding"))
                    .map(UploadJobs.Job::progress).toList();
            assertThat(embedding).isSorted().hasSizeBetween(90, 102).endsWith(1.0);
            assertThat(seen.get(seen.size() - 1).error()).contains("no staff systems found");
        } finally {
            staged.close();
        }
    }

    @Test
    void anUploadSocketSendsTheJobAndClosesWhenItIsFinished() throws Exception {
        Wire channel = channel();
        FullHttpResponse accepted = respond(channel, withToken(request(HttpMethod.POST, "/api/pieces", "%PDF-1.7\n"), TOKEN));
        assertThat(body(accepted)).contains("\"progress\":\"/ws/uploads/");
        String job = body(accepted).replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> uploads.job(job).orElseThrow().finished());
        Wire socket = channel();
        socket.writeInbound(upgrade("/ws/uploads/" + job, null, null));
        FullHttpResponse handshake = socket.readOutbound();
        assertThat(handshake.status()).isEqualTo(HttpResponseStatus.SWITCHING_PROTOCOLS);
        TextWebSocketFrame state = socket.readOutbound();
        assertThat(state.text()).contains("\"jobId\":\"" + job + "\"").contains("\"state\":\"failed\"")
                .contains("no staff systems found");
        CloseWebSocketFrame close = socket.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        Wire unknown = channel();
        unknown.writeInbound(upgrade("/ws/uploads/00000000-0000-0000-0000-000000000000", null, null));
        unknown.readOutbound();
        CloseWebSocketFrame refused = unknown.readOutbound();
        assertThat(refused.statusCode()).isEqualTo(1008);
    }

    @Test
    void finishedUploadJobsAreForgottenAfterAWhile() throws Exception {
        UploadJobs shortLived = new UploadJobs((file, metadata) -> {
            throw new IllegalArgumentException("not a score");
        }, null, java.time.Duration.ofMillis(200));
        try {
            String first = shortLived.submit("%PDF-1.7".getBytes(StandardCharsets.UTF_8), ".pdf",
                    org.leggio.proto.v1.PieceMetadata.getDefaultInstance());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> shortLived.job(first).orElseThrow().finished());
            shortLived.submit("%PDF-1.7".getBytes(StandardCharsets.UTF_8), ".pdf",
                    org.leggio.proto.v1.PieceMetadata.getDefaultInstance());
            assertThat(shortLived.job(first)).as("still kept right after it finished").isPresent();
            Thread.sleep(400);
            shortLived.submit("%PDF-1.7".getBytes(StandardCharsets.UTF_8), ".pdf",
                    org.leggio.proto.v1.PieceMetadata.getDefaultInstance());
            assertThat(shortLived.job(first)).as("forgotten once older than the keep time").isEmpty();
        } finally {
            shortLived.close();
        }
    }
}
