package io.dingtalketl.client;

/**
 * A callback message that {@link CallbackCrypto} refuses, with DingTalk's error code for the reason. The
 * message names the reason only: never the token, the key, the ciphertext or what it decrypted to.
 */
public final class CallbackCryptoException extends RuntimeException {

    /** Why a message was refused, with the code DingTalk's {@code DingTalkEncryptException} uses for it. */
    public enum Reason {
        SIGNATURE_MISMATCH(900005, "the signature does not match"),
        UNDECRYPTABLE(900008, "the message cannot be decrypted with this aes-key"),
        LENGTH_MISMATCH(900009, "the decrypted message's length does not fit"),
        OWNER_KEY_MISMATCH(900010, "the message was encrypted for another owner key (app key)");

        private final int code;
        private final String description;

        Reason(int code, String description) {
            this.code = code;
            this.description = description;
        }

        /** DingTalk's code, e.g. 900010. */
        public int code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    CallbackCryptoException(Reason reason) {
        super(reason.description() + " (" + reason.code() + ")", null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
