package io.dingtalketl;

import io.dingtalketl.ops.CommandLineUsage;
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
        // SpringApplication.exit carries the job's exit code (FAILED -> non-zero) to the shell.
        System.exit(SpringApplication.exit(SpringApplication.run(DingTalkEtlApplication.class, CommandLineUsage.expand(args))));
    }
}
