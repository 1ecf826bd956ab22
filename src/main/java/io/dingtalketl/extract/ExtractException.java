package io.dingtalketl.extract;

/** An extract's page could not be landed; the message names the extract and the page, and nothing of the page was written. */
public class ExtractException extends RuntimeException {

    ExtractException(String message) {
        super(message);
    }

    ExtractException(String message, Throwable cause) {
        super(message, cause);
    }
}
