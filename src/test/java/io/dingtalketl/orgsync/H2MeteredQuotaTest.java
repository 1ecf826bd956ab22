package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

/** The monthly quota of metered calls on H2 (MySQL mode), the embedded default. */
@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2MeteredQuotaTest extends MeteredQuotaScenarios {
}
