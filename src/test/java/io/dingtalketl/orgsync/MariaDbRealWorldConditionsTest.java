package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The real-world conditions scenario on MariaDB. */
@MariaDbSuite
class MariaDbRealWorldConditionsTest extends RealWorldConditionsScenarios {
}
