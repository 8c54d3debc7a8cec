package bench;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.h2.jdbcx.JdbcDataSource;

import java.sql.Connection;
import java.sql.Statement;

/**
 * The smallest Camel Main application of the bundle's kind: YAML routes (platform-http on Vert.x, a file consumer,
 * an http producer, Jackson), an H2 file database opened and migrated at start-up, log4j2. The start-up figure
 * times it against the bundle.
 */
public final class MinimalApp {

    private MinimalApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(Database.class);
        System.exit(main.run(args));
    }

    /** Opens the H2 database and creates its one table, as an application with a ledger does before its routes. */
    public static final class Database implements CamelConfiguration {

        @Override
        public void configure(CamelContext context) throws Exception {
            JdbcDataSource db = new JdbcDataSource();
            db.setURL(context.resolvePropertyPlaceholders("{{app.db-url}}"));
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table if not exists message (id bigint auto_increment primary key, "
                        + "body varchar(4000), received_at timestamp default current_timestamp)");
            }
            context.getRegistry().bind("db", db);
        }
    }
}
