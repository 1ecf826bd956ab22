package io.dingtalketl.orgsync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.ListedUser;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.warehouse.staging.RowHash;
import io.dingtalketl.warehouse.staging.TextColumn;
import org.jspecify.annotations.Nullable;

/**
 * The one place where DingTalk fields become warehouse columns.
 *
 * <p><b>Absent fields.</b> DingTalk omits a field when it is empty and also when the app lacks the
 * permission for it ({@code mobile} needs the mobile permission; {@code email}, {@code org_email},
 * {@code work_place}, {@code extension} the personal-info permission). An absent field is staged as
 * NULL and, like any change, versions the user: the warehouse shows what DingTalk showed this app.
 * Booleans absent from DingTalk stay NULL (unknown), never FALSE.
 *
 * <p><b>Personal data.</b> {@code mobile}, {@code email} and {@code org_email} pass through their
 * {@link PiiPolicy} before they are staged or hashed, so a dropped value never reaches the database.
 *
 * <p><b>Lengths.</b> Every text value is fitted to its column ({@link TextColumn}): a longer one is cut to
 * the column's length, with a warning that names the record, the column and both lengths (never the value
 * of a personal field), and the record lists the column in its {@code cut} set, from which the run counts
 * them. A userid longer than its column cannot be cut (it is the key): the run fails naming it.
 *
 * <p><b>Row hash.</b> SHA-256 over the versioned attributes after mapping; equal hashes mean "unchanged,
 * no new version". Membership attributes ({@code leader}, {@code dept_order}) are not part of the user's hash.
 * A value cut the same way every night hashes the same every night.
 *
 * <p>Thread-safe (stateless): partitions share one instance.
 */
