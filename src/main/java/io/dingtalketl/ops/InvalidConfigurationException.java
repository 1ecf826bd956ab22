package io.dingtalketl.ops;

import java.util.List;

import org.springframework.boot.ExitCodeGenerator;

/** Every configuration problem found before the run, at once. Exits with {@value ExitCodes#CONFIGURATION}. */
public class InvalidConfigurationException extends RuntimeException implements ExitCodeGenerator {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public int getExitCode() {
        return ExitCodes.CONFIGURATION;
    }
}
