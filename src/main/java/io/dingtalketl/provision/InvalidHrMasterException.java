package io.dingtalketl.provision;

import java.util.List;

/** The HR master has problems that would make a wrong plan; every one is listed. Nothing was stored. */
public class InvalidHrMasterException extends IllegalArgumentException {

    public InvalidHrMasterException(List<String> problems) {
        super("The HR master cannot be provisioned (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "; nothing was planned):\n  - " + String.join("\n  - ", problems));
    }
}
