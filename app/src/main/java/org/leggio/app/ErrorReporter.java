package org.leggio.app;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line on stderr and a non-zero exit code. Expected failures (bad
 * input, unreachable broker) print their message only; the full stack trace goes to the debug
 * log. Anything unexpected prints its stack trace, because that is a bug to report.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (isExpected(e)) {
            err.println("leggio: error: " + e.getMessage());
            LOG.debug("failure detail", e);
        } else {
            err.println("leggio: unexpected error (please report it): " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return Leggio.EXIT_FAILURE;
    }

    static int onUsageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("leggio: " + e.getMessage());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return Leggio.EXIT_USAGE;
    }

    private static boolean isExpected(Exception e) {
        return e instanceof org.leggio.ingest.IngestException
                || e instanceof org.leggio.kafka.LeggioKafkaException
                || e instanceof org.leggio.broker.EmbeddedBrokerException
                || e instanceof org.leggio.model.EmbeddingException
                || e instanceof org.leggio.score.ScoreException
                || e instanceof org.leggio.dataset.asap.AsapDataException
                || e instanceof IllegalArgumentException
                || e instanceof java.io.IOException;
    }
}
