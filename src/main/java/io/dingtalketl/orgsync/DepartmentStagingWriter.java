package io.dingtalketl.orgsync;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Stages the departments of a chunk of walk pages, in the chunk's transaction. */
public class DepartmentStagingWriter implements ItemWriter<DepartmentPage> {

    private final StagingRepository staging;
    private final long runId;
    private final OrgSyncProgress progress;

    public DepartmentStagingWriter(StagingRepository staging, long runId, OrgSyncProgress progress) {
        this.staging = staging;
        this.runId = runId;
        this.progress = progress;
    }

    @Override
    public void write(Chunk<? extends DepartmentPage> chunk) {
        List<StagedDepartment> departments = new ArrayList<>();
        for (DepartmentPage page : chunk) {
            departments.addAll(page.departments());
        }
        staging.insertDepartments(runId, departments);
        progress.departmentsStaged(departments.size());
    }
}
