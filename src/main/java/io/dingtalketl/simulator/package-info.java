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
 *   <li>{@link io.dingtalketl.simulator.CallbackPusher} pushes the org's contact events to an HTTP callback URL
 *       the way DingTalk does (encrypted, signed), with duplicates, reordering, delays and failed pushes, which
 *       the simulator then serves from {@code call_back/get_call_back_failed_result}.</li>
 *   <li>The org's attendance ({@link io.dingtalketl.simulator.PunchResult punch results},
 *       {@link io.dingtalketl.simulator.Punch punches}, {@link io.dingtalketl.simulator.LeaveInterval leaves}) is
 *       derived from its seed, each user and each day, served by {@code attendance/list}, {@code listRecord} and
 *       {@code getleavestatus} with DingTalk's limits, and can be corrected as an approval would; these APIs and
 *       {@code asyncsend_v2} count toward a monthly call quota (90020) that tests can set.</li>
 *   <li>The contacts write APIs (department and user create/update/delete, role groups, roles and role
 *       assignment) change the org with DingTalk's rules and errcodes, raise the contact events of their
 *       changes, and answer 60011 while {@link io.dingtalketl.simulator.DingTalkSimulator#denyWrites()} is in
 *       force; the roles created are in {@link io.dingtalketl.simulator.SimulatedOrg#roles()}.</li>
 * </ul>
 *
 * Depends only on the JDK ({@code com.sun.net.httpserver}, {@code java.net.http}), Jackson and the DingTalk
 * client's protocol classes ({@link io.dingtalketl.client.DingTalkEndpoint},
 * {@link io.dingtalketl.client.CallbackCrypto}).
 */
package io.dingtalketl.simulator;
