package io.dingtalketl.events;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shape DingTalk sends a contact event in (dingtalk-api.md §8.2), and what is quarantined. */
class EventPayloadsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

    @Test
    void legacyPushWithTimeStampAsAString() {
        // a real push quoted in DingTalk-Callback-Crypto#9
        InboundEvent e = EventPayloads.fromPush("{'CorpId':'ding123','EventType':'user_modify_org','UserId':['manager5091'],"
                .replace('\'', '"') + "\"OptStaffId\":\"manager5091\",\"TimeStamp\":\"1623060875680\"}", Transport.HTTP, NOW);
        assertThat(e.problem()).isNull();
        assertThat(e.type()).isEqualTo("user_modify_org");
        assertThat(e.kind()).isEqualTo(EntityKind.USER);
        assertThat(e.entityIds()).containsExactly("manager5091");
        assertThat(e.bornAt()).isEqualTo(Instant.ofEpochMilli(1623060875680L));
        assertThat(e.eventId()).startsWith("sha256:");   // a legacy push has no event id: the payload's digest
    }

    @Test
    void currentPushWithEventIdAndLowerCaseIds() {
        InboundEvent e = EventPayloads.fromPush("""
                {"EventType":"org_dept_create","EventTime":1663143335567,"CorpId":"ding1","eventId":"ev-1",
                 "timeStamp":"1685501863357","deptId":[432825033, "432825034"]}""", Transport.HTTP, NOW);
        assertThat(e.problem()).isNull();
        assertThat(e.eventId()).isEqualTo("ev-1");
        assertThat(e.kind()).isEqualTo(EntityKind.DEPARTMENT);
        assertThat(e.entityIds()).containsExactly("432825033", "432825034");
        assertThat(e.bornAt()).isEqualTo(Instant.ofEpochMilli(1663143335567L));
    }

    @Test
    void theOldAndNewValuesOfPersonalFieldsAreNotKept() {
        InboundEvent e = EventPayloads.fromPush("""
                {"EventType":"user_modify_org","eventId":"m-1","TimeStamp":"1700000000000","userId":["u1"],
                 "diffInfo":{"userid":"u1","prev":{"email":"old@example.com","telephone":"010-1"},"curr":{"email":"new@example.com"}}}""",
                Transport.HTTP, NOW);
        assertThat(e.problem()).isNull();
        assertThat(e.entityIds()).containsExactly("u1");
        assertThat(e.payload()).doesNotContain("example.com", "010-1").contains("removed: personal data");
    }

    @Test
    void streamEventTakesTypeIdAndTimeFromItsHeaders() {
        InboundEvent e = EventPayloads.fromStream(Map.of("eventType", "user_leave_org", "eventId", "s-9",
                "eventBornTime", "1700000000123"), "{\"timeStamp\":1700000000000,\"userId\":[\"0123\"]}", NOW);
        assertThat(e.transport()).isEqualTo(Transport.STREAM);
        assertThat(e.eventId()).isEqualTo("s-9");
        assertThat(e.entityIds()).containsExactly("0123");
        assertThat(e.bornAt()).isEqualTo(Instant.ofEpochMilli(1700000000123L));
    }

    @Test
    void unknownTypesAreKeptWithoutEntities() {
        InboundEvent e = EventPayloads.fromPush("{\"EventType\":\"label_conf_add\",\"TimeStamp\":1700000000000}",
                Transport.HTTP, NOW);
        assertThat(e.problem()).isNull();
        assertThat(e.kind()).isNull();
        assertThat(e.entityIds()).isEmpty();
    }

    @Test
    void whatCannotBePlacedIsQuarantinedWithItsReason() {
        assertThat(EventPayloads.fromPush("not json", Transport.HTTP, NOW).problem()).contains("not a JSON object");
        assertThat(EventPayloads.fromPush("{\"UserId\":[\"a\"],\"TimeStamp\":1}", Transport.HTTP, NOW).problem())
                .contains("no EventType");
        assertThat(EventPayloads.fromPush("{\"EventType\":\"user_add_org\",\"UserId\":[\"a\"]}", Transport.HTTP, NOW)
                .problem()).contains("no time");
        assertThat(EventPayloads.fromPush("{\"EventType\":\"user_add_org\",\"TimeStamp\":\"yesterday\",\"UserId\":[\"a\"]}",
                Transport.HTTP, NOW).problem()).contains("not epoch milliseconds");
        assertThat(EventPayloads.fromPush("{\"EventType\":\"user_add_org\",\"TimeStamp\":1}", Transport.HTTP, NOW)
                .problem()).contains("without userId");
        assertThat(EventPayloads.fromPush("{\"EventType\":\"org_dept_remove\",\"TimeStamp\":1,\"DeptId\":[\"x1\"]}",
                Transport.HTTP, NOW).problem()).contains("not a department id");
        // the same bad payload twice is one inbox row
        assertThat(EventPayloads.fromPush("not json", Transport.HTTP, NOW).eventId())
                .isEqualTo(EventPayloads.fromPush("not json", Transport.HTTP, NOW.plusSeconds(5)).eventId());
    }
}
