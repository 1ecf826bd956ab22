package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The event path on MariaDB. */
@MariaDbSuite
class MariaDbEventSyncTest extends EventSyncScenarios {
}
