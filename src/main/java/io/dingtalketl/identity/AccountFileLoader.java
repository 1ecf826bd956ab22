package io.dingtalketl.identity;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code accounts load}: replaces one system's accounts in {@code src_account} with those of a CSV file
 * ({@link AccountFile}), in one transaction — the file is checked whole first, so a bad file writes nothing and
 * a failure part-way leaves the previous accounts. The owner of {@code src_account}. Thread safe.
 */
public class AccountFileLoader {

    private static final Pattern SYSTEM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public AccountFileLoader(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** What a load changed: accounts in the file, and against the system's previous accounts. */
    public record LoadResult(String system, int accounts, int inactive, int added, int removed) {
    }

    public LoadResult load(String system, Path file) {
        if (!SYSTEM.matcher(system).matches()) {
            throw new IllegalArgumentException("system must be a name of 1 to 64 letters, digits, '_', '.' or '-', was '" + system + "'.");
        }
        List<SourceAccount> accounts = AccountFile.read(system, file);
        LocalDateTime loadedAt = LocalDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        return transaction.execute(status -> {
            Set<String> before = new HashSet<>(jdbc.queryForList(
                    "SELECT account_id FROM src_account WHERE source_system = ?", String.class, system));
            jdbc.update("DELETE FROM src_account WHERE source_system = ?", system);
            jdbc.batchUpdate("""
                    INSERT INTO src_account (source_system, account_id, username, email, employee_number, mobile, display_name,
                                             active, loaded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", accounts, 500, (ps, a) -> {
                ps.setString(1, system);
                ps.setString(2, a.accountId());
                ps.setString(3, a.username());
                ps.setString(4, a.email());
                ps.setString(5, a.employeeNumber());
                ps.setString(6, a.mobile());
                ps.setString(7, a.displayName());
                ps.setBoolean(8, a.active());
                ps.setObject(9, loadedAt);
            });
            Set<String> after = new HashSet<>();
            accounts.forEach(a -> after.add(a.accountId()));
            int added = (int) after.stream().filter(id -> !before.contains(id)).count();
            int removed = (int) before.stream().filter(id -> !after.contains(id)).count();
            int inactive = (int) accounts.stream().filter(a -> !a.active()).count();
            return new LoadResult(system, accounts.size(), inactive, added, removed);
        });
    }

    /** Whether any system has accounts (matching has something to do). */
    public boolean anyAccounts() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM src_account LIMIT 1) a", Integer.class);
        return n != null && n > 0;
    }
}
