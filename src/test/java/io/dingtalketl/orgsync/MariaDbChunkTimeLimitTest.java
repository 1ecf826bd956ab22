package io.dingtalketl.orgsync;

import io.dingtalketl.MariaDbSuite;

/** The chunk time limit scenarios on MariaDB. */
@MariaDbSuite
class MariaDbChunkTimeLimitTest extends ChunkTimeLimitScenarios {
}
