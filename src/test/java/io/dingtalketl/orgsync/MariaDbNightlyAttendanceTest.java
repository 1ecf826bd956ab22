package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The nightly attendance policy and raw punches on MariaDB. */
@MariaDbSuite
class MariaDbNightlyAttendanceTest extends NightlyAttendanceScenarios {
}
