package io.dingtalketl.orgsync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.ListedUser;
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
 * <p><b>Row hash.</b> SHA-256 over the versioned attributes after mapping; equal hashes mean "unchanged,
 * no new version". Membership attributes ({@code leader}, {@code dept_order}) are not part of the user's hash.
 */
public class OrgFieldMapper {

    private static final char SEPARATOR = '\u001F';
    private static final String NULL = "\u0000";

    private final EtlProperties.Pii pii;
    private final java.time.ZoneId zone;

    public OrgFieldMapper(EtlProperties properties) {
        this.pii = properties.pii();
        this.zone = properties.org().timeZone();
    }

    /** A root of the walk, from {@code department/get}: depth 0, path {@code /<id>}, no parent. */
    public StagedDepartment root(long rootId, int walkSeq, DepartmentDetail root) {
        return new StagedDepartment(rootId, walkSeq, null, nameOf(root.name()), "/" + rootId, 0, root.createDeptGroup(),
                root.autoAddUser(), root.sourceIdentifier(), details(rootId, root));
    }

    /** A child found by {@code listsub} under {@code parent}. */
    public StagedDepartment child(StagedDepartment parent, DepartmentBase child, int walkSeq) {
        if (child.deptId() == null) {
            throw new IllegalStateException("DingTalk listsub of department " + parent.deptId() + " returned a child without dept_id");
        }
        return new StagedDepartment(child.deptId(), walkSeq, parent.deptId(), nameOf(child.name()),
                parent.path() + "/" + child.deptId(), parent.depth() + 1, child.createDeptGroup(), child.autoAddUser(),
                child.sourceIdentifier(), null);
    }

    /** The detail attributes of {@code department/get}. */
    public DepartmentDetails details(long deptId, DepartmentDetail detail) {
        List<String> managers = detail.deptManagerUseridList();
        return new DepartmentDetails(deptId, detail.order(),
                managers == null || managers.isEmpty() ? null : String.join(",", managers),
                detail.hideDept(), detail.outerDept(), toInt(detail.memberCount()), toInt(detail.owningMemberCount()));
    }

    /** A user listed on {@code deptId}'s member page. */
    public UserListing listing(long deptId, ListedUser user) {
        if (user.userid() == null || user.userid().isEmpty()) {
            throw new IllegalStateException("DingTalk v2/user/list of department " + deptId + " returned a user without userid");
        }
        String mobile = pii.mobile().apply(user.mobile(), pii.salt());
        String email = pii.email().apply(user.email(), pii.salt());
        String orgEmail = pii.orgEmail().apply(user.orgEmail(), pii.salt());
        LocalDate hired = user.hiredDate() == null ? null : Instant.ofEpochMilli(user.hiredDate()).atZone(zone).toLocalDate();
        String name = nameOf(user.name());
        String hash = hash(user.userid(), user.unionid(), name, mobile, email, orgEmail, user.telephone(), user.jobNumber(),
                user.title(), user.workPlace(), hired, user.active(), user.admin(), user.boss(), user.managerUserid(),
                user.extension());
        return new UserListing(deptId, user.userid(), user.unionid(), name, mobile, email, orgEmail, user.telephone(),
                user.jobNumber(), user.title(), user.workPlace(), hired, user.active(), user.admin(), user.boss(),
                user.managerUserid(), user.extension(), hash, Boolean.TRUE.equals(user.leader()), user.deptOrder());
    }

    /** SHA-256 (hex) of the given attribute values, NULL-aware. */
    public static String hash(@Nullable Object... values) {
        StringBuilder text = new StringBuilder();
        for (Object value : values) {
            text.append(value == null ? NULL : value.toString()).append(SEPARATOR);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nameOf(@Nullable String name) {
        return name == null ? "" : name;
    }

    private static @Nullable Integer toInt(@Nullable Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
