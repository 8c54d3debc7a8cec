package io.fapiao.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A broker started once for a test class, with its files in a folder of its own, and stopped (the folder deleted)
 * after the class, e.g.
 * {@code @RegisterExtension static final BrokerPerClass<KafkaBroker> broker =
 * new BrokerPerClass<>(KafkaBroker::start);}
 * A start that throws an assumption's exception skips the class.
 */
public final class BrokerPerClass<B extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    /** Starts a broker with its files under {@code dir}. */
    @FunctionalInterface
    public interface Start<B> {
        B start(Path dir) throws Exception;
    }

    private final Start<B> start;
    private Path dir;
    private B broker;

    public BrokerPerClass(Start<B> start) {
        this.start = start;
    }

    /** The running broker. */
    public B get() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only while its test class does");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("fapiao-broker-");
        broker = start.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            TestDirs.delete(dir);
        }
    }
}
