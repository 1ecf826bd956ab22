package io.dingtalketl.orgsync;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = AbstractOrgSyncTest.H2)
class H2RealWorldConditionsTest extends RealWorldConditionsScenarios {
}
