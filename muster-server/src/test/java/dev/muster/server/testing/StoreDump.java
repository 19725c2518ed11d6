package dev.muster.server.testing;

import dev.muster.server.store.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Every row of every table of a store as text: what a secret-value sweep greps. */
public final class StoreDump {
    private StoreDump() {
    }

    /** "table: col=value, ..." one line per row, every table the connection's schema holds. */
    public static String dump(Database db) {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connect()) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            String schema = db.dialect() == dev.muster.server.store.Dialect.POSTGRESQL ? "public" : null;
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            if (tables.isEmpty()) {
                throw new AssertionError("no tables found in " + db);
            }
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        out.append(table).append(':');
                        for (int i = 1; i <= n; i++) {
                            out.append(' ').append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
                        }
                        out.append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot dump " + db + ": " + e.getMessage(), e);
        }
        return out.toString();
    }
}
