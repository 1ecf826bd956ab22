package io.dingtalketl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DingTalkEtlApplication {

    public static void main(String[] args) {
        // SpringApplication.exit carries the job's exit code (FAILED -> non-zero) to the shell.
        System.exit(SpringApplication.exit(SpringApplication.run(DingTalkEtlApplication.class, args)));
    }
}
