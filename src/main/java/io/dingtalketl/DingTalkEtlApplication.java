package io.dingtalketl;

import io.dingtalketl.ops.CommandLineUsage;
import io.dingtalketl.ops.OperatorApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DingTalkEtlApplication {

    public static void main(String[] args) {
        if (CommandLineUsage.helpOnly(args)) {
            System.out.println(CommandLineUsage.TEXT);   // answers at once: no application context for the usage
            return;
        }
        String[] expanded = CommandLineUsage.expand(args);
        // list, stop and abandon need the job repository only: a small context of their own, without the
        // DingTalk client, the simulator, the jobs, the reports and the warehouse migrations
        Class<?> application = DingTalkEtlApplication.class;
        if (OperatorApplication.serves(expanded)) {
            application = OperatorApplication.class;
            // Boot would warm up Jackson and Bean Validation in a background thread: that context uses neither
            System.setProperty("spring.backgroundpreinitializer.ignore", "true");
        }
        // SpringApplication.exit carries the job's exit code (FAILED -> non-zero) to the shell.
        System.exit(SpringApplication.exit(SpringApplication.run(application, expanded)));
    }
}
