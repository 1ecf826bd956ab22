package io.dingtalketl.extract;

import io.dingtalketl.MariaDbSuite;

/** The extract scenarios on MariaDB. */
@MariaDbSuite
class MariaDbExtractTest extends AbstractExtractTest {
}
