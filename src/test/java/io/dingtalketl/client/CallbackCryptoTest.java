package io.dingtalketl.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.dingtalketl.client.CallbackCrypto.InvalidSettingException;
import io.dingtalketl.client.CallbackCrypto.Setting;
import io.dingtalketl.client.CallbackCryptoException.Reason;
import io.dingtalketl.client.PublishedCallbackExamples.Published;
import org.junit.jupiter.api.Test;

import static io.dingtalketl.client.PublishedCallbackExamples.CHECK_URL;
import static io.dingtalketl.client.PublishedCallbackExamples.SUCCESS_O2OA;
import static io.dingtalketl.client.PublishedCallbackExamples.SUCCESS_OFFICIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP callback's crypto against the examples DingTalk and others published ({@link PublishedCallbackExamples},
 * which cites each), byte for byte, and against itself.
 */
class CallbackCryptoTest {

    private static final String TOKEN = "etlToken2026";
    private static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    @Test
    void opensDingTalksPublishedCheckUrlPush() {
        Published p = CHECK_URL;

        assertThat(p.crypto().signature(p.timestamp(), p.nonce(), p.encrypt())).isEqualTo(p.signature());
        assertThat(p.crypto().open(p.signature(), p.timestamp(), p.nonce(), p.encrypt())).isEqualTo("{\"EventType\":\"check_url\"}");
    }

    @Test
    void opensThePublishedSuccessReplies() {
        for (Published p : new Published[] {SUCCESS_OFFICIAL, SUCCESS_O2OA}) {
            assertThat(p.crypto().verify(p.signature(), p.timestamp(), p.nonce(), p.encrypt())).as(p.token()).isTrue();
            assertThat(p.crypto().open(p.signature(), p.timestamp(), p.nonce(), p.encrypt())).as(p.token()).isEqualTo("success");
        }
    }

    @Test
    void encryptsByteForByteAsDingTalksOwnCode() {
        // the 16 random bytes in front are the only freedom: with the ones a published message used (read from
        // its decryption), the same plaintext must encrypt to exactly the published ciphertext (layout, length,
        // owner key and the 32-byte padding all agree)
        for (Published p : new Published[] {CHECK_URL, SUCCESS_OFFICIAL, SUCCESS_O2OA}) {
            assertThat(p.crypto().encrypt(p.plaintext(), p.randomPrefix().getBytes(StandardCharsets.US_ASCII)))
                    .as(p.token()).isEqualTo(p.encrypt());
        }
    }

