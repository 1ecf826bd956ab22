package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** The nightly attendance policy and raw punches on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2NightlyAttendanceTest extends NightlyAttendanceScenarios {
}
