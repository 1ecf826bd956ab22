/**
 * An embedded stand-in for DingTalk's server, used by the demo job (no credentials needed), the
 * end-to-end tests and the benchmark.
 *
 * <ul>
 *   <li>{@link io.dingtalketl.simulator.SimulatedOrg} is the organization: generated from an
 *       {@link io.dingtalketl.simulator.OrgSpec}, changed by tests (directly or one
 *       {@link io.dingtalketl.simulator.ChangeSpec working day} at a time), and snapshotted as
 *       {@link io.dingtalketl.simulator.OrgTruth}, the warehouse's expected content.</li>
 *   <li>{@link io.dingtalketl.simulator.DingTalkSimulator} serves it over HTTP like
 *       {@code oapi.dingtalk.com}: tokens, per-API QPS limits, latency, scope and permission errors,
 *       injected {@link io.dingtalketl.simulator.Fault faults}, and a call log for asserting what the
 *       client did.</li>
 * </ul>
 *
 * Depends only on the JDK ({@code com.sun.net.httpserver}) and Jackson.
 */
package io.dingtalketl.simulator;
