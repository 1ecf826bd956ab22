/**
 * Provisioning: the HR master ({@code hr_department}, {@code hr_employee}, {@code hr_employee_department}) written
 * back to DingTalk. {@link io.dingtalketl.provision.Provisioning} computes and stores a plan (the HR master minus
 * what the warehouse says DingTalk holds); {@code provisionJob} applies a stored plan one write at a time, each
 * item's status committed right after its call, and records every entity it changed in the event inbox so that
 * the event sync brings DingTalk's new state into the warehouse.
 */
@NullMarked
package io.dingtalketl.provision;

import org.jspecify.annotations.NullMarked;
