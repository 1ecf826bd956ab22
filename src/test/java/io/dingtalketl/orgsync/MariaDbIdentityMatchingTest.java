package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** Identity matching on MariaDB. */
@MariaDbSuite
class MariaDbIdentityMatchingTest extends IdentityMatchingScenarios {
}
