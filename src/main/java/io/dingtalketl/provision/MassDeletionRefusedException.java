package io.dingtalketl.provision;

/**
 * A plan not applied because its department deletions or user deactivations exceed
 * {@code etl.provision.max-delete-ratio}: the run fails before its first write.
 */
public class MassDeletionRefusedException extends IllegalStateException {

    public MassDeletionRefusedException(String message) {
        super(message);
    }
}
