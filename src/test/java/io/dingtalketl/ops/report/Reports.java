package io.dingtalketl.ops.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.dingtalketl.ops.report.ChangeReport.DepartmentChanges;
import io.dingtalketl.ops.report.ChangeReport.DepartmentEntry;
import io.dingtalketl.ops.report.ChangeReport.DepartmentMove;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRef;
import io.dingtalketl.ops.report.ChangeReport.DepartmentRename;
import io.dingtalketl.ops.report.ChangeReport.Reconciliation;
import io.dingtalketl.ops.report.ChangeReport.TitleChange;
import io.dingtalketl.ops.report.ChangeReport.UserChanges;
import io.dingtalketl.ops.report.ChangeReport.UserMembership;
import io.dingtalketl.ops.report.ChangeReport.UserMove;
import io.dingtalketl.ops.report.ChangeReport.UserRename;
import io.dingtalketl.warehouse.EntityCounts;
import io.dingtalketl.warehouse.PublishResult;
import io.dingtalketl.warehouse.QuotaUsage;

/** Hand-made reports for the rendering tests: a quiet day, and a reorganisation with long lists. */
final class Reports {

    static final DepartmentRef ROOT = new DepartmentRef(1, "北京星河数据有限公司");
    static final DepartmentRef RND = new DepartmentRef(400012345, "研发部");
    static final DepartmentRef LAB = new DepartmentRef(400067890, "\"未来\"实验室 | R&D");

    private Reports() {
    }

    static ChangeReport.Run run(int usersSeen) {
        return new ChangeReport.Run(7, "orgSyncJob", LocalDate.of(2026, 11, 23), Instant.parse("2026-11-23T01:10:00.123Z"),
                "PUBLISHED", false, false, new PublishResult(new EntityCounts(40, 1, 2, 1), new EntityCounts(usersSeen, 3, 2, 2),
                new EntityCounts(480, 5, 0, 4)), 123, Map.of("user-list", 60L, "department-listsub", 40L, "department-get", 23L), 402, null,
                new QuotaUsage(YearMonth.of(2026, 11), 12, 4_100, 5_467, 5_000L));
    }

    /** A quiet day: one change of each kind, names that need escaping. */
    static ChangeReport quietDay() {
        return new ChangeReport(run(401),
                new UserChanges(
                        List.of(new UserMembership("015001", "<b>\"王\"</b>", List.of(RND))),
                        List.of(new UserMembership("manager_7", "李*四*", List.of(LAB))),
                        List.of(new UserMove("0170002", "张三 😀", List.of(RND), List.of(LAB))),
                        List.of(),
                        List.of(new UserRename("0170003", "赵六", "赵七")),
                        List.of(new TitleChange("0170004", "孙八", null, "高级工程师"))),
                new DepartmentChanges(
                        List.of(new DepartmentEntry(400099999, "新部门 <script>", ROOT)),
                        List.of(new DepartmentEntry(400088888, "旧部门", RND)),
                        List.of(new DepartmentMove(400067890, LAB.name(), ROOT, RND)),
                        List.of(new DepartmentRename(400012345, "研发中心", "研发部"))),
                new Reconciliation(401, 401, 402, List.of(), List.of(), null));
    }

    /** {@code n} joins and {@code n} leaves with long Chinese names. */
    static ChangeReport reorganisation(int n) {
        List<UserMembership> joined = IntStream.range(0, n).mapToObj(i -> new UserMembership(String.format("%06d", i),
                "欧阳长长的名字" + i, List.of(RND, LAB))).toList();
        List<UserMembership> left = IntStream.range(0, n).mapToObj(i -> new UserMembership(String.format("9%05d", i),
                "司马很长很长的名字" + i, List.of(LAB))).toList();
        return new ChangeReport(run(400 + n),
                new UserChanges(joined, left, List.of(), List.of(), List.of(), List.of()),
                new DepartmentChanges(List.of(), List.of(), List.of(), List.of()),
                new Reconciliation(400 + n, 400 + n, 400 + n, List.of(), List.of(), null));
    }
}
