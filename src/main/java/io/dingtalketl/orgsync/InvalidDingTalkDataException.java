package io.dingtalketl.orgsync;

/**
 * DingTalk returned a record the warehouse cannot take as it is (no key, or a key longer than its column).
 * The message names the record; the run fails, as no night should publish an organization with a user
 * silently missing.
 */
public class InvalidDingTalkDataException extends RuntimeException {

    public InvalidDingTalkDataException(String message) {
        super(message);
    }
}
