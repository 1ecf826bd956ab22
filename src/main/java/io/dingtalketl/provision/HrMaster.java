package io.dingtalketl.provision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.dingtalketl.client.MobileNumbers;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The HR master as {@code hr_department}, {@code hr_employee} and {@code hr_employee_department} hold it, checked:
 * every problem (a parent or department that does not exist, a cycle, a name DingTalk refuses, a job number used
 * twice, a mobile of two active employees, an active employee without a department) is listed in one
 * {@link InvalidHrMasterException}, and nothing is planned from a master that has one.
 */
record HrMaster(Map<String, HrDepartment> departments, Map<String, HrEmployee> employees, List<HrRole> roles) {

    /** One role an employee holds: {@code hr_employee_role}. */
    record HrRole(String employeeHrId, String group, String role) {

        String roleHrId() {
            return group + "/" + role;
        }
    }

    record HrDepartment(String hrId, @Nullable String parentHrId, String name, @Nullable Long order) {
    }

    record HrEmployee(String hrId, @Nullable String jobNumber, String name, @Nullable String mobile, @Nullable String email,
                      @Nullable String title, boolean active, List<String> departmentHrIds) {
    }

    static HrMaster read(JdbcTemplate jdbc) {
        Map<String, HrDepartment> departments = new LinkedHashMap<>();
        jdbc.query("SELECT hr_id, parent_hr_id, name, display_order FROM hr_department ORDER BY hr_id", rs -> {
            long order = rs.getLong(4);
            Long displayOrder = rs.wasNull() ? null : order;
            departments.put(rs.getString(1), new HrDepartment(rs.getString(1), rs.getString(2), rs.getString(3).strip(),
                    displayOrder));
        });
        Map<String, List<String>> memberships = new HashMap<>();
        jdbc.query("SELECT employee_hr_id, department_hr_id FROM hr_employee_department ORDER BY employee_hr_id, department_hr_id",
                rs -> { memberships.computeIfAbsent(rs.getString(1), e -> new ArrayList<>()).add(rs.getString(2)); });
        Map<String, HrEmployee> employees = new LinkedHashMap<>();
        jdbc.query("SELECT hr_id, job_number, name, mobile, email, title, active FROM hr_employee ORDER BY hr_id", rs -> {
            String hrId = rs.getString(1);
            employees.put(hrId, new HrEmployee(hrId, blankToNull(rs.getString(2)), rs.getString(3).strip(),
                    MobileNumbers.dingTalkForm(rs.getString(4)), blankToNull(rs.getString(5)), blankToNull(rs.getString(6)), rs.getBoolean(7),
                    List.copyOf(memberships.getOrDefault(hrId, List.of()))));
        });
        List<HrRole> roles = new ArrayList<>();
        jdbc.query("SELECT employee_hr_id, role_group, role_name FROM hr_employee_role ORDER BY role_group, role_name, employee_hr_id",
                rs -> { roles.add(new HrRole(rs.getString(1), rs.getString(2).strip(), rs.getString(3).strip())); });
        HrMaster master = new HrMaster(departments, employees, roles);
        List<String> problems = master.problems(memberships.keySet());
        if (!problems.isEmpty()) {
            throw new InvalidHrMasterException(problems);
        }
        return master;
    }

    /** Distance from the DingTalk root: 1 for a department without a parent. */
    int depth(String hrId) {
        int depth = 0;
        for (String at = hrId; at != null && depth <= departments.size(); at = departments.get(at).parentHrId()) {
            depth++;
        }
        return depth;
    }

    private List<String> problems(Set<String> employeesWithDepartments) {
        List<String> problems = new ArrayList<>();
        for (HrDepartment d : departments.values()) {
            if (d.parentHrId() != null && !departments.containsKey(d.parentHrId())) {
                problems.add("hr_department " + d.hrId() + ": parent_hr_id " + d.parentHrId() + " is not in hr_department.");
            }
            if (d.name().isEmpty() || d.name().length() > 64 || d.name().matches(".*[-，,].*")) {
                problems.add("hr_department " + d.hrId() + ": name '" + d.name() + "' is not a DingTalk department name"
                        + " (1-64 characters, none of - ， ,).");
            }
            Set<String> seen = new HashSet<>();
            for (String at = d.hrId(); at != null && departments.containsKey(at); at = departments.get(at).parentHrId()) {
                if (!seen.add(at)) {
                    problems.add("hr_department " + d.hrId() + ": its parents form a cycle through " + at + ".");
                    break;
                }
            }
        }
        Map<String, String> jobNumbers = new HashMap<>();
        Map<String, String> mobiles = new HashMap<>();
        for (HrEmployee e : employees.values()) {
            if (e.active() && e.mobile() != null) {
                // DingTalk's mobiles are unique, and a create first looks its user up by mobile
                String other = mobiles.put(e.mobile(), e.hrId());
                if (other != null) {
                    problems.add("hr_employee " + e.hrId() + ": mobile " + PlanItem.masked(e.mobile()) + " is also active employee "
                            + other + "'s.");
                }
            }
            if (e.name().isEmpty() || e.name().length() > 80) {
                problems.add("hr_employee " + e.hrId() + ": name must have 1-80 characters.");
            }
            for (String dept : e.departmentHrIds()) {
                if (!departments.containsKey(dept)) {
                    problems.add("hr_employee_department: employee " + e.hrId() + " is in department " + dept
                            + ", which is not in hr_department.");
                }
            }
            if (e.active() && e.departmentHrIds().isEmpty()) {
                problems.add("hr_employee " + e.hrId() + " is active but in no department (hr_employee_department):"
                        + " DingTalk needs at least one.");
            }
            if (e.jobNumber() != null) {
                String other = jobNumbers.put(linkKey(e.jobNumber()), e.hrId());
                if (other != null) {
                    problems.add("hr_employee " + e.hrId() + ": job_number '" + e.jobNumber() + "' is also employee " + other + "'s.");
                }
            }
        }
        for (HrRole role : roles) {
            if (!employees.containsKey(role.employeeHrId())) {
                problems.add("hr_employee_role: employee " + role.employeeHrId() + " is not in hr_employee.");
            }
            if (role.group().isEmpty() || role.role().isEmpty()) {
                problems.add("hr_employee_role: employee " + role.employeeHrId() + " has a role without a group or a name.");
            }
        }
        for (String employee : employeesWithDepartments) {
            if (!employees.containsKey(employee)) {
                problems.add("hr_employee_department: employee " + employee + " is not in hr_employee.");
            }
        }
        return problems;
    }

    /** How job numbers and emails are compared: trimmed, case-insensitive. */
    static String linkKey(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
