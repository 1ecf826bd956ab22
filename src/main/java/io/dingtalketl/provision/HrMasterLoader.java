package io.dingtalketl.provision;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces the HR master ({@code hr_department}, {@code hr_employee}, {@code hr_employee_department}) with two
 * CSV files (RFC 4180, UTF-8, a header row; the column order is free):
 * <ul>
 *   <li>departments: {@code hr_id, parent_hr_id, name, display_order};</li>
 *   <li>employees: {@code hr_id, job_number, name, mobile, email, title, active, departments} — {@code active}
 *       {@code true}/{@code false} (empty: true), {@code departments} the employee's department HR ids separated
 *       by {@code ;}.</li>
 * </ul>
 * All or nothing: every problem of both files (a missing column, an empty or too long value, a duplicate id, a
 * bad number or flag — each with its file and line) and of the master they make ({@link HrMaster}'s checks) is
 * listed in one {@link InvalidHrMasterException}, and the tables keep what they held.
 */
public class HrMasterLoader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public HrMasterLoader(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Rows loaded. */
    public record Loaded(int departments, int employees, int memberships) {
    }

    public Loaded load(Path departments, Path employees) {
        List<String> problems = new ArrayList<>();
        List<Object[]> departmentRows = new ArrayList<>();
        List<Object[]> employeeRows = new ArrayList<>();
        List<Object[]> membershipRows = new ArrayList<>();
        read(departments, List.of("hr_id", "parent_hr_id", "name", "display_order"), problems, (row, at) -> {
            departmentRows.add(new Object[] {row.id("hr_id", 64), row.optional("parent_hr_id", 64), row.required("name", 64),
                    row.number("display_order")});
        });
        read(employees, List.of("hr_id", "job_number", "name", "mobile", "email", "title", "active", "departments"), problems,
                (row, at) -> {
                    String hrId = row.id("hr_id", 64);
                    employeeRows.add(new Object[] {hrId, row.optional("job_number", 50), row.required("name", 80),
                            row.optional("mobile", 32), row.optional("email", 50), row.optional("title", 200), row.flag("active")});
                    String list = row.optional("departments", 4000);
                    if (list != null) {
                        for (String department : list.split(";")) {
                            if (!department.isBlank()) {
                                membershipRows.add(new Object[] {hrId, department.strip()});
                            }
                        }
                    }
                });
        if (!problems.isEmpty()) {
            throw new InvalidHrMasterException(problems);
        }
        transaction.executeWithoutResult(tx -> {
            jdbc.update("DELETE FROM hr_employee_department");
            jdbc.update("DELETE FROM hr_employee");
            jdbc.update("DELETE FROM hr_department");
            jdbc.batchUpdate("INSERT INTO hr_department (hr_id, parent_hr_id, name, display_order) VALUES (?, ?, ?, ?)", departmentRows);
            jdbc.batchUpdate("INSERT INTO hr_employee (hr_id, job_number, name, mobile, email, title, active) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    employeeRows);
            jdbc.batchUpdate("INSERT INTO hr_employee_department (employee_hr_id, department_hr_id) VALUES (?, ?)",
                    membershipRows.stream().distinct().toList());
            HrMaster.read(jdbc);   // the master's own checks: a problem rolls the load back
        });
        return new Loaded(departmentRows.size(), employeeRows.size(),
                (int) membershipRows.stream().map(r -> r[0] + "\u0000" + r[1]).distinct().count());
    }

    private interface RowHandler {
        void handle(Row row, String at);
    }

    private static void read(Path file, List<String> columns, List<String> problems, RowHandler handler) {
        String name = file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Map<String, String> header = new HashMap<>();
            parser.getHeaderNames().forEach(h -> header.put(h.strip().toLowerCase(Locale.ROOT), h));
            List<String> missing = columns.stream().filter(c -> !header.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                problems.add(name + ": missing column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                        + " (the header has " + String.join(", ", parser.getHeaderNames()) + ").");
                return;
            }
            Map<String, Long> ids = new HashMap<>();
            for (CSVRecord record : parser) {
                String at = name + " line " + parser.getCurrentLineNumber();
                handler.handle(new Row(record, header, at, problems, ids), at);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidHrMasterException invalid) {
                throw invalid;
            }
            problems.add(name + ": cannot be read as CSV: " + e.getMessage());
        }
    }

    /** One CSV record's values, each problem added with its file and line. */
    private record Row(CSVRecord record, Map<String, String> header, String at, List<String> problems, Map<String, Long> ids) {

        @Nullable String optional(String column, int maxLength) {
            String value = record.isSet(header.get(column)) ? record.get(header.get(column)) : null;
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > maxLength) {
                problems.add(at + ": " + column + " has " + value.length() + " characters, at most " + maxLength + " fit.");
            }
            return value.strip();
        }

        String required(String column, int maxLength) {
            String value = optional(column, maxLength);
            if (value == null) {
                problems.add(at + ": " + column + " is empty.");
                return "";
            }
            return value;
        }

        String id(String column, int maxLength) {
            String id = required(column, maxLength);
            Long first = ids.putIfAbsent(id, record.getRecordNumber());
            if (first != null && !id.isEmpty()) {
                problems.add(at + ": " + column + " " + id + " is also on record " + first + ".");
            }
            return id;
        }

        @Nullable Long number(String column) {
            String value = optional(column, 20);
            try {
                return value == null ? null : Long.valueOf(value);
            } catch (NumberFormatException e) {
                problems.add(at + ": " + column + " must be a whole number, was '" + value + "'.");
                return null;
            }
        }

        boolean flag(String column) {
            String value = optional(column, 5);
            if (value == null || value.equalsIgnoreCase("true")) {
                return true;
            }
            if (!value.equalsIgnoreCase("false")) {
                problems.add(at + ": " + column + " must be true or false, was '" + value + "'.");
            }
            return false;
        }
    }
}
