package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** Provisioning on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2ProvisionTest extends ProvisionScenarios {
}
