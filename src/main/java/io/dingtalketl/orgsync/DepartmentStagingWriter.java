package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stages the departments of a chunk of walk pages, in the chunk's transaction, and marks each page's
 * parent as expanded in the same transaction: the steps that follow the walk see a department's children
 * and its expansion at once, and see the walk complete exactly when no staged department is unexpanded.
 */
public class DepartmentStagingWriter implements ItemWriter<DepartmentPage> {

    private final StagingRepository staging;
    private final long runId;
    private final OrgSyncProgress progress;
    private final DepartmentWalkMonitor monitor;

    public DepartmentStagingWriter(StagingRepository staging, long runId, OrgSyncProgress progress,
                                   DepartmentWalkMonitor monitor) {
        this.staging = staging;
        this.runId = runId;
        this.progress = progress;
        this.monitor = monitor;
    }

    @Override
    public void write(Chunk<? extends DepartmentPage> chunk) {
        List<StagedDepartment> departments = new ArrayList<>();
        List<Long> expanded = new ArrayList<>();
        for (DepartmentPage page : chunk) {
            departments.addAll(page.departments());
            if (page.parentDeptId() != null) {
                expanded.add(page.parentDeptId());
            }
        }
        staging.insertDepartments(runId, departments);
        staging.markExpanded(runId, expanded);
        progress.departmentsStaged(departments.size());
        monitor.departmentsStaged();
    }
}
