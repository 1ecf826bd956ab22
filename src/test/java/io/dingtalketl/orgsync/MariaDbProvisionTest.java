package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** Provisioning on MariaDB. */
@MariaDbSuite
class MariaDbProvisionTest extends ProvisionScenarios {
}
