package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** Identity matching on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2IdentityMatchingTest extends IdentityMatchingScenarios {
}
