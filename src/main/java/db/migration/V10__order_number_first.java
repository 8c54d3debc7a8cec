package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The primary key of {@code fapiao_order} becomes (order_no, seller_tax_id), and the index on order_no alone goes.
 * Every lookup of one order names both columns, so the key serves it as before, and it also serves the lookup of an
 * order number across sellers that needed its own index. Each write of an order (claimed, answered, its PDF stored:
 * three per order) maintains every index of the table, and H2 rewrites the row in each of them: one index fewer is
 * a seventh less of that work.
 *
 * <p>In Java, not SQL, because the key's constraint has a name each database chose (H2 a generated one, PostgreSQL
 * {@code fapiao_order_pkey}): it is read from the catalog.
 */
public class V10__order_number_first extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String key = primaryKey(c);
        try (Statement s = c.createStatement()) {
            s.execute("alter table fapiao_order drop constraint \"" + key.replace("\"", "\"\"") + "\"");
            s.execute("alter table fapiao_order add primary key (order_no, seller_tax_id)");
            s.execute("drop index fapiao_order_number");
        }
    }

    private static String primaryKey(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                select constraint_name from information_schema.table_constraints
                where lower(table_name) = 'fapiao_order' and constraint_type = 'PRIMARY KEY'
                  and table_schema = current_schema""")) {
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("fapiao_order has no primary key to replace");
                }
                return r.getString(1);
            }
        }
    }
}
