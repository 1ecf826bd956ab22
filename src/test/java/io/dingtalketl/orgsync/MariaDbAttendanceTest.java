package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** attendanceJob on MariaDB. */
@MariaDbSuite
class MariaDbAttendanceTest extends AttendanceScenarios {
}
