package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** The run report scenarios on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2RunReportTest extends RunReportScenarios {
}