    @Test
    void refusesAForgedSignatureBeforeDecrypting() {
        Published p = CHECK_URL;
        String forged = "f" + p.signature().substring(1); // the published one starts with 0

        assertThat(p.crypto().verify(forged, p.timestamp(), p.nonce(), p.encrypt())).isFalse();
        assertThat(p.crypto().verify(p.signature(), "1608001896815", p.nonce(), p.encrypt())).as("another timestamp").isFalse();
        assertThat(p.crypto().verify(null, p.timestamp(), p.nonce(), p.encrypt())).isFalse();
        assertThatThrownBy(() -> p.crypto().open(forged, p.timestamp(), p.nonce(), p.encrypt()))
                .isInstanceOfSatisfying(CallbackCryptoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH))
                .hasMessageContaining("900005");
    }

    @Test
    void refusesAMessageEncryptedForAnotherOwnerKey() {
        Published p = CHECK_URL;
        CallbackCrypto otherApp = CallbackCrypto.of(p.token(), p.aesKey(), "dingotherappkey");

        assertThatThrownBy(() -> otherApp.open(p.signature(), p.timestamp(), p.nonce(), p.encrypt()))
                .isInstanceOfSatisfying(CallbackCryptoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OWNER_KEY_MISMATCH))
                .hasMessageContaining("900010");
    }

    @Test
    void refusesWhatTheKeyCannotDecrypt() {
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, AES_KEY, "dingapp");
        CallbackCrypto otherKey = CallbackCrypto.of(TOKEN, "Z" + AES_KEY.substring(1), "dingapp");
        String encrypt = otherKey.encrypt("{\"EventType\":\"user_add_org\"}");

        assertThatThrownBy(() -> crypto.decrypt(encrypt)).isInstanceOf(CallbackCryptoException.class);
        assertThatThrownBy(() -> crypto.decrypt("not base64 at all!")).isInstanceOfSatisfying(CallbackCryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNDECRYPTABLE));
        assertThatThrownBy(() -> crypto.decrypt("AAAA")).as("not whole AES blocks").isInstanceOfSatisfying(
                CallbackCryptoException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECRYPTABLE));
        assertThatThrownBy(() -> crypto.decrypt("")).isInstanceOf(CallbackCryptoException.class);
    }

    @Test
    void roundTripsMessagesOfEveryLengthAcrossTheBlockBoundaries() {
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, AES_KEY, "dingapp");
        StringBuilder message = new StringBuilder();
        for (int length = 0; length <= 100; length++) {
            String text = message.toString();
            String encrypt = crypto.encrypt(text);
            int plainLength = 16 + 4 + text.getBytes(StandardCharsets.UTF_8).length + "dingapp".length();
            int padded = (plainLength / 32 + 1) * 32; // a whole block of padding when already aligned
            assertThat(java.util.Base64.getDecoder().decode(encrypt)).as("length %d", length).hasSize(padded);
            assertThat(crypto.decrypt(encrypt)).isEqualTo(text);
            message.append(length % 3 == 0 ? "张" : "a");
        }
        String event = "{\"EventType\":\"user_modify_org\",\"UserId\":[\"015xxxx227\"],\"CorpId\":\"ding…\"}";
        String encrypt = crypto.encrypt(event);
        assertThat(crypto.encrypt(event)).as("fresh random bytes each time").isNotEqualTo(encrypt);
        assertThat(crypto.open(crypto.signature("1685501863357", "nonce123", encrypt), "1685501863357", "nonce123", encrypt))
                .isEqualTo(event);
    }

    @Test
    void theSuccessReplyIsTheSignedEncryptedMapDingTalkReads() {
        CallbackCrypto crypto = CallbackCrypto.of(TOKEN, AES_KEY, "dingapp");
        long before = System.currentTimeMillis();

        Map<String, String> reply = crypto.successReply();

        assertThat(reply).containsOnlyKeys("msg_signature", "timeStamp", "nonce", "encrypt");
        assertThat(Long.parseLong(reply.get("timeStamp"))).isBetween(before, System.currentTimeMillis());
        assertThat(reply.get("nonce")).matches("[A-Za-z0-9]{16}");
        assertThat(reply.get("msg_signature")).matches("[0-9a-f]{40}");
        assertThat(crypto.open(reply.get("msg_signature"), reply.get("timeStamp"), reply.get("nonce"), reply.get("encrypt")))
                .isEqualTo("success");
        Published p = SUCCESS_O2OA;
        assertThat(p.crypto().encryptedMap("success", Long.parseLong(p.timestamp()), p.nonce()))
                .as("the published map's keys, in its order").containsOnlyKeys("msg_signature", "timeStamp", "nonce", "encrypt")
                .containsEntry("timeStamp", p.timestamp()).containsEntry("nonce", p.nonce());
    }

    @Test
    void refusesSettingsThatCannotWorkWithoutShowingThem() {
        String secretToken = "s3cr3tTokenValue";
        String secretKey = "Q".repeat(42);

        assertInvalid(() -> CallbackCrypto.of(null, AES_KEY, "dingapp"), Setting.TOKEN, "is not set");
        assertInvalid(() -> CallbackCrypto.of("ab", AES_KEY, "dingapp"), Setting.TOKEN, "has 2 characters");
        assertInvalid(() -> CallbackCrypto.of("t".repeat(33), AES_KEY, "dingapp"), Setting.TOKEN, "has 33 characters");
        assertInvalid(() -> CallbackCrypto.of(secretToken + "!", AES_KEY, "dingapp"), Setting.TOKEN, "other than a letter or digit");
        assertInvalid(() -> CallbackCrypto.of(TOKEN, "", "dingapp"), Setting.AES_KEY, "is not set");
        assertInvalid(() -> CallbackCrypto.of(TOKEN, secretKey, "dingapp"), Setting.AES_KEY, "has 42 characters");
        assertInvalid(() -> CallbackCrypto.of(TOKEN, secretKey + "+", "dingapp"), Setting.AES_KEY, "other than a letter or digit");
        assertInvalid(() -> CallbackCrypto.of(TOKEN, AES_KEY, " "), Setting.OWNER_KEY, "is not set");

        assertThatThrownBy(() -> CallbackCrypto.of(secretToken + "!", AES_KEY, "dingapp"))
                .hasMessageContaining("token").hasMessageNotContaining(secretToken);
        assertThatThrownBy(() -> CallbackCrypto.of(TOKEN, secretKey, "dingapp"))
                .hasMessageContaining("aes-key").hasMessageNotContaining(secretKey);
        assertThat(CallbackCrypto.of(TOKEN, AES_KEY, "dingapp").toString())
                .doesNotContain(TOKEN).doesNotContain(AES_KEY).contains("dingapp");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Setting setting, String problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
            assertThat(e.setting()).isEqualTo(setting);
            assertThat(e.problem()).contains(problem);
            assertThat(e.getMessage()).contains(setting.key());
        });
    }
}
