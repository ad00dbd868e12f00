package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.leggio.app.Leggio;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The deployment in {@code docker/} agrees with the {@code leggio} command line: every command the
 * compose file gives the Leggio image is accepted by picocli (parsed only, never run), the cluster has
 * three Kafka nodes, embed and match run two instances each, and the image ships the model and the
 * engraver where {@code leggio.home} points.
 *
 * <p>No YAML library: the compose file keeps each service's {@code command:} on one line as a flow
 * sequence of double-quoted strings, which this test reads with regular expressions.
 */
class DockerComposeIT {
    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    private static final String BOOTSTRAP = "kafka-1:9092,kafka-2:9092,kafka-3:9092";
    private static final String STATE_DIR = "/var/lib/leggio/state";

    private static final Pattern SERVICE_HEADER = Pattern.compile("^  ([A-Za-z0-9._-]+):\\s*(#.*)?$");
    private static final Pattern IMAGE = Pattern.compile("(?m)^    image:\\s*(\\S+)\\s*$");
    private static final Pattern COMMAND = Pattern.compile("(?m)^    command:\\s*(.*?)\\s*$");
    private static final Pattern REPLICAS = Pattern.compile("(?m)^      replicas:\\s*(\\d+)\\s*$");
    private static final Pattern QUOTED_ITEM = Pattern.compile("\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(?:,|$)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    // --- the commands --------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyCommandOfTheLeggioImageIsAcceptedByTheLeggioCommandLine() throws IOException {
        Map<String, String> leggio = leggioServices();
        assertThat(leggio).as("services running the leggio image").containsKeys("topics", "embed", "match",
                "gateway", "score");
        return leggio.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<String> args = command(name, leggio.get(name));
            assertThatCode(() -> parse(args)).as("service %s: leggio %s", name, String.join(" ", args))
                    .doesNotThrowAnyException();
        }));
    }

    @Test
    void everyServiceTalksToAllThreeBrokersOnTheInternalListener() throws IOException {
        for (Map.Entry<String, String> service : leggioServices().entrySet()) {
            List<String> args = command(service.getKey(), service.getValue());
            int at = args.indexOf("--bootstrap");
            assertThat(at).as("%s has --bootstrap", service.getKey()).isNotNegative();
            assertThat(args.get(at + 1)).as("%s --bootstrap", service.getKey()).isEqualTo(BOOTSTRAP);
        }
        assertThat(kafkaServices()).containsOnlyKeys("kafka-1", "kafka-2", "kafka-3");
    }

    @Test
    void embedAndMatchUseThePartitionsAndReplicationOfTheTopicsStep() throws IOException {
        Map<String, String> leggio = leggioServices();
        ParseResult topics = leaf(parse(command("topics", leggio.get("topics"))));
        int partitions = topics.matchedOptionValue("--partitions", 4);
        short replication = topics.matchedOptionValue("--replication-factor", (short) 1);
        assertThat(partitions).as("topics --partitions").isEqualTo(8);
        assertThat(replication).as("topics --replication-factor").isEqualTo((short) 3);
        // embed and match check the topics at start and refuse a partition count other than their own.
        for (String name : List.of("embed", "match")) {
            ParseResult service = leaf(parse(command(name, leggio.get(name))));
            assertThat((int) service.matchedOptionValue("--partitions", 4)).as("%s --partitions", name)
                    .isEqualTo(partitions);
            assertThat((short) service.matchedOptionValue("--replication-factor", (short) 1))
                    .as("%s --replication-factor", name).isEqualTo(replication);
        }
    }

    // --- the topology --------------------------------------------------------------------------------

    @Test
    void threeKafkaNodesFormOneCombinedQuorumWithReplicatedInternalTopics() throws IOException {
        String compose = Files.readString(COMPOSE);
        Map<String, String> kafka = kafkaServices();
        assertThat(kafka).hasSize(3);
        List<String> nodeIds = new ArrayList<>();
        for (Map.Entry<String, String> node : kafka.entrySet()) {
            Matcher id = Pattern.compile("KAFKA_NODE_ID:\\s*(\\d+)").matcher(node.getValue());
            assertThat(id.find()).as("%s sets KAFKA_NODE_ID", node.getKey()).isTrue();
            nodeIds.add(id.group(1));
            assertThat(node.getValue()).as(node.getKey()).contains("healthcheck:")
                    .contains("INTERNAL://" + node.getKey() + ":9092");
        }
        assertThat(nodeIds).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(compose)
                .contains("KAFKA_PROCESS_ROLES: broker,controller")
                .contains("KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                .contains("CLUSTER_ID:")
                .contains("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 3")
                .contains("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 3")
                .contains("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 2")
                .contains("KAFKA_MIN_INSYNC_REPLICAS: 2")
                .contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"")
                .contains("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS: 1000");
    }

    @Test
    void embedAndMatchRunTwoInstancesEachWithItsOwnStateDirectory() throws IOException {
        Map<String, String> leggio = leggioServices();
        for (String name : List.of("embed", "match")) {
            String block = leggio.get(name);
            Matcher replicas = REPLICAS.matcher(block);
            assertThat(replicas.find()).as("%s sets deploy.replicas", name).isTrue();
            assertThat(Integer.parseInt(replicas.group(1))).as("%s replicas", name).isEqualTo(2);
            ParseResult service = leaf(parse(command(name, block)));
            assertThat(service.matchedOptionValue("--state-dir", (Path) null)).as("%s --state-dir", name)
                    .isEqualTo(Path.of(STATE_DIR));
            // An anonymous volume ("/path", no "name:" before it): one per container, never shared.
            assertThat(block).as("%s mounts an anonymous volume on its state directory", name)
                    .containsPattern("volumes:\\s*\\[\\s*\"" + Pattern.quote(STATE_DIR) + "\"");
            assertThat(block).as("%s waits for the topics step", name).contains("service_completed_successfully");
        }
    }

    @Test
    void theGatewayPublishesItsPortAndSharesTheLibraryWithTheScoreTool() throws IOException {
        Map<String, String> leggio = leggioServices();
        assertThat(leggio.get("gateway")).contains("\"8080:8080\"").contains("library:/var/lib/leggio/library");
        ParseResult gateway = leaf(parse(command("gateway", leggio.get("gateway"))));
        // In a container the gateway must listen on every interface, or the published port reaches nothing.
        assertThat((String) gateway.matchedOptionValue("--bind", "127.0.0.1")).as("gateway --bind").isEqualTo("0.0.0.0");
        assertThat((int) gateway.matchedOptionValue("--port", 8080)).as("gateway --port").isEqualTo(8080);
        assertThat(gateway.matchedOptionValue("--library", (Path) null)).isEqualTo(Path.of("/var/lib/leggio/library"));
        assertThat(leggio.get("score")).contains("library:/var/lib/leggio/library").contains("profiles: [\"tools\"]");
        assertThat(Files.readString(COMPOSE)).containsPattern("(?m)^volumes:\\s*$").containsPattern("(?m)^  library:\\s*$");
    }

    // --- the image -----------------------------------------------------------------------------------

    @Test
    void theRuntimeStageShipsTheModelAndTheEngraverWhereLeggioHomePoints() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        List<String> stages = Arrays.stream(dockerfile.split("(?m)^(?=FROM\\s)")).filter(s -> s.startsWith("FROM")).toList();
        assertThat(stages).as("build stages").hasSizeGreaterThanOrEqualTo(2);
        String runtime = stages.get(stages.size() - 1);
        assertThat(runtime.lines().findFirst().orElseThrow()).as("the last stage is the runtime").containsIgnoringCase(" AS runtime");
        Matcher home = Pattern.compile("\"-Dleggio\\.home=([^\"]+)\"").matcher(runtime);
        assertThat(home.find()).as("the runtime stage sets -Dleggio.home").isTrue();
        String leggioHome = home.group(1);
        assertThat(runtime)
                .containsPattern("(?m)^COPY\\s+models/default/?\\s+" + Pattern.quote(leggioHome) + "/models/default/?\\s*$")
                .containsPattern("(?m)^COPY\\s+--from=engraver\\s+\\S+\\s+" + Pattern.quote(leggioHome) + "/score/engraver/?\\s*$")
                .containsPattern("(?m)^COPY\\s+--from=build\\s+/src/app/target/leggio-app\\.jar\\s")
                .containsPattern("(?m)^COPY\\s+--from=build\\s+/src/app/target/lib/?\\s")
                .contains("\"-Dai.djl.offline=true\"")
                .contains("\"--add-exports\", \"java.desktop/com.sun.media.sound=ALL-UNNAMED\"")
                .contains("\"org.leggio.app.Leggio\"")
                .contains("openjdk-17-jre-headless");
        assertThat(Path.of("..", "models", "default", "model.json")).as("the model the image copies").isRegularFile();
        assertThat(Path.of("..", "score", "engraver", "engrave.mjs")).as("the engraver the image copies").isRegularFile();
        // The engraver stage installs Verovio; the build context must not drop what the stages copy.
        assertThat(stages.stream().filter(s -> s.lines().findFirst().orElseThrow().contains(" AS engraver")))
                .singleElement().asString().contains("npm ci");
        List<String> ignored = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "**/target", "**/node_modules")
                .doesNotContain("models", "models/default", "score", "score/engraver", "*");
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static ParseResult parse(List<String> args) {
        return new CommandLine(new Leggio()).parseArgs(args.toArray(String[]::new));
    }

    private static ParseResult leaf(ParseResult result) {
        ParseResult leaf = result;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf;
    }

    /** The services of compose.yaml, name → its indented block, in file order. */
    private static Map<String, String> services() throws IOException {
        List<String> lines = Files.readAllLines(COMPOSE);
        int start = lines.indexOf("services:");
        assertThat(start).as("compose.yaml has a top-level services: key").isNotNegative();
        Map<String, String> services = new LinkedHashMap<>();
        String name = null;
        StringBuilder block = new StringBuilder();
        for (String line : lines.subList(start + 1, lines.size())) {
            boolean topLevel = !line.isBlank() && !line.startsWith(" ") && !line.startsWith("#");
            Matcher header = SERVICE_HEADER.matcher(line);
            if (topLevel || header.matches()) {
                if (name != null) {
                    services.put(name, block.toString());
                }
                if (topLevel) {
                    name = null;
                    break;
                }
                name = header.group(1);
                block.setLength(0);
            } else if (name != null) {
                block.append(line).append('\n');
            }
        }
        if (name != null) {
            services.put(name, block.toString());
        }
        return services;
    }

    private static Map<String, String> servicesWithImage(String imagePrefix) throws IOException {
        Map<String, String> matching = new LinkedHashMap<>();
        services().forEach((name, block) -> image(block).filter(image -> image.startsWith(imagePrefix))
                .ifPresent(image -> matching.put(name, block)));
        return matching;
    }

    private static Map<String, String> leggioServices() throws IOException {
        return servicesWithImage("leggio");
    }

    private static Map<String, String> kafkaServices() throws IOException {
        return servicesWithImage("apache/kafka:");
    }

    private static Optional<String> image(String block) {
        Matcher image = IMAGE.matcher(block);
        return image.find() ? Optional.of(substitute(image.group(1))) : Optional.empty();
    }

    /** The service's {@code command:}, a one-line flow sequence of double-quoted strings, variables substituted. */
    private static List<String> command(String service, String block) {
        Matcher command = COMMAND.matcher(block);
        assertThat(command.find()).as("service %s has a command:", service).isTrue();
        String value = command.group(1);
        assertThat(value).as("service %s: command on one line as [\"…\", …]", service).startsWith("[").endsWith("]");
        String items = value.substring(1, value.length() - 1);
        List<String> args = new ArrayList<>();
        Matcher item = QUOTED_ITEM.matcher(items);
        int at = 0;
        while (at < items.length() && item.find(at) && item.start() == at) {
            args.add(substitute(item.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
            at = item.end();
        }
        assertThat(items.substring(at)).as("service %s: every command item is a double-quoted string", service).isBlank();
        assertThat(args).as("service %s command", service).isNotEmpty();
        return args;
    }

    /** Compose interpolation: {@code ${V:-default}} → default; {@code ${V}}, {@code ${V:?msg}} → a dummy value. */
    private static String substitute(String text) {
        Matcher variable = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String operator = variable.group(2);
            String value = operator != null && operator.endsWith("-") ? variable.group(3) : "dummy-" + variable.group(1);
            variable.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variable.appendTail(out);
        return out.toString();
    }
}
