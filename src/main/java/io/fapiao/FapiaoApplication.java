package io.fapiao;

import io.fapiao.config.ConfigurationException;
import io.fapiao.ledger.OpeningDataSource;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.LoggerFactory;

import java.util.OptionalInt;

/**
 * Runs the bundle: {@code java -jar target/fapiao-camel.jar}. With no configuration it runs in sandbox mode over
 * {@code work/inbox}; the README lists every property. On one or two cores the bundle runs in a second JVM with the
 * flags that suit them ({@link SecondJvm}), and this one waits for it.
 */
public final class FapiaoApplication {

    /**
     * An {@code application.properties} in the working directory, then the defaults inside the jar: a key is taken
     * from the first location that has it.
     */
    static final String PROPERTY_LOCATIONS =
            "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private FapiaoApplication() {
    }

    public static void main(String[] args) throws Exception {
        OptionalInt second = SecondJvm.runIfWorthIt();
        if (second.isPresent()) {
            System.exit(second.getAsInt());
            return;
        }
        SecondJvm.watchFirst().ifPresent(LoggerFactory.getLogger(FapiaoApplication.class)::info);
        QuickCompiles.unlessC2Wanted();
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(FapiaoConfiguration.class);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // the ledger opened beside the reading of the routes: ready, or the start ends here with its reason
                OpeningDataSource ledger = configured.getCamelContext().getRegistry()
                        .lookupByNameAndType(FapiaoConfiguration.LEDGER_OPENING, OpeningDataSource.class);
                if (ledger != null) {
                    ledger.awaitOpen();
                }
            }
        });
        int code;
        try {
            code = main.run(args);
        } catch (Exception e) {
            // said in one line, without a stack trace; the process ends even though servers were started
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfigurationException) {
                    System.err.println("fapiao-camel cannot start: " + t.getMessage());
                    System.exit(2);
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("fapiao-camel cannot start: " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : ""));
            System.exit(1);
            return;
        }
        System.exit(code);
    }
}
