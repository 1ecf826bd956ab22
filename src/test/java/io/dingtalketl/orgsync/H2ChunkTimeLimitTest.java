package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** The chunk time limit scenarios on H2 (MySQL mode). */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2ChunkTimeLimitTest extends ChunkTimeLimitScenarios {
}
