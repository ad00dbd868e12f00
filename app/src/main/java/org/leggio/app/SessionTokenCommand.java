package org.leggio.app;

import java.util.concurrent.Callable;
import org.leggio.gateway.SessionTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leggio session-token ID}: prints the access token of one session, derived from the deployment's. */
@Command(name = "session-token", mixinStandardHelpOptions = true,
        description = {"Prints a session's own access token: it lets a rehearsal app or a stage tablet send that",
            "session's commands and stream its microphone, and nothing else. Derived from the deployment token",
            "(the gateway's --token), so the gateway needs no list; a new deployment token revokes them all."})
final class SessionTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION", description = "The session id (letters, digits, . _ : -).")
    String sessionId;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LEGGIO_TOKEN}",
            description = "The deployment's access token (default: $LEGGIO_TOKEN).")
    String token;

    @Override
    public Integer call() {
        if (!SessionTokens.isValidSessionId(sessionId)) {
            throw new IllegalArgumentException("not a session id (1-128 of letters, digits, . _ : -): " + sessionId);
        }
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("no deployment token: give --token or set LEGGIO_TOKEN");
        }
        System.out.println(SessionTokens.forSession(token, sessionId));
        return 0;
    }
}