public class OrgFieldMapper {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrgFieldMapper.class);

    /** How much of a cut (non-personal) value a warning shows, to help find it in DingTalk. */
    private static final int SHOWN = 20;

    private final EtlProperties.Pii pii;
    private final java.time.ZoneId zone;

    public OrgFieldMapper(EtlProperties properties) {
        this.pii = properties.pii();
        this.zone = properties.org().timeZone();
    }

    /** A root of the walk, from {@code department/get}: depth 0, path {@code /<id>}, no parent. */
    public StagedDepartment root(long rootId, int walkSeq, DepartmentDetail root) {
        Fitting columns = new Fitting("Department " + rootId);
        String name = nameOf(columns.fit(TextColumn.DEPARTMENT_NAME, root.name()));
        String sourceIdentifier = columns.fit(TextColumn.DEPARTMENT_SOURCE_IDENTIFIER, root.sourceIdentifier());
        return new StagedDepartment(rootId, walkSeq, null, name, "/" + rootId, 0, root.createDeptGroup(), root.autoAddUser(),
                sourceIdentifier, details(rootId, root), columns.cut());
    }

    /**
     * A department read on its own ({@code v2/department/get}, as a contact event leads to), placed under a
     * parent at {@code parentPath} / {@code parentDepth} (null path: it is a root).
     */
    public StagedDepartment department(long deptId, DepartmentDetail detail, @Nullable String parentPath, int parentDepth) {
        Fitting columns = new Fitting("Department " + deptId);
        String name = nameOf(columns.fit(TextColumn.DEPARTMENT_NAME, detail.name()));
        String sourceIdentifier = columns.fit(TextColumn.DEPARTMENT_SOURCE_IDENTIFIER, detail.sourceIdentifier());
        return new StagedDepartment(deptId, 0, parentPath == null ? null : detail.parentId(), name,
                parentPath == null ? "/" + deptId : parentPath + "/" + deptId, parentPath == null ? 0 : parentDepth + 1,
                detail.createDeptGroup(), detail.autoAddUser(), sourceIdentifier, details(deptId, detail), columns.cut());
    }

    /**
     * A user read on their own ({@code v2/user/get}): one listing per department the user belongs to, as the
     * member pages of those departments would list them (same attributes, same hash, that department's
     * leader flag and order).
     */
    public List<UserListing> listings(UserDetail user) {
        List<Long> deptIds = user.deptIdList() == null ? List.of() : user.deptIdList();
        java.util.ArrayList<UserListing> listings = new java.util.ArrayList<>();
        for (Long deptId : deptIds) {
            Long order = user.deptOrderList() == null ? null : user.deptOrderList().stream()
                    .filter(o -> deptId.equals(o.deptId())).map(UserDetail.DeptOrder::order).findFirst().orElse(null);
            Boolean leader = user.leaderInDept() == null ? null : user.leaderInDept().stream()
                    .filter(l -> deptId.equals(l.deptId())).map(UserDetail.LeaderInDept::leader).findFirst().orElse(null);
            listings.add(listing(deptId, new ListedUser(user.userid(), user.unionid(), user.name(), user.mobile(),
                    user.telephone(), user.jobNumber(), user.title(), user.email(), user.orgEmail(), user.workPlace(),
                    deptIds, order, user.extension(), user.hiredDate(), user.active(), user.admin(), user.boss(), leader,
                    user.managerUserid())));
        }
        return listings;
    }

    /** A child found by {@code listsub} under {@code parent}. */
    public StagedDepartment child(StagedDepartment parent, DepartmentBase child, int walkSeq) {
        Long deptId = child.deptId();
        if (deptId == null) {
            throw new InvalidDingTalkDataException("DingTalk listsub of department " + parent.deptId() + " returned a child without dept_id");
        }
        Fitting columns = new Fitting("Department " + deptId);
        String name = nameOf(columns.fit(TextColumn.DEPARTMENT_NAME, child.name()));
        String sourceIdentifier = columns.fit(TextColumn.DEPARTMENT_SOURCE_IDENTIFIER, child.sourceIdentifier());
        return new StagedDepartment(deptId, walkSeq, parent.deptId(), name, parent.path() + "/" + deptId, parent.depth() + 1,
                child.createDeptGroup(), child.autoAddUser(), sourceIdentifier, null, columns.cut());
    }

    /** The detail attributes of {@code department/get}. */
    public DepartmentDetails details(long deptId, DepartmentDetail detail) {
        List<String> managers = detail.deptManagerUseridList();
        Fitting columns = new Fitting("Department " + deptId);
        return new DepartmentDetails(deptId, detail.order(), columns.fit(TextColumn.DEPARTMENT_MANAGER_USERIDS,
                managers == null || managers.isEmpty() ? null : String.join(",", managers)),
                detail.hideDept(), detail.outerDept(), toInt(detail.memberCount()), toInt(detail.owningMemberCount()), columns.cut());
    }

    /** A user listed on {@code deptId}'s member page. */
    public UserListing listing(long deptId, ListedUser user) {
        String userid = user.userid();
        if (userid == null || userid.isEmpty()) {
            throw new InvalidDingTalkDataException("DingTalk v2/user/list of department " + deptId + " returned a user without userid");
        }
        Fitting columns = new Fitting("User " + userid + " (listed in department " + deptId + ")");
        columns.fit(TextColumn.USER_USERID, userid);
        String unionid = columns.fit(TextColumn.USER_UNIONID, user.unionid());
        String name = nameOf(columns.fit(TextColumn.USER_NAME, user.name()));
        String mobile = columns.fit(TextColumn.USER_MOBILE, pii.mobile().apply(user.mobile(), pii.salt()));
        String email = columns.fit(TextColumn.USER_EMAIL, pii.email().apply(user.email(), pii.salt()));
        String orgEmail = columns.fit(TextColumn.USER_ORG_EMAIL, pii.orgEmail().apply(user.orgEmail(), pii.salt()));
        String telephone = columns.fit(TextColumn.USER_TELEPHONE, user.telephone());
        String jobNumber = columns.fit(TextColumn.USER_JOB_NUMBER, user.jobNumber());
        String title = columns.fit(TextColumn.USER_TITLE, user.title());
        String workPlace = columns.fit(TextColumn.USER_WORK_PLACE, user.workPlace());
        String managerUserid = columns.fit(TextColumn.USER_MANAGER_USERID, user.managerUserid());
        String extension = columns.fit(TextColumn.USER_EXTENSION, user.extension());
        LocalDate hired = user.hiredDate() == null ? null : Instant.ofEpochMilli(user.hiredDate()).atZone(zone).toLocalDate();
        String hash = RowHash.of(userid, unionid, name, mobile, email, orgEmail, telephone, jobNumber, title, workPlace, hired,
                user.active(), user.admin(), user.boss(), managerUserid, extension);
        return new UserListing(deptId, userid, unionid, name, mobile, email, orgEmail, telephone, jobNumber, title,
                workPlace, hired, user.active(), user.admin(), user.boss(), managerUserid, extension, hash,
                Boolean.TRUE.equals(user.leader()), user.deptOrder(), columns.cut());
    }

    /** Fits the text values of one record to their columns, and remembers which it cut. Not thread-safe. */
    private static final class Fitting {

        private final String record;
        private final Set<TextColumn> cut = EnumSet.noneOf(TextColumn.class);

        Fitting(String record) {
            this.record = record;
        }

        /**
         * The value, or its first {@code column.length()} characters (never half of a surrogate pair).
         *
         * @throws InvalidDingTalkDataException when the column is the record's key: that is never cut
         */
        @Nullable String fit(TextColumn column, @Nullable String value) {
            if (value == null || value.length() <= column.length()) {
                return value;
            }
            if (column.key()) {
                throw new InvalidDingTalkDataException(record + ": " + column.column() + " is " + value.length()
                        + " characters long, " + column.qualifiedName() + " holds " + column.length()
                        + ". A key is never cut: correct it in DingTalk.");
            }
            int keep = column.length();
            if (Character.isHighSurrogate(value.charAt(keep - 1))) {
                keep--;
            }
            String kept = value.substring(0, keep);
            cut.add(column);
            log.warn("{}: {} is {} characters long, {} holds {}; kept the first {}{}", record, column.column(),
                    value.length(), column.qualifiedName(), column.length(), keep,
                    column.personal() ? " (personal data: value not logged)"
                            : " (\"" + kept.substring(0, Math.min(SHOWN, keep)) + "…\")");
            return kept;
        }

        Set<TextColumn> cut() {
            return cut.isEmpty() ? Set.of() : Set.copyOf(cut);
        }
    }

    private static String nameOf(@Nullable String name) {
        return name == null ? "" : name;
    }

    private static @Nullable Integer toInt(@Nullable Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
