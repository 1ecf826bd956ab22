package io.dingtalketl.client;

/**
 * Examples of DingTalk's HTTP callback encryption that were published with their keys, for tests. Each is a
 * complete set: token, aesKey, owner key, timestamp, nonce, encrypt and signature; {@code plaintext} is what it
 * decrypts to (checked against the published signature) and {@code randomPrefix} the 16 random bytes it began
 * with (read from its decryption), which let a test reproduce the ciphertext exactly.
 * <ul>
 *   <li>{@link #CHECK_URL}: DingTalk's official repository github.com/open-dingtalk/dingtalk-callback-Crypto,
 *       {@code DingCallbackCrypto3.py}, its {@code __main__} ({@code test.getDecryptMsg("0304…", "1608001896814",
 *       "WL4PK6yA", "0vJi…")}, keys {@code DingCallbackCrypto3("mryue", "Yue0…", "ding6ccabc44d2c8d38b")}): a push
 *       of {@code {"EventType":"check_url"}}.</li>
 *   <li>{@link #SUCCESS_OFFICIAL}: the same repository, {@code DingTalkCrypto.go} {@code main()} and
 *       {@code DingTalkEncryptor.cs} {@code Program.Main} ({@code GetDecryptMsg("f36f…", "1605695694141",
 *       "WelUQl6bCqcBa2fM", "X1VS…")}): an encrypted {@code success}.</li>
 *   <li>{@link #SUCCESS_O2OA}: github.com/o2oa/o2oa, {@code o2server/x_program_center/src/main/java/com/x/program/
 *       center/jaxrs/dingding/TestMain.java}: the output of {@code getEncryptedMap("success", …)} printed in its
 *       comment.</li>
 * </ul>
 */
public final class PublishedCallbackExamples {

    /** One published message and the keys it was made with. */
    public record Published(String token, String aesKey, String ownerKey, String timestamp, String nonce, String encrypt,
                     String signature, String plaintext, String randomPrefix) {

        public CallbackCrypto crypto() {
            return CallbackCrypto.of(token, aesKey, ownerKey);
        }
    }

    public static final Published CHECK_URL = new Published("mryue", "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
            "ding6ccabc44d2c8d38b", "1608001896814", "WL4PK6yA",
            "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
            "03044561471240d4a14bb09372dfcfd4fd0e40cb", "{\"EventType\":\"check_url\"}", "l7Y3EcX2CU5w8av3");

    public static final Published SUCCESS_OFFICIAL = new Published("tokenxxxx", "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus",
            "dingxxxxxx", "1605695694141", "WelUQl6bCqcBa2fM",
            "X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==",
            "f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc", "success", "WelUQl6bCqcBa2fM");

    public static final Published SUCCESS_O2OA = new Published("o2oa", "Nzk5ZjFiODIxMzkyNGMyNWIyMmFiZWZkNjIzNjIxYTg",
            "ding21016b71e78da961", "1603697312745", "2dffdfdfdf2222",
            "QH/UQCL7dUGoPQZcBf2H2u/8ImJ+6tjDOSfHle3GmMoG/zopHbD8JpXVCBFGSUFmQ3bWXIuzwyXAZCeS2kptmA==",
            "502b261eda47a212db163c91322f7ddecb2e99cc", "success", "J37SqBn34drg5QpU");

    private PublishedCallbackExamples() {
    }
}
