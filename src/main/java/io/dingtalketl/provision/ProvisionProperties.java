package io.dingtalketl.provision;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of provisioning ({@code etl.provision.*}).
 *
 * @param maxDeleteRatio a plan whose department deletions exceed this share of the warehouse's current departments,
 *                       or whose user deactivations exceed this share of its current users, is not applied unless
 *                       the command says {@code allowMassDelete=true} (as {@code etl.publish.max-delete-ratio} guards
 *                       the org sync's publish)
 * @param printedItems   how many items of a plan the {@code provision} command prints (all are stored)
 * @param rootDeptId     the DingTalk department an HR department without a parent is created under
 * @param identitySystem the system the HR employees are loaded under for identity matching ({@code accounts load
 *                       system=…}, account id = HR id): its current links in {@code map_account_user} link employees
 *                       to DingTalk users first
 */
@Validated
@ConfigurationProperties("etl.provision")
public record ProvisionProperties(@DefaultValue("0.10") @DecimalMin("0.0") @DecimalMax("1.0") double maxDeleteRatio,
                                  @DefaultValue("20") @Min(0) int printedItems,
                                  @DefaultValue("1") @Min(1) long rootDeptId,
                                  @DefaultValue("hr") @NotBlank String identitySystem) {
}
