package io.dingtalketl.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the configuration problems as Spring Boot's failure report, without a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the settings above (application.yml, --name=value options or environment variables such as "
                        + "DINGTALK_APP_KEY) and run again. Nothing was written.", cause);
    }
}
