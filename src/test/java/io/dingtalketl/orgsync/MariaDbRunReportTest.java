package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The run report scenarios on MariaDB. */
@MariaDbSuite
class MariaDbRunReportTest extends RunReportScenarios {
}
