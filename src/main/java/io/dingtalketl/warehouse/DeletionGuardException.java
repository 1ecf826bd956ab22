package io.dingtalketl.warehouse;

/** A publish refused because it would close too large a share of the warehouse's current rows. */
public class DeletionGuardException extends RuntimeException {

    public DeletionGuardException(String message) {
        super(message);
    }
}
