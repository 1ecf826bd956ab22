package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** The org sync scenarios on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2OrgSyncTest extends OrgSyncScenarios {
}
