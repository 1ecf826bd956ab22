package io.dingtalketl.eventsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.dingtalketl.client.DingTalkApiException;
import io.dingtalketl.client.DingTalkClient;
import io.dingtalketl.client.ErrorCategory;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.UserDetail;
import io.dingtalketl.events.EntityKind;
import io.dingtalketl.events.EventInbox.PendingEntity;
import io.dingtalketl.orgsync.DepartmentDetails;
import io.dingtalketl.orgsync.OrgFieldMapper;
import io.dingtalketl.orgsync.StagedDepartment;
import io.dingtalketl.orgsync.UserListing;
import io.dingtalketl.warehouse.ContactVersions;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Reads what DingTalk holds now for each entity of a page: one {@code v2/user/get} or {@code v2/department/get}
 * per entity, however many events named it, the page's calls side by side on the call executor (the client's
 * throttle keeps them within DingTalk's rate). A department whose parent the warehouse does not hold yet is
 * placed by reading its ancestors. "Not found" means the entity is gone; a permission or scope refusal is kept
 * with the entity (its events stay pending, nothing is guessed); anything else fails the chunk.
 */
class EntityFetcher implements ItemProcessor<List<PendingEntity>, List<EntityChange>> {

    private static final int MAX_DEPTH = 64;

    private final DingTalkClient client;
    private final OrgFieldMapper mapper;
    private final ContactVersions versions;
    private final List<Long> rootDeptIds;
    private final Executor calls;

    EntityFetcher(DingTalkClient client, OrgFieldMapper mapper, ContactVersions versions, List<Long> rootDeptIds, Executor calls) {
        this.client = client;
        this.mapper = mapper;
        this.versions = versions;
        this.rootDeptIds = rootDeptIds;
        this.calls = calls;
    }

    @Override
    public List<EntityChange> process(List<PendingEntity> page) {
        List<CompletableFuture<EntityChange>> fetches = new ArrayList<>();
        for (PendingEntity entity : page) {
            fetches.add(CompletableFuture.supplyAsync(() -> fetch(entity), calls));
        }
        List<EntityChange> changes = new ArrayList<>();
        try {
            fetches.forEach(f -> changes.add(f.join()));
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
        return changes;
    }

    private EntityChange fetch(PendingEntity entity) {
        try {
            return entity.kind() == EntityKind.USER ? user(entity) : department(entity);
        } catch (DingTalkApiException e) {
            if (e.category() == ErrorCategory.PERMISSION) {
                return EntityChange.refused(entity, e.getMessage());
            }
            throw e;
        }
    }

    private EntityChange user(PendingEntity entity) {
        Optional<UserDetail> found = client.getUser(entity.id());
        if (found.isEmpty()) {
            return EntityChange.gone(entity);
        }
        List<UserListing> listings = mapper.listings(found.get());
        if (listings.isEmpty()) {
            return EntityChange.refused(entity, "DingTalk returned user " + entity.id() + " without any department");
        }
        UserListing u = listings.get(0);
        ContactVersions.UserVersion user = new ContactVersions.UserVersion(u.userid(), u.unionid(), u.name(), u.mobile(),
                u.email(), u.orgEmail(), u.telephone(), u.jobNumber(), u.title(), u.workPlace(), u.hiredDate(), u.active(),
                u.admin(), u.boss(), u.managerUserid(), u.extension(), u.rowHash());
        List<ContactVersions.Membership> memberships = listings.stream()
                .map(l -> new ContactVersions.Membership(l.deptId(), l.leader(), l.deptOrder())).toList();
        return EntityChange.user(entity, user, memberships);
    }

    private EntityChange department(PendingEntity entity) {
        long deptId = Long.parseLong(entity.id());
        Optional<DepartmentDetail> found = client.getDepartment(deptId);
        if (found.isEmpty()) {
            return EntityChange.gone(entity);
        }
        StagedDepartment d = place(deptId, found.get(), 0);
        DepartmentDetails details = d.details();
        return EntityChange.department(entity, new ContactVersions.DepartmentVersion(deptId, d.parentDeptId(), d.name(),
                d.path(), d.depth(), details == null ? null : details.order(), d.sourceIdentifier(),
                details == null ? null : details.managerUserids(), d.createDeptGroup(), d.autoAddUser(),
                details == null ? null : details.hideDept(), details == null ? null : details.outerDept(),
                details == null ? null : details.memberCount(), details == null ? null : details.owningMemberCount()));
    }

    /** The department under its parent's current position (read from DingTalk when the warehouse lacks it). */
    private StagedDepartment place(long deptId, DepartmentDetail detail, int level) {
        Long parentId = detail.parentId();
        if (parentId == null || parentId == 0 || rootDeptIds.contains(deptId)) {
            return mapper.department(deptId, detail, null, 0);
        }
        ContactVersions.Position parent = versions.position(parentId);
        if (parent == null) {
            if (level >= MAX_DEPTH) {
                throw new IllegalStateException("Department " + deptId + " is more than " + MAX_DEPTH + " levels below a root");
            }
            DepartmentDetail parentDetail = client.getDepartment(parentId).orElse(null);
            if (parentDetail == null) {
                throw new IllegalStateException("Department " + deptId + " names parent " + parentId + ", which DingTalk does not know");
            }
            StagedDepartment placedParent = place(parentId, parentDetail, level + 1);
            parent = new ContactVersions.Position(placedParent.path(), placedParent.depth());
        }
        return mapper.department(deptId, detail, parent.path(), parent.depth());
    }
}
