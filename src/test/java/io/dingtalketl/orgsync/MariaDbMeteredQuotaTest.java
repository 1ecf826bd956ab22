package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The monthly quota of metered calls on MariaDB. */
@MariaDbSuite
class MariaDbMeteredQuotaTest extends MeteredQuotaScenarios {
}
