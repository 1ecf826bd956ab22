package io.dingtalketl.orgsync;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dingtalketl.client.wire.DepartmentBase;
import io.dingtalketl.client.wire.DepartmentDetail;
import io.dingtalketl.client.wire.ListedUser;
import io.dingtalketl.warehouse.staging.RowHash;
import io.dingtalketl.warehouse.staging.TextColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DingTalk fields become warehouse columns: personal data policies, absent fields, dates, the row hash, and
 * values longer than their column.
 */
class OrgFieldMapperTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger mapperLog = (Logger) LoggerFactory.getLogger(OrgFieldMapper.class);

    @BeforeEach
    void captureWarnings() {
        log.start();
        mapperLog.addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        mapperLog.detachAppender(log);
    }

    private static final ListedUser USER = new ListedUser("0153245227", "z21HjQ", "张三", "18513027676", null, "4",
            "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", List.of(2L, 3L), 10L, "{\"爱好\":\"旅游\"}",
            1597573616828L, true, false, false, true, "manager4220");

    private static OrgFieldMapper mapper(PiiPolicy mobile, PiiPolicy email, PiiPolicy orgEmail, String salt) {
        EtlProperties defaults = new Binder().bindOrCreate("etl", EtlProperties.class);
        return new OrgFieldMapper(new EtlProperties(new EtlProperties.Org(List.of(1L), ZoneId.of("Asia/Shanghai")),
                defaults.departments(), defaults.details(), defaults.users(), defaults.publish(),
                new EtlProperties.Pii(mobile, email, orgEmail, salt), defaults.chunks(), defaults.progress()));
    }

    @Test
    void keepsFieldsAsDingTalkSendsThemByDefault() {
        UserListing listing = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null).listing(2L, USER);

        assertThat(listing.userid()).isEqualTo("0153245227");
        assertThat(listing.mobile()).isEqualTo("18513027676");
        assertThat(listing.email()).isEqualTo("zhang@example.com");
        assertThat(listing.hiredDate()).as("epoch ms in the org's zone").isEqualTo(LocalDate.of(2020, 8, 16));
        assertThat(listing.leader()).isTrue();
        assertThat(listing.deptOrder()).isEqualTo(10L);
        assertThat(listing.telephone()).as("absent stays null").isNull();
    }

    @Test
    void hashesWithTheSaltAndDropsCompletely() {
        UserListing listing = mapper(PiiPolicy.HASH, PiiPolicy.DROP, PiiPolicy.KEEP, "pepper").listing(2L, USER);

        assertThat(listing.mobile()).hasSize(64).isEqualTo(PiiPolicy.sha256Hex("pepper18513027676")).doesNotContain("18513027676");
        assertThat(listing.email()).isNull();
        assertThat(listing.orgEmail()).isEqualTo("zhang@corp.example.com");
        UserListing otherSalt = mapper(PiiPolicy.HASH, PiiPolicy.DROP, PiiPolicy.KEEP, "salt2").listing(2L, USER);
        assertThat(otherSalt.mobile()).isNotEqualTo(listing.mobile());
    }

    @Test
    void rowHashCoversUserAttributesButNotTheMembership() {
        OrgFieldMapper mapper = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);
        UserListing inDept2 = mapper.listing(2L, USER);
        UserListing inDept3 = mapper.listing(3L, new ListedUser("0153245227", "z21HjQ", "张三", "18513027676", null,
                "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", List.of(2L, 3L), 99L,
                "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, false, "manager4220"));
        UserListing renamed = mapper.listing(2L, new ListedUser("0153245227", "z21HjQ", "张三丰", "18513027676", null,
                "4", "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", List.of(2L, 3L), 10L,
                "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, true, "manager4220"));

        assertThat(inDept3.rowHash()).as("order and leader belong to the membership").isEqualTo(inDept2.rowHash());
        assertThat(renamed.rowHash()).isNotEqualTo(inDept2.rowHash());
        assertThat(RowHash.of("a", null)).isNotEqualTo(RowHash.of(null, "a")).isNotEqualTo(RowHash.of("a", ""));
    }

    @Test
    void droppedFieldNeverChangesTheHash() {
        OrgFieldMapper dropping = mapper(PiiPolicy.DROP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);
        UserListing a = dropping.listing(2L, USER);
        UserListing b = dropping.listing(2L, new ListedUser("0153245227", "z21HjQ", "张三", "13900000000", null, "4",
                "技术总监", "zhang@example.com", "zhang@corp.example.com", "未来park", List.of(2L, 3L), 10L,
                "{\"爱好\":\"旅游\"}", 1597573616828L, true, false, false, true, "manager4220"));

        assertThat(b.rowHash()).as("a new mobile number is invisible when mobiles are dropped").isEqualTo(a.rowHash());
    }

    /** The user of {@link #USER} as {@code v2/user/list} would send it with some fields replaced. */
    private static ListedUser user(String userid, String name, String title, String workPlace, String mobile, String extension) {
        return new ListedUser(userid, "z21HjQ", name, mobile, null, "4", title, "zhang@example.com",
                "zhang@corp.example.com", workPlace, List.of(2L, 3L), 10L, extension, 1597573616828L, true, false,
                false, true, "manager4220");
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aValueThatFitsItsWidenedColumnIsStoredWhole() {
        String title = "高级技术专家".repeat(50); // 300 characters: DingTalk allows 200 today
        String extension = "{\"简介\":\"" + "很长的自我介绍".repeat(400) + "\"}"; // 2,809 characters: TEXT

        UserListing listing = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null)
                .listing(2L, user("0153245227", "张三", title, "未来park", "18513027676", extension));

        assertThat(listing.title()).isEqualTo(title);
        assertThat(listing.extension()).isEqualTo(extension);
        assertThat(listing.cut()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aValueLongerThanItsColumnIsCutWithOneWarningNamingTheUserTheColumnAndBothLengths() {
        String title = "首席".repeat(600); // 1,200 characters; users.title holds 1,000
        OrgFieldMapper mapper = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);

        UserListing listing = mapper.listing(2L, user("0153245227", "张三", title, "未来park", "18513027676", null));

        assertThat(listing.title()).isEqualTo(title.substring(0, TextColumn.USER_TITLE.length())).hasSize(1000);
        assertThat(listing.cut()).containsExactly(TextColumn.USER_TITLE);
        assertThat(listing.workPlace()).as("the other fields are untouched").isEqualTo("未来park");
        assertThat(warnings()).singleElement().asString()
                .contains("User 0153245227", "department 2", "title", "1200 characters", "users.title holds 1000",
                        "kept the first 1000", "首席首席")
                .hasSizeLessThan(300);
        assertThat(mapper.listing(2L, user("0153245227", "张三", title + "还有", "未来park", "18513027676", null)).rowHash())
                .as("the hash covers what is stored: a change beyond the column's length makes no new version")
                .isEqualTo(listing.rowHash());
    }

    @Test
    void aPersonalValueIsCutWithoutEverBeingLogged() {
        String mobile = "+86-" + "1851302767".repeat(20); // 204 characters; users.mobile holds 128
        String name = "欧阳".repeat(200);

        UserListing listing = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null)
                .listing(2L, user("0153245227", name, "技术总监", "未来park", mobile, null));

        assertThat(listing.mobile()).hasSize(128).isEqualTo(mobile.substring(0, 128));
        assertThat(listing.name()).hasSize(255);
        assertThat(listing.cut()).containsExactlyInAnyOrder(TextColumn.USER_MOBILE, TextColumn.USER_NAME);
        assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w)
                .contains("User 0153245227", "personal data: value not logged")
                .doesNotContain("1851302767", "欧阳"));
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("mobile is 204 characters long", "kept the first 128"));
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String workPlace = "a".repeat(499) + "😀".repeat(10); // the 500th Java char is half an emoji

        UserListing listing = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null)
                .listing(2L, user("0153245227", "张三", "技术总监", workPlace, null, null));

        assertThat(listing.workPlace()).isEqualTo("a".repeat(499));
    }

    @Test
    void departmentNamesAndManagerListsAreFittedToo() {
        OrgFieldMapper mapper = mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null);
        StagedDepartment parent = new StagedDepartment(1L, 1, null, "总部", "/1", 0, null, null, null, null, java.util.Set.of());
        String name = "研发".repeat(150); // 300 characters; departments.name holds 255

        StagedDepartment child = mapper.child(parent, new DepartmentBase(42L, name, 1L, false, false, null, false, "OA_1", null), 2);
        DepartmentDetail detail = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build().readValue("""
                {"dept_id": 42, "name": "研发部", "dept_manager_userid_list": ["0153245227", "manager4220"]}""",
                DepartmentDetail.class);
        DepartmentDetails details = mapper.details(42L, detail);

        assertThat(child.name()).isEqualTo(name.substring(0, 255));
        assertThat(child.sourceIdentifier()).isEqualTo("OA_1");
        assertThat(child.cut()).containsExactly(TextColumn.DEPARTMENT_NAME);
        assertThat(details.managerUserids()).isEqualTo("0153245227,manager4220");
        assertThat(details.cut()).isEmpty();
        assertThat(warnings()).singleElement().asString().contains("Department 42", "name is 300 characters long",
                "departments.name holds 255", "kept the first 255", "研发研发");
    }

    @Test
    void aUseridLongerThanItsColumnFailsNamingIt() {
        String userid = "u".repeat(60) + "-0153245227".repeat(10); // 170 characters; users.userid holds 128

        assertThatThrownBy(() -> mapper(PiiPolicy.KEEP, PiiPolicy.KEEP, PiiPolicy.KEEP, null)
                .listing(42L, user(userid, "张三", "技术总监", "未来park", null, null)))
                .isInstanceOf(InvalidDingTalkDataException.class)
                .hasMessageContaining("department 42").hasMessageContaining(userid.substring(0, 64))
                .hasMessageContaining("170 characters").hasMessageContaining("users.userid holds 128");
    }
}
