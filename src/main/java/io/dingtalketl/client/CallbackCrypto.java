package io.dingtalketl.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The encryption of DingTalk's HTTP callback (dingtalk-api.md §8.3), with the semantics of DingTalk's own
 * {@code DingCallbackCrypto}: the AES-256 key is {@code Base64(aesKey + "=")}, the cipher AES/CBC without
 * padding and the IV the key's first 16 bytes; the plaintext is 16 random bytes, the message's length (4 bytes,
 * big-endian), the message (UTF-8) and the owner key, padded to a multiple of 32 bytes with n bytes of value n
 * (1..32); the signature is the lower-case SHA-1 hex of token, timestamp, nonce and ciphertext, sorted and
 * concatenated.
 *
 * <p>The owner key is what DingTalk encrypts with: the app key for an internal app's event subscription, the
 * corp id for a callback registered through the API, the suite key for a third-party app.
 *
 * <p>Immutable and thread safe. Neither {@link #toString()} nor any exception it throws shows the token, the
 * AES key or a decrypted message.
 */
public final class CallbackCrypto {

    /** DingTalk's reply to a push it should not send again. */
    public static final String SUCCESS = "success";

    private static final int RANDOM_LENGTH = 16;
    private static final int BLOCK = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");
    private static final String NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The three settings of a callback, named as DingTalk's developer console and this project's settings name them. */
    public enum Setting {
        TOKEN("token", "the developer console's Token: 3 to 32 letters or digits"),
        AES_KEY("aes-key", "the developer console's EncodingAESKey: 43 letters or digits"),
        OWNER_KEY("owner-key", "the key DingTalk encrypts with: the app key for an internal app's event subscription");

        private final String key;
        private final String expected;

        Setting(String key, String expected) {
            this.key = key;
            this.expected = expected;
        }

        /** The setting's name, e.g. {@code aes-key} (after a prefix such as {@code etl.events.callback.}). */
        public String key() {
            return key;
        }

        /** What a valid value looks like, in words. */
        public String expected() {
            return expected;
        }
    }

    /** A setting that cannot work; the message says which and why, never its value. */
    public static final class InvalidSettingException extends IllegalArgumentException {

        private final Setting setting;
        private final String problem;

        InvalidSettingException(Setting setting, String problem) {
            super("The callback " + setting.key() + " " + problem + " (expected " + setting.expected() + ").");
            this.setting = setting;
            this.problem = problem;
        }

        public Setting setting() {
            return setting;
        }

        /** What is wrong, e.g. {@code has 42 characters}, without the value. */
        public String problem() {
            return problem;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final byte[] ownerKey;

    private CallbackCrypto(String token, byte[] aesKey, String ownerKey) {
        this.token = token;
        this.key = new SecretKeySpec(aesKey, "AES");
        this.iv = new IvParameterSpec(aesKey, 0, 16);
        this.ownerKey = ownerKey.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The crypto of one callback registration.
     *
     * @throws InvalidSettingException when a setting is missing or malformed (the message never shows it)
     */
    public static CallbackCrypto of(@Nullable String token, @Nullable String aesKey, @Nullable String ownerKey) {
        if (token == null || token.isBlank()) {
            throw new InvalidSettingException(Setting.TOKEN, "is not set");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new InvalidSettingException(Setting.TOKEN, token.length() < 3 || token.length() > 32
                    ? "has " + token.length() + " characters" : "has a character other than a letter or digit");
        }
        if (aesKey == null || aesKey.isBlank()) {
            throw new InvalidSettingException(Setting.AES_KEY, "is not set");
        }
        if (!AES_KEY.matcher(aesKey).matches()) {
            throw new InvalidSettingException(Setting.AES_KEY, aesKey.length() != 43
                    ? "has " + aesKey.length() + " characters" : "has a character other than a letter or digit");
        }
        if (ownerKey == null || ownerKey.isBlank()) {
            throw new InvalidSettingException(Setting.OWNER_KEY, "is not set");
        }
        byte[] bytes = Base64.getDecoder().decode(aesKey + "=");
        if (bytes.length != 32) {
            // 43 Base64 characters and "=" always decode to 32 bytes; kept so that a change of the rule above shows
            throw new InvalidSettingException(Setting.AES_KEY, "does not decode to a 32-byte AES key");
        }
        return new CallbackCrypto(token, bytes, ownerKey);
    }

    /** The key messages are encrypted for (an app key, a corp id or a suite key: not a secret). */
    public String ownerKey() {
        return new String(ownerKey, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ signatures

    /** DingTalk's signature of an encrypted message: SHA-1 hex of the four values sorted and concatenated. */
    public String signature(String timestamp, String nonce, String encrypt) {
        String[] parts = {token, timestamp, nonce, encrypt};
        Arrays.sort(parts);
        return HexFormat.of().formatHex(sha1().digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code signature} signs the message; compared in constant time. */
    public boolean verify(@Nullable String signature, String timestamp, String nonce, String encrypt) {
        if (signature == null) {
            return false;
        }
        byte[] expected = signature(timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    // ------------------------------------------------------------------ decrypting a push

    /**
     * What a push says: the signature is checked, then the message decrypted and its owner key compared
     * (DingTalk's {@code getDecryptMsg}).
     *
     * @throws CallbackCryptoException with the reason when any check fails
     */
    public String open(@Nullable String signature, String timestamp, String nonce, String encrypt) {
        if (!verify(signature, timestamp, nonce, encrypt)) {
            throw new CallbackCryptoException(CallbackCryptoException.Reason.SIGNATURE_MISMATCH);
        }
        return decrypt(encrypt);
    }

    /**
     * The message inside {@code encrypt}, after checking that it was encrypted for this owner key. Does not
     * check a signature: {@link #open} does.
     *
     * @throws CallbackCryptoException when it cannot be decrypted or names another owner key
     */
    public String decrypt(String encrypt) {
        byte[] plain;
        try {
            byte[] cipherText = Base64.getDecoder().decode(encrypt.strip());
            if (cipherText.length == 0 || cipherText.length % 16 != 0) {
                throw new CallbackCryptoException(CallbackCryptoException.Reason.UNDECRYPTABLE);
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = cipher.doFinal(cipherText);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new CallbackCryptoException(CallbackCryptoException.Reason.UNDECRYPTABLE);
        }
        int pad = plain[plain.length - 1];
        if (pad < 1 || pad > BLOCK) {
            pad = 0; // as DingTalk's own code does
        }
        int end = plain.length - pad;
        if (end < RANDOM_LENGTH + 4) {
            throw new CallbackCryptoException(CallbackCryptoException.Reason.LENGTH_MISMATCH);
        }
        int length = ByteBuffer.wrap(plain, RANDOM_LENGTH, 4).getInt();
        int ownerStart = RANDOM_LENGTH + 4 + length;
        if (length < 0 || ownerStart > end) {
            throw new CallbackCryptoException(CallbackCryptoException.Reason.LENGTH_MISMATCH);
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, ownerStart, end), ownerKey)) {
            throw new CallbackCryptoException(CallbackCryptoException.Reason.OWNER_KEY_MISMATCH);
        }
        return new String(plain, RANDOM_LENGTH + 4, length, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ encrypting (replies, the simulator's pushes)

    /** {@code plaintext} encrypted for this owner key, with 16 fresh random bytes in front. */
    public String encrypt(String plaintext) {
        byte[] random = new byte[RANDOM_LENGTH];
        RANDOM.nextBytes(random);
        return encrypt(plaintext, random);
    }

    /** {@code plaintext} encrypted with the given 16 leading bytes (reproduces a published example). */
    String encrypt(String plaintext, byte[] random) {
        if (random.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("the random prefix must be " + RANDOM_LENGTH + " bytes");
        }
        byte[] message = plaintext.getBytes(StandardCharsets.UTF_8);
        int length = RANDOM_LENGTH + 4 + message.length + ownerKey.length;
        int pad = BLOCK - length % BLOCK; // 1..32: a full block of 32 when the length is already a multiple
        ByteBuffer plain = ByteBuffer.allocate(length + pad)
                .put(random).putInt(message.length).put(message).put(ownerKey);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding with a 256-bit key is not available in this JVM", e);
        }
    }

    /**
     * DingTalk's encrypted map ({@code getEncryptedMap}): {@code msg_signature}, {@code timeStamp},
     * {@code nonce} and {@code encrypt}, in that order.
     */
    public Map<String, String> encryptedMap(String plaintext, long timestampMillis, String nonce) {
        String encrypt = encrypt(plaintext);
        String timestamp = Long.toString(timestampMillis);
        Map<String, String> map = new LinkedHashMap<>();
        map.put("msg_signature", signature(timestamp, nonce, encrypt));
        map.put("timeStamp", timestamp);
        map.put("nonce", nonce);
        map.put("encrypt", encrypt);
        return map;
    }

    /** The reply that tells DingTalk a push arrived: the literal {@code success}, encrypted, signed now. */
    public Map<String, String> successReply() {
        return encryptedMap(SUCCESS, System.currentTimeMillis(), nonce());
    }

    /** A fresh 16-character nonce of letters and digits, as DingTalk's own code makes them. */
    public static String nonce() {
        StringBuilder nonce = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            nonce.append(NONCE_ALPHABET.charAt(RANDOM.nextInt(NONCE_ALPHABET.length())));
        }
        return nonce.toString();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "CallbackCrypto[token=******, aesKey=******, ownerKey=" + ownerKey() + "]";
    }
}
