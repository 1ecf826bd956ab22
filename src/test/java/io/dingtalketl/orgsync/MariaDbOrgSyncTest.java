package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The org sync scenarios on MariaDB. */
@MariaDbSuite
class MariaDbOrgSyncTest extends OrgSyncScenarios {
}
