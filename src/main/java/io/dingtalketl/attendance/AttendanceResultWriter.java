package io.dingtalketl.attendance;

import java.util.ArrayList;
import java.util.List;

import io.dingtalketl.client.wire.AttendanceResult;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Upserts a chunk of {@code attendance/list} pages into {@code fact_attendance_result} ({@link AttendanceFacts}). */
class AttendanceResultWriter implements ItemWriter<List<AttendanceResult>> {

    private final AttendanceFacts facts;
    private final long runId;

    AttendanceResultWriter(AttendanceFacts facts, long runId) {
        this.facts = facts;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends List<AttendanceResult>> pages) {
        List<AttendanceResult> results = new ArrayList<>();
        pages.forEach(results::addAll);
        facts.writeResults(results, runId);
    }
}
