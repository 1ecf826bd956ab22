package io.dingtalketl.identity;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads a system's accounts from a CSV file (RFC 4180: comma-separated, fields in double quotes may hold commas,
 * quotes and line breaks; UTF-8, an optional byte order mark). The header row names the columns, in any order:
 * {@code account_id} (required), {@code username}, {@code email}, {@code employee_number}, {@code mobile},
 * {@code display_name}, {@code active} ({@code true/false}, {@code 1/0}, {@code yes/no}; blank or no column:
 * active). Values are trimmed; blank is no value. The whole file is checked before anything is written: a
 * missing or duplicate account id, a bad {@code active}, a value too long for its column, an unknown column or a
 * malformed line fails it with every problem named by file and line.
 */
final class AccountFile {

    static final String ACCOUNT_ID = "account_id";
    /** Columns and their length in {@code src_account}. */
    private static final Map<String, Integer> COLUMNS = columns();
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "n");

    private AccountFile() {
    }

    private static Map<String, Integer> columns() {
        Map<String, Integer> columns = new LinkedHashMap<>();
        columns.put(ACCOUNT_ID, 128);
        columns.put("username", 255);
        columns.put("email", 255);
        columns.put("employee_number", 64);
        columns.put("mobile", 64);
        columns.put("display_name", 255);
        columns.put("active", 255);   // not stored: read as a boolean
        return columns;
    }

    /** The accounts of {@code system} in {@code file}; throws {@link AccountFileException} listing every problem. */
    static List<SourceAccount> read(String system, Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new AccountFileException(name, List.of("no such file"));
        }
        List<String> problems = new ArrayList<>();
        List<SourceAccount> accounts = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        long line = 1;
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, String> header = header(parser.getHeaderNames(), problems);
            if (!problems.isEmpty()) {
                throw new AccountFileException(name, problems);
            }
            line = parser.getCurrentLineNumber();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long start = line + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException malformed) {
                    problems.add("line " + start + ": " + (malformed.getCause() instanceof CharacterCodingException
                            ? "not UTF-8 text (save the file as UTF-8)" : "not readable as CSV (" + rootMessage(malformed) + ")"));
                    break;
                }
                line = parser.getCurrentLineNumber();
                if (record.size() != parser.getHeaderNames().size()) {
                    problems.add("line " + start + ": " + record.size() + " fields where the header has " + parser.getHeaderNames().size());
                    continue;
                }
                SourceAccount account = account(system, record, header, start, problems);
                if (account == null) {
                    continue;
                }
                Long first = firstLine.putIfAbsent(account.accountId(), start);
                if (first != null) {
                    problems.add("line " + start + ": duplicate account_id '" + account.accountId() + "' (first on line " + first + ")");
                    continue;
                }
                accounts.add(account);
            }
        } catch (CharacterCodingException e) {
            problems.add("line " + (line + 1) + ": not UTF-8 text (save the file as UTF-8)");
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException badHeader) {
            if (badHeader instanceof AccountFileException known) {
                throw known;
            }
            problems.add("line 1: header not usable (" + badHeader.getMessage() + ")");
        }
        if (problems.isEmpty() && accounts.isEmpty()) {
            // an empty export would remove every account of the system and close all its links
            problems.add("no accounts below the header row (to retire a system, delete its rows from src_account)");
        }
        if (!problems.isEmpty()) {
            throw new AccountFileException(name, problems);
        }
        return accounts;
    }

    /** Column name (normalized) → the header's own spelling. */
    private static Map<String, String> header(List<String> names, List<String> problems) {
        Map<String, String> header = new HashMap<>();
        for (String raw : names) {
            String normalized = raw.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            if (!COLUMNS.containsKey(normalized)) {
                problems.add("line 1: unknown column '" + raw + "' (columns: " + String.join(", ", COLUMNS.keySet()) + ")");
            } else if (header.put(normalized, raw) != null) {
                problems.add("line 1: column '" + normalized + "' appears twice");
            }
        }
        if (!header.containsKey(ACCOUNT_ID) && problems.isEmpty()) {
            problems.add("line 1: no account_id column (the header row must name the columns, account_id among them)");
        }
        return header;
    }

    private static @Nullable SourceAccount account(String system, CSVRecord record, Map<String, String> header, long line,
                                                   List<String> problems) {
        int before = problems.size();
        Map<String, @Nullable String> values = new HashMap<>();
        for (Map.Entry<String, Integer> column : COLUMNS.entrySet()) {
            String spelled = header.get(column.getKey());
            String value = spelled == null ? null : record.get(spelled).strip();
            if (value != null && value.isEmpty()) {
                value = null;
            }
            if (value != null && value.length() > column.getValue()) {
                problems.add("line " + line + ": " + column.getKey() + " is " + value.length() + " characters, at most "
                        + column.getValue() + " fit");
            }
            values.put(column.getKey(), value);
        }
        String accountId = values.get(ACCOUNT_ID);
        if (accountId == null) {
            problems.add("line " + line + ": no account_id");
        }
        String activeText = values.get("active");
        boolean active = true;
        if (activeText != null) {
            String a = activeText.toLowerCase(Locale.ROOT);
            if (TRUE.contains(a)) {
                active = true;
            } else if (FALSE.contains(a)) {
                active = false;
            } else {
                problems.add("line " + line + ": active is '" + activeText + "', not true/false, 1/0 or yes/no");
            }
        }
        if (problems.size() > before || accountId == null) {
            return null;
        }
        return new SourceAccount(system, accountId, values.get("username"), values.get("email"), values.get("employee_number"),
                values.get("mobile"), values.get("display_name"), active);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
