package org.leggio.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.leggio.app.Leggio;
import org.leggio.broker.EmbeddedKafkaBroker;
import org.leggio.broker.EmbeddedBrokerConfig;

/** One real embedded broker per test class, with Leggio's topics created by {@code leggio topics}. */
@Timeout(300)
abstract class BrokerTestBase {
    static EmbeddedKafkaBroker broker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerConfig.builder().build());
        assertThat(Leggio.run("topics", "--bootstrap", broker.bootstrapServers())).isZero();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }
}
