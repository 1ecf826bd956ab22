package io.dingtalketl.identity;

import java.util.List;

/** An account file that cannot be loaded: every problem found, each naming the file and line. Nothing was written. */
public class AccountFileException extends IllegalArgumentException {

    private static final int LISTED = 20;

    private final List<String> problems;

    AccountFileException(String file, List<String> problems) {
        super(message(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String file, List<String> problems) {
        StringBuilder text = new StringBuilder(file).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append(", no account loaded:");
        problems.stream().limit(LISTED).forEach(p -> text.append("\n  - ").append(p));
        if (problems.size() > LISTED) {
            text.append("\n  ... and ").append(problems.size() - LISTED).append(" more");
        }
        return text.toString();
    }
}
