package org.leggio.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leggio} command: every Leggio service, the embedded broker, tools and benchmarks.
 * {@code main} only parses and dispatches; each subcommand wires a module's public API.
 */
@Command(
        name = "leggio",
        mixinStandardHelpOptions = true,
        versionProvider = Leggio.Version.class,
        description = "Follows live music in sheet-music images.",
        subcommands = {
            DemoCommand.class,
            IngestCommand.class,
            SpectrogramCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            PairsCommand.class,
            EvalCommand.class,
            FollowCommand.class,
            EmbedCommand.class,
            MatchCommand.class,
            GatewayCommand.class,
            SessionTokenCommand.class,
            ScoreCommand.class,
            DatasetCommand.class,
            TrainCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Leggio {
    /** Exit code of a run that failed on bad input or an unreachable service. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a command line that could not be parsed. */
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and for {@link #main}). */
    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with error messages going to {@code err}; returns the exit code. */
    public static int run(PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Leggio());
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setParameterExceptionHandler(ErrorReporter::onUsageError);
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Leggio.class.getPackage().getImplementationVersion();
            return new String[] {"leggio " + (version == null ? "(development build)" : version)};
        }
    }
}
