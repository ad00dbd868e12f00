package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.Optional;

/**
 * A WebSocket after its handshake: on {@code /ws/sessions/{id}} a viewer, subscribed to the session (JSON
 * text frames, or binary protobuf when the client chose the {@value #PROTOBUF} subprotocol) until it
 * closes, its incoming frames ignored (commands go through the HTTP API); on {@code /ws/ingest/{id}} a
 * browser microphone ({@link IngestSocket}); on {@code /ws/uploads/{job}} an upload's progress, as JSON
 * text frames until the job is finished. One per channel.
 */
final class SessionSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** The subprotocol a client names to get binary protobuf {@code SessionEvent}s. */
    static final String PROTOBUF = "leggio.v1.proto";
    /** The WebSocket prefix the protocol handler serves. */
    static final String WS = "/ws";
    static final String PATH = "/ws/sessions";
    static final String INGEST = "/ws/ingest";
    static final String UPLOADS = "/ws/uploads";

    private final SessionHub hub;
    private final int queueLimit;
    private final String bootstrap;
    private final UploadJobs uploads;
    private Runnable stopWatching;
    private ClientQueue queue;
    private IngestSocket ingest;
    private String sessionId;

    /** @param uploads null when the gateway takes no uploads */
    SessionSocketHandler(SessionHub hub, int queueLimit, String bootstrap, UploadJobs uploads) {
        this.hub = hub;
        this.queueLimit = queueLimit;
        this.bootstrap = bootstrap;
        this.uploads = uploads;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            QueryStringDecoder uri = new QueryStringDecoder(handshake.requestUri());
            String path = uri.path();
            if (path.startsWith(INGEST + "/")) {
                startIngest(ctx, path.substring(INGEST.length() + 1), uri);
                return;
            }
            if (path.startsWith(UPLOADS + "/")) {
                watchUpload(ctx, path.substring(UPLOADS.length() + 1));
                return;
            }
            String id = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : "";
            if (!ApiHandler.isValidSessionId(id)) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1008, "no such session path: " + path))
                        .addListener(f -> ctx.close());
                return;
            }
            sessionId = id;
            queue = new ClientQueue(ctx.channel(), PROTOBUF.equals(handshake.selectedSubprotocol()), queueLimit);
            hub.subscribe(sessionId, queue);
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    private void startIngest(ChannelHandlerContext ctx, String id, QueryStringDecoder uri) {
        int rate;
        try {
            rate = Integer.parseInt(uri.parameters().getOrDefault("rate", java.util.List.of("")).get(0));
        } catch (NumberFormatException e) {
            rate = -1;
        }
        if (!ApiHandler.isValidSessionId(id) || rate < 8_000 || rate > 192_000) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1008, "need /ws/ingest/{session}?rate=HZ (8000-192000)"))
                    .addListener(f -> ctx.close());
            return;
        }
        sessionId = id;
        ingest = IngestSocket.start(bootstrap, id, rate);
    }

    /** Pushes the upload job's state as JSON text frames on every change, and closes (1000) once it is finished. */
    private void watchUpload(ChannelHandlerContext ctx, String jobId) {
        Optional<Runnable> handle = uploads == null ? Optional.empty()
                : uploads.watch(jobId, job -> {
                    var written = ctx.writeAndFlush(new TextWebSocketFrame(job.toJson()));
                    if (job.finished()) {
                        written.addListener(f -> ctx.writeAndFlush(new CloseWebSocketFrame(1000, job.state()))
                                .addListener(g -> ctx.close()));
                    }
                });
        if (handle.isEmpty()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1008, "no upload " + jobId)).addListener(f -> ctx.close());
            return;
        }
        stopWatching = handle.get();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (ingest == null) {
            return; // viewers only listen
        }
        if (frame instanceof io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame binary) {
            if (!ingest.accept(binary.content())) {
                ingest.end();
                ctx.writeAndFlush(new CloseWebSocketFrame(1008, "send whole float32 samples, in real time"))
                        .addListener(f -> ctx.close());
            }
        } else if (frame instanceof TextWebSocketFrame text
                && text.text().trim().equals("end")) {
            ingest.end();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (queue != null && ctx.channel().isWritable()) {
            queue.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (queue != null) {
            hub.unsubscribe(sessionId, queue);
        }
        if (ingest != null) {
            ingest.end();
        }
        if (stopWatching != null) {
            stopWatching.run();
        }
        super.channelInactive(ctx);
    }
}
