package org.leggio.gateway.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leggio.proto.v1.ScoreIndex;
import org.leggio.proto.v1.SessionCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: the viewer's files, the pieces API, page images and session commands.
 *
 * <pre>
 * GET  /  /sessions/{id}                  the viewer
 * GET  /viewer.js, /viewer.css, …          its files (names only: no paths)
 * GET  /api/pieces                          every piece: id, metadata, page count
 * GET  /api/pieces/{id}                     a piece's pages, systems and bars (no embeddings)
 * GET  /api/pieces/{id}/pages/{n}.png       page n (0-based)
 * POST /api/sessions/{id}/commands          a SessionCommand as JSON (origin, deployment or session token
 *                                           checked) → 202
 * POST /api/sessions/{id}/token             the session's own token (deployment token needed) → 200
 *                                           {"sessionId", "token"}; 409 when the gateway has no token
 * POST /api/pieces                          a score file as the body (PDF, PNG, JPEG, MusicXML, .mxl; token and
 *                                           origin checked; ?title=&amp;composer=) → 202 and a job to poll
 * GET  /api/uploads/{job}                   {"state": "running"|"done"|"failed", "stage", "progress", "pieceId",
 *                                           "error"}; the same pushed on WebSocket /ws/uploads/{job}
 * GET  /healthz                             "ok"
 * </pre>
 *
 * One per channel; stateless apart from the shared services it calls.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Pattern PIECE = Pattern.compile("/api/pieces/([^/]+)");
    private static final Pattern PAGE = Pattern.compile("/api/pieces/([^/]+)/pages/(\\d{1,4})\\.png");
    private static final Pattern COMMANDS = Pattern.compile("/api/sessions/([^/]+)/commands");
    private static final Pattern TOKEN = Pattern.compile("/api/sessions/([^/]+)/token");
    private static final Pattern STATIC = Pattern.compile("/([A-Za-z0-9_-]+\\.(js|css|html|svg|ico|png))");
    private static final String VIEWER = "/org/leggio/gateway/viewer/";

    private static final Pattern UPLOAD = Pattern.compile("/api/uploads/([0-9a-f-]{36})");

    private final PieceCatalog pieces;
    private final CommandPublisher commands;
    private final AccessGuard guard;
    private final UploadJobs uploads;

    /** @param uploads null when this gateway takes no score uploads */
    ApiHandler(PieceCatalog pieces, CommandPublisher commands, AccessGuard guard, UploadJobs uploads) {
        this.pieces = pieces;
        this.commands = commands;
        this.guard = guard;
        this.uploads = uploads;
    }

    static boolean isValidSessionId(String id) {
        return org.leggio.gateway.SessionTokens.isValidSessionId(id);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        try {
            if (request.method().equals(HttpMethod.POST)) {
                post(ctx, request, path);
            } else if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                get(ctx, request, path);
            } else {
                HttpResponses.error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, request.method() + " " + path);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), path, e);
            HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private void get(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Matcher m;
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/sessions/")) {
            resource(ctx, request, "index.html");
        } else if (path.equals("/healthz")) {
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, "text/plain; charset=utf-8",
                    "ok".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/pieces")) {
            StringBuilder json = new StringBuilder("[");
            for (ScoreIndex piece : pieces.list()) {
                json.append(json.length() > 1 ? "," : "").append("{\"pieceId\":").append(HttpResponses.quote(piece.getPieceId()))
                        .append(",\"metadata\":").append(JsonEvents.print(piece.getMetadata()))
                        .append(",\"pageCount\":").append(piece.getPagesCount()).append('}');
            }
            HttpResponses.json(ctx, request, HttpResponseStatus.OK, json.append(']').toString());
        } else if ((m = UPLOAD.matcher(path)).matches() && uploads != null) {
            var job = uploads.job(m.group(1));
            if (job.isEmpty()) {
                HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no upload " + m.group(1));
            } else {
                HttpResponses.json(ctx, request, HttpResponseStatus.OK, job.get().toJson());
            }
        } else if ((m = PAGE.matcher(path)).matches()) {
            page(ctx, request, m.group(1), Integer.parseInt(m.group(2)));
        } else if ((m = PIECE.matcher(path)).matches()) {
            Optional<ScoreIndex> piece = pieces.find(m.group(1));
            if (piece.isEmpty()) {
                HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no piece " + m.group(1));
            } else {
                HttpResponses.json(ctx, request, HttpResponseStatus.OK, JsonEvents.print(piece.get()));
            }
        } else if ((m = STATIC.matcher(path)).matches()) {
            resource(ctx, request, m.group(1));
        } else {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: " + path);
        }
    }

    private void page(ChannelHandlerContext ctx, FullHttpRequest request, String pieceId, int pageIndex) {
        Optional<Path> file = pieces.pageImage(pieceId, pageIndex);
        if (file.isEmpty()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "no page " + pageIndex + " of " + pieceId);
            return;
        }
        try {
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, "image/png", Files.readAllBytes(file.get()));
        } catch (IOException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read the page image");
        }
    }

    private void post(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Matcher commandPath = COMMANDS.matcher(path);
        Matcher tokenPath = TOKEN.matcher(path);
        boolean upload = path.equals("/api/pieces");
        if (!commandPath.matches() && !tokenPath.matches() && !upload) {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: " + path);
            return;
        }
        if (!guard.originAllowed(request)) {
            HttpResponses.error(ctx, request, HttpResponseStatus.FORBIDDEN, "origin not allowed");
            return;
        }
        String sessionId = commandPath.matches() ? commandPath.group(1) : tokenPath.matches() ? tokenPath.group(1) : null;
        if (sessionId != null && !isValidSessionId(sessionId)) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "invalid session id");
            return;
        }
        // a session's own token opens its commands; uploads and minting session tokens need the deployment's
        boolean authorised = commandPath.matches() ? guard.tokenValidFor(request, sessionId) : guard.tokenValid(request);
        if (!authorised) {
            HttpResponses.error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "missing or invalid access token");
            return;
        }
        if (upload) {
            upload(ctx, request);
        } else if (tokenPath.matches()) {
            sessionToken(ctx, request, sessionId);
        } else {
            command(ctx, request, sessionId);
        }
    }

    private void sessionToken(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        if (!guard.tokensRequired()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.CONFLICT,
                    "this gateway has no access token, so sessions need no tokens");
            return;
        }
        HttpResponses.json(ctx, request, HttpResponseStatus.OK, "{\"sessionId\":" + HttpResponses.quote(sessionId)
                + ",\"token\":" + HttpResponses.quote(guard.sessionToken(sessionId)) + "}");
    }

    private void command(ChannelHandlerContext ctx, FullHttpRequest request, String sessionId) {
        SessionCommand.Builder command;
        try {
            command = JsonEvents.parse(request.content().toString(StandardCharsets.UTF_8), SessionCommand.newBuilder());
        } catch (IllegalArgumentException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (command.getCommandCase() == SessionCommand.CommandCase.COMMAND_NOT_SET) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "no command: send resync, reset or pause");
            return;
        }
        if (!command.getSessionId().isEmpty() && !command.getSessionId().equals(sessionId)) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "the command names another session");
            return;
        }
        command.setSessionId(sessionId).setIssuedTimeMicros(System.currentTimeMillis() * 1000);
        if (command.getCommandId().isEmpty()) {
            command.setCommandId(UUID.randomUUID().toString());
        }
        String id = command.getCommandId();
        request.retain();
        commands.send(command.build()).whenComplete((ok, error) -> ctx.executor().execute(() -> {
            try {
                if (error != null) {
                    HttpResponses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "could not send the command: " + error.getMessage());
                } else {
                    HttpResponses.json(ctx, request, HttpResponseStatus.ACCEPTED,
                            "{\"commandId\":" + HttpResponses.quote(id) + "}");
                }
            } finally {
                request.release();
            }
        }));
    }

    private void upload(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (uploads == null) {
            HttpResponses.error(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "this gateway takes no score uploads (start it with --enable-uploads)");
            return;
        }
        byte[] bytes = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), bytes);
        Optional<String> format = UploadJobs.formatOf(bytes);
        if (format.isEmpty()) {
            HttpResponses.error(ctx, request, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "not a score: send a PDF, PNG or JPEG pages, MusicXML or compressed MusicXML (.mxl)");
            return;
        }
        var query = new QueryStringDecoder(request.uri()).parameters();
        org.leggio.proto.v1.PieceMetadata metadata = org.leggio.proto.v1.PieceMetadata.newBuilder()
                .setTitle(first(query, "title")).setComposer(first(query, "composer"))
                .setMovement(first(query, "movement")).setCatalogueNumber(first(query, "catalogue")).build();
        String job = uploads.submit(bytes, format.get(), metadata);
        HttpResponses.json(ctx, request, HttpResponseStatus.ACCEPTED, "{\"jobId\":" + HttpResponses.quote(job)
                + ",\"status\":" + HttpResponses.quote("/api/uploads/" + job) + ",\"progress\":"
                + HttpResponses.quote("/ws/uploads/" + job) + "}");
    }

    private static String first(java.util.Map<String, java.util.List<String>> query, String name) {
        java.util.List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private void resource(ChannelHandlerContext ctx, FullHttpRequest request, String name) {
        try (InputStream in = ApiHandler.class.getResourceAsStream(VIEWER + name)) {
            if (in == null) {
                HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: /" + name);
                return;
            }
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, contentType(name), in.readAllBytes());
        } catch (IOException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot read /" + name);
        }
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }
}
