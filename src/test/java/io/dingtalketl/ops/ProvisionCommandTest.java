package io.dingtalketl.ops;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code provision} command's arguments: anything it does not take is refused, saying what it takes. */
class ProvisionCommandTest {

    private final ProvisionCommand command = new ProvisionCommand(null, null, null, null, null, null, null);

    @Test
    void unknownArgumentsAreRefusedNamingTheOnesItTakes() {
        assertThatThrownBy(() -> command.run(List.of("apply=yes"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown argument 'apply=yes'. provision takes apply=true, plan=<id> and allowMassDelete=true.");
        assertThatThrownBy(() -> command.run(List.of("plan=seven"))).hasMessageContaining("Unknown argument 'plan=seven'");
    }

    @Test
    void loadNeedsBothReadableFiles(@TempDir Path dir) {
        assertThatThrownBy(() -> command.run(List.of("load", "departments=" + dir.resolve("none.csv"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("departments: cannot read ")
                .hasMessageContaining("none.csv");
        assertThatThrownBy(() -> command.run(List.of("load"))).hasMessage(
                "provision load needs both departments=<csv file> and employees=<csv file>.");
        assertThatThrownBy(() -> command.run(List.of("load", "people=x.csv"))).hasMessageContaining("Unknown argument 'people=x.csv'");
    }
}
