package io.dingtalketl.extract;

import org.springframework.test.context.TestPropertySource;

/** The extract scenarios on H2 (MySQL mode). */
@TestPropertySource(properties = AbstractExtractTest.H2)
class H2ExtractTest extends AbstractExtractTest {
}
