package io.dingtalketl.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh H2 database in MySQL mode with the warehouse's migrations, and the {@link EventInbox} on it. */
final class InboxDatabase {

    final DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:inbox-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    final EventInbox inbox;

    InboxDatabase() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        inbox = new EventInbox(jdbc, new DataSourceTransactionManager(dataSource));
    }

    /** Empties the inbox (one database serves a whole test class: migrating is the slow part). */
    void clear() {
        jdbc.update("DELETE FROM etl_event_entity");
        jdbc.update("DELETE FROM etl_event_inbox");
    }

    int events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_inbox", Integer.class);
    }

    /** Every inbox row: event_id, event_type, status, transport, born_at, payload, last_error. */
    List<Map<String, Object>> rows() {
        return jdbc.queryForList("SELECT event_id, event_type, status, transport, born_at, payload, last_error "
                + "FROM etl_event_inbox ORDER BY born_at, event_id");
    }

    /** The entity ids an event names, in order. */
    List<String> entities(String eventId) {
        return jdbc.queryForList("SELECT entity_id FROM etl_event_entity WHERE event_id = ? ORDER BY entity_id", String.class, eventId);
    }

    void shutdown() {
        jdbc.execute("SHUTDOWN");
    }
}
