package io.dingtalketl.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox of contact events, sole owner of {@code etl_event_inbox} and {@code etl_event_entity}.
 * A transport calls {@link #receive} and acknowledges DingTalk only after it returns: the event and the
 * entities it names are committed together, and a second delivery of the same event id changes nothing.
 *
 * <p>The apply job reads the pending entities coalesced ({@link #pendingEntities}: fifty events about one
 * user are one entry) and settles them with {@link #markApplied}, {@link #hold} or {@link #recordFailure}.
 * An event is applied once every entity it names is.
 */
@Repository
public class EventInbox {

    /** What became of one delivery. */
    public enum Receipt {
        /** Committed as pending (or stored, for a type the warehouse does not follow). */
        NEW,
        /** That event id was already in the inbox: nothing changed. */
        DUPLICATE,
        /** Committed, but it cannot be applied: quarantined with its reason. */
        QUARANTINED
    }

    /** The inbox statuses. */
    public static final String PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String HELD = "HELD";
    public static final String QUARANTINED = "QUARANTINED";
    public static final String STORED = "STORED";

    private static final java.time.format.DateTimeFormatter TIME_TEXT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public EventInbox(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Commits one delivered event; returns once it is durable (or known). */
    public Receipt receive(InboundEvent event) {
        String status = event.problem() != null ? QUARANTINED : event.kind() == null ? STORED : PENDING;
        try {
            transaction.executeWithoutResult(tx -> {
                jdbc.update("""
                        INSERT INTO etl_event_inbox (event_id, event_type, born_at, received_at, transport, status, attempts,
                          last_error, payload) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)""",
                        event.eventId(), cut(event.type(), 64), utc(event.bornAt()), utc(Instant.now()), event.transport().name(),
                        status, event.problem() == null ? null : cut(event.problem(), 2000), event.payload());
                if (event.kind() != null && event.problem() == null) {
                    List<Object[]> rows = new ArrayList<>();
                    for (String id : event.entityIds()) {
                        rows.add(new Object[] {event.eventId(), event.kind().name(), id});
                    }
                    jdbc.batchUpdate("INSERT INTO etl_event_entity (event_id, entity_kind, entity_id) VALUES (?, ?, ?)", rows);
                }
            });
        } catch (DuplicateKeyException again) {
            return Receipt.DUPLICATE;
        }
        return event.problem() != null ? Receipt.QUARANTINED : Receipt.NEW;
    }

    /**
     * One entity named by pending events, with the span of their birth times.
     *
     * @param firstBornAt birth time of its earliest pending event (the order entities are applied in)
     * @param lastBornAt  birth time of its latest pending event: the fetched state is at least as new
     * @param events      how many pending events name it
     */
    public record PendingEntity(EntityKind kind, String id, Instant firstBornAt, Instant lastBornAt, int events) {
    }

    /**
     * Up to {@code limit} entities named by pending events whose first birth time is after {@code after}
     * (or from the start when null), in the order of their earliest pending event, then kind and id.
     */
    public List<PendingEntity> pendingEntities(@Nullable PendingEntity after, int limit) {
        String sql = """
                SELECT e.entity_kind, e.entity_id, MIN(i.born_at) first_born, MAX(i.born_at) last_born, COUNT(*) n
                FROM etl_event_entity e JOIN etl_event_inbox i ON i.event_id = e.event_id
                WHERE i.status = 'PENDING' AND e.applied_at IS NULL
                GROUP BY e.entity_kind, e.entity_id
                """ + (after == null ? "" : """
                HAVING MIN(i.born_at) > ? OR (MIN(i.born_at) = ? AND (e.entity_kind > ? OR (e.entity_kind = ? AND e.entity_id > ?)))
                """) + "ORDER BY first_born, e.entity_kind, e.entity_id LIMIT " + limit;
        Object[] args = after == null ? new Object[0] : new Object[] {utc(after.firstBornAt()), utc(after.firstBornAt()),
                after.kind().name(), after.kind().name(), after.id()};
        return jdbc.query(sql, (rs, i) -> new PendingEntity(EntityKind.valueOf(rs.getString(1)), rs.getString(2),
                instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), rs.getInt(5)), args);
    }

    /** How many events wait to be applied, and the birth time of the oldest (null when none). */
    public record Backlog(int pending, int held, int quarantined, @Nullable Instant oldestPending, @Nullable Instant lastApplied) {
    }

    public Backlog backlog() {
        return jdbc.queryForObject("""
                SELECT SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'HELD' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN status = 'QUARANTINED' THEN 1 ELSE 0 END),
                  MIN(CASE WHEN status = 'PENDING' THEN born_at END), MAX(applied_at) FROM etl_event_inbox""",
                (rs, i) -> new Backlog(rs.getInt(1), rs.getInt(2), rs.getInt(3), instantOrNull(rs.getTimestamp(4)),
                        instantOrNull(rs.getTimestamp(5))));
    }

    /**
     * Settles the pending events of {@code entity} born at or before {@code upTo} (the state written was read
     * after they happened) as applied by {@code execution}; an event whose every entity is settled becomes APPLIED.
     */
    public void markApplied(EntityKind kind, String id, Instant upTo, long execution) {
        String now = utc(Instant.now());
        // correlated by the inbox's key: cost grows with the entity's events, not with the backlog
        jdbc.update("""
                UPDATE etl_event_entity SET applied_at = ? WHERE entity_kind = ? AND entity_id = ? AND applied_at IS NULL
                AND EXISTS (SELECT 1 FROM etl_event_inbox i WHERE i.event_id = etl_event_entity.event_id
                  AND i.status = 'PENDING' AND i.born_at <= ?)""",
                now, kind.name(), id, utc(upTo));
        jdbc.update("""
                UPDATE etl_event_inbox SET status = 'APPLIED', applied_at = ?, applied_by = ?, last_error = NULL
                WHERE status = 'PENDING' AND event_id IN (SELECT event_id FROM etl_event_entity WHERE entity_kind = ? AND entity_id = ?)
                AND NOT EXISTS (SELECT 1 FROM etl_event_entity o WHERE o.event_id = etl_event_inbox.event_id AND o.applied_at IS NULL)""",
                now, execution, kind.name(), id);
    }

    /**
     * Counts a failed attempt on the pending events of {@code entity} and records why; they stay pending.
     *
     * @return whether this was the first failure of any of them (worth telling someone; later ones are repeats)
     */
    public boolean recordFailure(EntityKind kind, String id, String error) {
        String events = "SELECT event_id FROM etl_event_entity WHERE entity_kind = ? AND entity_id = ? AND applied_at IS NULL";
        jdbc.update("UPDATE etl_event_inbox SET attempts = attempts + 1, last_error = ? WHERE status = 'PENDING' AND event_id IN ("
                + events + ")", cut(error, 2000), kind.name(), id);
        Integer first = jdbc.queryForObject("SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'PENDING' AND attempts = 1"
                + " AND event_id IN (" + events + ")", Integer.class, kind.name(), id);
        return first != null && first > 0;
    }

    /** Holds the pending events of {@code entity} (they wait for an operator) with the reason. */
    public void hold(EntityKind kind, String id, String reason) {
        jdbc.update("""
                UPDATE etl_event_inbox SET status = 'HELD', last_error = ? WHERE status = 'PENDING'
                AND event_id IN (SELECT event_id FROM etl_event_entity WHERE entity_kind = ? AND entity_id = ? AND applied_at IS NULL)""",
                cut(reason, 2000), kind.name(), id);
    }

    /** The entities of {@code kind} named by pending events of any of {@code types} (e.g. the leaves). */
    public List<String> pendingEntitiesOfTypes(EntityKind kind, List<String> types) {
        String in = String.join(", ", java.util.Collections.nCopies(types.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(kind.name());
        args.addAll(types);
        return jdbc.queryForList("""
                SELECT DISTINCT e.entity_id FROM etl_event_entity e JOIN etl_event_inbox i ON i.event_id = e.event_id
                WHERE i.status = 'PENDING' AND e.applied_at IS NULL AND e.entity_kind = ? AND i.event_type IN (""" + in + ")",
                String.class, args.toArray());
    }

    /** Returns every held event to pending (an operator allowed what the guard held); returns how many. */
    public int releaseHeld() {
        return jdbc.update("UPDATE etl_event_inbox SET status = 'PENDING' WHERE status = 'HELD'");
    }

    /** How many events were applied after {@code from} and up to {@code to}: was the event path live then? */
    public int appliedBetween(Instant from, Instant to) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM etl_event_inbox WHERE status = 'APPLIED' AND applied_at > ? AND applied_at <= ?""",
                Integer.class, utc(from), utc(to));
        return n == null ? 0 : n;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * A time as SQL text with its milliseconds, UTC. DingTalk's event times are milliseconds; bound as a date-time
     * value, MySQL Connector/J drops the fraction when it talks to MariaDB 10 (which announces itself as 5.5.5),
     * bound as text every database keeps it.
     */
    private static String utc(Instant instant) {
        return TIME_TEXT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static @Nullable Instant instantOrNull(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : instant(timestamp);
    }
}
