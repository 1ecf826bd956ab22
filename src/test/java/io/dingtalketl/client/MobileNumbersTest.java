package io.dingtalketl.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MobileNumbersTest {

    @Test
    void aMainlandNumberIsItsElevenDigitsWhateverTheWriterAdded() {
        for (String written : new String[] {"18513027676", " 185 1302 7676 ", "185-1302-7676", "+86 185 1302 7676",
                "+86-18513027676", "0086 18513027676", "8618513027676", "(+86) 185.1302.7676"}) {
            assertThat(MobileNumbers.dingTalkForm(written)).as(written).isEqualTo("18513027676");
        }
    }

    @Test
    void anInternationalNumberKeepsItsCountryCodeAsDingTalkWritesIt() {
        assertThat(MobileNumbers.dingTalkForm("+852-6123 4567")).isEqualTo("+852-61234567");
        assertThat(MobileNumbers.dingTalkForm("+1-(415) 555-0100")).isEqualTo("+1-4155550100");
        assertThat(MobileNumbers.dingTalkForm("+85261234567")).as("no split given: digits only").isEqualTo("+85261234567");
    }

    @Test
    void blankIsNoNumberAndOtherDigitsLoseOnlyTheirSeparators() {
        assertThat(MobileNumbers.dingTalkForm(null)).isNull();
        assertThat(MobileNumbers.dingTalkForm("  ")).isNull();
        assertThat(MobileNumbers.dingTalkForm("021-6234 5678")).isEqualTo("02162345678");
    }
}
